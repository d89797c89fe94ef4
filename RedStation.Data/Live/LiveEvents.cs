using System.Text.Json.Serialization;
using RedStation.Data.Entities;

namespace RedStation.Data.Live;

/// <summary>
/// Something that happened at a station, raised by a domain write only after its transaction
/// committed. <see cref="Sequence"/> increases strictly in commit order across the server.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(VolunteerCheckedIn), nameof(VolunteerCheckedIn))]
[JsonDerivedType(typeof(VolunteerCheckedOut), nameof(VolunteerCheckedOut))]
[JsonDerivedType(typeof(DutyUndone), nameof(DutyUndone))]
[JsonDerivedType(typeof(ActivityLogged), nameof(ActivityLogged))]
[JsonDerivedType(typeof(ActivityEnded), nameof(ActivityEnded))]
[JsonDerivedType(typeof(OccupancyChanged), nameof(OccupancyChanged))]
[JsonDerivedType(typeof(WishChanged), nameof(WishChanged))]
[JsonDerivedType(typeof(MediationChanged), nameof(MediationChanged))]
[JsonDerivedType(typeof(AlertRaised), nameof(AlertRaised))]
[JsonDerivedType(typeof(AlertCleared), nameof(AlertCleared))]
[JsonDerivedType(typeof(AlertAcknowledged), nameof(AlertAcknowledged))]
[JsonDerivedType(typeof(AlertSilenceChanged), nameof(AlertSilenceChanged))]
[JsonDerivedType(typeof(StationChanged), nameof(StationChanged))]
[JsonDerivedType(typeof(CatalogChanged), nameof(CatalogChanged))]
[JsonDerivedType(typeof(SettingChanged), nameof(SettingChanged))]
public abstract record LiveEvent
{
    public long Sequence { get; init; }
    public required int StationId { get; init; }
    public required int DistrictId { get; init; }

    /// <summary>When it happened (UTC).</summary>
    public required DateTime At { get; init; }
}

public sealed record VolunteerCheckedIn(long SessionId, int VolunteerId, string VolunteerName) : LiveEvent;

public sealed record VolunteerCheckedOut(long SessionId, int VolunteerId, string VolunteerName, DateTime CheckedInAt) : LiveEvent
{
    public double Hours => Math.Round((At - CheckedInAt).TotalHours, 2);
}

/// <summary>What a duty-desk undo takes back.</summary>
public enum DutyAction
{
    CheckIn,
    CheckOut,
}

/// <summary>
/// A check-in taken back (the session is gone) or a check-out taken back (the session is open again).
/// <paramref name="CheckedOutAt"/> is the check-out that was undone, if that is what was undone.
/// </summary>
public sealed record DutyUndone(long SessionId, int VolunteerId, string VolunteerName, DutyAction Undone, DateTime CheckedInAt, DateTime? CheckedOutAt) : LiveEvent
{
    /// <summary>
    /// True for an event this undo takes back, which no feed may show any more: the undone check-out, or the undone
    /// check-in (and a check-out of the same session, had there been one).
    /// </summary>
    public bool TakesBack(LiveEvent liveEvent) => liveEvent switch
    {
        VolunteerCheckedIn e => Undone == DutyAction.CheckIn && e.SessionId == SessionId,
        VolunteerCheckedOut e => e.SessionId == SessionId,
        _ => false,
    };
}

public sealed record ActivityLogged(long ActivityId, int ActivityTypeId, string Title, DateTime StartsAt, DateTime EndsAt, int Attendance) : LiveEvent;

public sealed record ActivityEnded(long ActivityId, int ActivityTypeId, string Title, DateTime StartsAt, int Attendance, int PreviousAttendance) : LiveEvent;

public sealed record OccupancyChanged(int Count, int Delta, int Capacity) : LiveEvent;

public sealed record WishChanged(long WishId, WishStatus Status, WishStatus? PreviousStatus, WishCategory Category, string Title, int? VolunteerId) : LiveEvent;

public sealed record MediationChanged(long CaseId, MediationStatus Status, MediationStatus? PreviousStatus, MediationCategory Category) : LiveEvent;

/// <summary>
/// An alert opened: its rule had held for the rule's minimum. <paramref name="Value"/> and <paramref name="Limit"/> are in
/// the rule's unit (see <see cref="Alerts.AlertRuleDefaults.UnitOf"/>; head-count against the count that is "full" for over-capacity).
/// </summary>
public sealed record AlertRaised(long AlertId, AlertRule Rule, long SubjectId, int Value, int Limit, DateTime HoldingSince) : LiveEvent;

/// <summary>An alert closed by itself: its rule stopped holding (or was switched off).</summary>
public sealed record AlertCleared(long AlertId, AlertRule Rule, long SubjectId, DateTime OpenedAt) : LiveEvent;

/// <summary>Someone saw an alert and took it on.</summary>
public sealed record AlertAcknowledged(long AlertId, AlertRule Rule, string By) : LiveEvent;

/// <summary>
/// A rule at a station snoozed (until <paramref name="Until"/>), muted (<paramref name="Until"/> null) or, with
/// <paramref name="Lifted"/>, un-silenced. Applied to every server's live state, so that every server leaves the same
/// groups out; like the alert events it neither enters the ticker nor counts as activity. Not sent to hub clients.
/// </summary>
public sealed record AlertSilenceChanged(long SilenceId, AlertRule Rule, DateTime? Until, string Reason, string By, bool Lifted) : LiveEvent;

/// <summary>
/// A station created or edited in Management: what every screen shows of it (name, kind, status, capacity, hours).
/// <see cref="LiveEvent.DistrictId"/> is its district after the change.
/// </summary>
public sealed record StationChanged(string Code, string Name, StationKind Kind, StationStatus Status, int Capacity, TimeOnly OpensAt, TimeOnly ClosesAt, StationStatus? PreviousStatus) : LiveEvent
{
    /// <summary>Where the station is (degrees), for the map.</summary>
    public double Latitude { get; init; }

    /// <inheritdoc cref="Latitude"/>
    public double Longitude { get; init; }
}

/// <summary>What a <see cref="CatalogChanged"/> event renamed or created.</summary>
public enum CatalogKind
{
    ActivityType,
    Team,
    Volunteer,
}

/// <summary>
/// An activity type, team or volunteer created or edited in Management: the names live screens show.
/// Not about one station: <see cref="LiveEvent.StationId"/> and <see cref="LiveEvent.DistrictId"/> are 0.
/// </summary>
public sealed record CatalogChanged(CatalogKind Kind, int Id, string Name, string? NameEn) : LiveEvent;

/// <summary>What a <see cref="SettingChanged"/> event is about.</summary>
public enum SettingKind
{
    /// <summary>An integration key created or revoked (<see cref="SettingChanged.SubjectId"/>: the key).</summary>
    IntegrationKey,

    /// <summary>A display token created or revoked (the token).</summary>
    DisplayToken,

    /// <summary>A display token's playlist set (the token).</summary>
    DisplayPlaylist,

    /// <summary>An alert rule's settings saved (the rule).</summary>
    AlertRule,

    /// <summary>A person's account, roles or stations changed (0: people are keyed by text ids).</summary>
    Person,

    /// <summary>A contact point (where alerts are sent) added, changed or removed (the contact point).</summary>
    ContactPoint,

    /// <summary>The programme's historical baseline, or a station's, saved or removed (0): the cumulative figures are re-read.</summary>
    ProgrammeBaseline,
}

/// <summary>
/// A setting that servers act on changed: credentials (keys, display tokens, people's roles), a wall's playlist, an alert
/// rule's settings. An ordinary live event, raised inside its write and published after the commit, so it is ordered with
/// every other event and reaches the other servers through the same relay: every server drops its credential cache, walls
/// reload their playlist, the alert monitor re-reads its settings. Not about one station (<see cref="LiveEvent.StationId"/>
/// and <see cref="LiveEvent.DistrictId"/> are 0); it changes nothing on screen by itself and is not sent to hub clients.
/// </summary>
public sealed record SettingChanged(SettingKind Kind, long SubjectId) : LiveEvent
{
    public static SettingChanged Of(SettingKind kind, long subjectId, DateTime at) => new(kind, subjectId) { StationId = 0, DistrictId = 0, At = at };
}

/// <summary>Receives committed events, in sequence order, on the writer's thread: it must be quick.</summary>
public interface ILiveEventSink
{
    void Publish(IReadOnlyList<LiveEvent> events);
}
