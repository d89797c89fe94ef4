using System.Text.Json.Serialization;
using RedStation.Data.Entities;

namespace RedStation.Data.Live;

/// <summary>Which part of the network a screen or hub client watches.</summary>
public readonly record struct LiveScope(int? DistrictId, int? StationId)
{
    public static readonly LiveScope All = new(null, null);

    public static LiveScope District(int id) => new(id, null);

    public static LiveScope Station(int id) => new(null, id);

    public bool Includes(int stationId, int districtId) =>
        (StationId is null || StationId == stationId) && (DistrictId is null || DistrictId == districtId);

    /// <summary>Parses a hub topic: <c>all</c>, <c>district:{id}</c> or <c>station:{id}</c>.</summary>
    public static bool TryParse(string? topic, out LiveScope scope)
    {
        scope = All;
        if (string.Equals(topic, "all", StringComparison.Ordinal))
        {
            return true;
        }

        var parts = topic?.Split(':', 2);
        if (parts is not [var kind, var idText] || !int.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return false;
        }

        scope = kind switch
        {
            "district" => District(id),
            "station" => Station(id),
            _ => default,
        };
        return kind is "district" or "station";
    }

    public override string ToString() => this switch
    {
        { StationId: { } s } => $"station:{s}",
        { DistrictId: { } d } => $"district:{d}",
        _ => "all",
    };
}

public sealed record OnDutyVolunteer(int VolunteerId, string Name, DateTime Since);

/// <summary>What happened at a station (or in a scope) today, in the city's day.</summary>
public sealed record TodayCounts(
    int CheckIns,
    int CheckOuts,
    int Activities,
    int Attendance,
    int WishesPosted,
    int WishesClaimed,
    int WishesFulfilled,
    int CasesOpened,
    int CasesResolved);

public sealed record StationLive(
    int StationId,
    int DistrictId,
    string Code,
    string Name,
    StationKind Kind,
    StationStatus Status,
    int Capacity,
    TimeOnly OpensAt,
    TimeOnly ClosesAt,
    int Occupancy,
    IReadOnlyList<OnDutyVolunteer> OnDuty,
    int OpenWishes,
    int ClaimedWishes,
    int OpenCases,
    DateTime? LastEventAt,
    TodayCounts Today)
{
    /// <summary>Head-count as a share of capacity (1.0 = full).</summary>
    public double Fullness => Capacity > 0 ? (double)Occupancy / Capacity : 0;

    /// <summary>Where the station is (degrees), for the map. Not positional, so that existing constructions stand.</summary>
    public double Latitude { get; init; }

    /// <inheritdoc cref="Latitude"/>
    public double Longitude { get; init; }

    /// <summary>
    /// The station's latest check-out (any day): when nobody on duty began, for the alert rule. Server-side only (not
    /// sent to hub clients); an undone check-out keeps its instant until the next check-out moves it on.
    /// </summary>
    [JsonIgnore]
    public DateTime? LastCheckOutAt { get; init; }
}

public sealed record DistrictLive(int DistrictId, string Name, string NameEn, int StationsOpen, int VolunteersOnDuty, int Occupancy, TodayCounts Today) : IBilingualName;

public sealed record NetworkTotals(
    int RedStationsPlanned,
    int RedStationsOpen,
    int SharedVenuesOpen,
    int VolunteersOnDuty,
    int Occupancy,
    int OpenWishes,
    int ClaimedWishes,
    int OpenCases,
    int CasesResolvedThisMonth,
    TodayCounts Today);

public sealed record ActivityTypeCount(int ActivityTypeId, string Name, string NameEn, int Count, int Attendance) : IBilingualName;

/// <summary>Head-count per station for each hour of today so far: the highest count in that hour.</summary>
public sealed record OccupancyHeatRow(int StationId, string Name, int Capacity, IReadOnlyList<int> PeakByHour);

/// <summary>An open alert, as every screen shows it.</summary>
public sealed record AlertLive(
    long AlertId,
    AlertRule Rule,
    int StationId,
    int DistrictId,
    long SubjectId,
    int Value,
    int Limit,
    DateTime HoldingSince,
    DateTime OpenedAt,
    DateTime? AcknowledgedAt,
    string? AcknowledgedBy)
{
    public AlertKey Key => new(Rule, StationId, SubjectId);
}

/// <summary>A rule at a station left out of the open lists: snoozed until <see cref="Until"/>, or muted (null) until lifted.</summary>
public sealed record AlertSilenceLive(long SilenceId, AlertRule Rule, int StationId, int DistrictId, DateTime? Until, string Reason, string By, DateTime At)
{
    public bool IsActiveAt(DateTime utcNow) => Until is null || Until > utcNow;
}

/// <summary>What makes an alert the same alert: its rule, its station and its wish or case (0 for a station rule).</summary>
public readonly record struct AlertKey(AlertRule Rule, int StationId, long SubjectId);

/// <summary>
/// The live state of a scope at one <see cref="Sequence"/>: what every screen shows, equal to
/// what the database says once every event up to that sequence has been applied.
/// </summary>
public sealed record LiveSnapshot(
    long Sequence,
    DateOnly Day,
    LiveScope Scope,
    NetworkTotals Totals,
    IReadOnlyList<StationLive> Stations,
    IReadOnlyList<DistrictLive> Districts,
    IReadOnlyList<int> CheckInsByHour,
    IReadOnlyList<double> CheckInsByHourWeekAverage,
    IReadOnlyList<ActivityTypeCount> ActivitiesByType,
    IReadOnlyList<LiveEvent> Recent,
    IReadOnlyList<AlertLive> Alerts)
{
    /// <summary>
    /// True on a snapshot the hub pushes because the server's live state was rebuilt from the database (start, a new
    /// city day, Redis back, a gap): a client replaces its state with it, whatever it held.
    /// </summary>
    public bool Resync { get; init; }
}
