using System.ComponentModel;
using System.Text.Json.Serialization;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Api;

// Request bodies refuse fields they do not have (a typo such as "atendance" would otherwise be silently dropped);
// numbers must be JSON numbers and instants carry an offset (ApiExtensions). Every refusal names the field.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CheckInRequest([property: Description("The volunteer's id, a JSON number.")] int? VolunteerId);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LogActivityBody(
    [property: Description("The activity type's code (e.g. weekend-lecture) or id.")] string? Type,
    string? Title,
    [property: Description(LogActivityBody.InstantDescription)] DateTimeOffset? StartsAt,
    [property: Description(LogActivityBody.InstantDescription)] DateTimeOffset? EndsAt,
    [property: Description("How many took part, a JSON number from 0.")] int? Attendance,
    string? Organiser,
    string? Notes)
{
    public const string InstantDescription = "An instant with its UTC offset, e.g. 2026-05-01T09:00:00+08:00; one without an offset is refused.";
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OccupancyRequest([property: Description("The head-count now, a JSON number from 0.")] int? Count);

public sealed record DutySessionResource(long Id, int StationId, int VolunteerId, DateTime CheckedInAt, DateTime? CheckedOutAt, double? Hours)
{
    public static DutySessionResource From(DutySession session) => new(
        session.Id, session.StationId, session.VolunteerId, session.CheckedInAt, session.CheckedOutAt,
        session.CheckedOutAt is { } outAt ? Math.Round((outAt - session.CheckedInAt).TotalHours, 2) : null);
}

public sealed record ActivityResource(long Id, int StationId, int ActivityTypeId, string Title, DateTime StartsAt, DateTime EndsAt, DateTime? EndedAt, int Attendance, string? Organiser, string? Notes)
{
    public static ActivityResource From(Activity activity) => new(
        activity.Id, activity.StationId, activity.ActivityTypeId, activity.Title, activity.StartsAt, activity.EndsAt,
        activity.EndedAt, activity.Attendance, activity.Organiser, activity.Notes);
}

public sealed record OccupancyResource(long Id, int StationId, int Count, int Delta, DateTime At)
{
    public static OccupancyResource From(OccupancyChange change) => new(change.Id, change.StationId, change.Count, change.Delta, change.At);
}

/// <summary>A station with what is happening there now.</summary>
public sealed record StationResource(
    int Id,
    string Code,
    string Name,
    int DistrictId,
    string DistrictName,
    string CommunityName,
    StationKind Kind,
    StationStatus Status,
    double FloorArea,
    int Capacity,
    int Occupancy,
    TimeOnly OpensAt,
    TimeOnly ClosesAt,
    string? HostUnit,
    int? VolunteersOnDuty,
    int? OpenWishes,
    TodayCounts? Today)
{
    public static StationResource From(StationRow row, StationLive? live) => new(
        row.Id, row.Code, row.Name, row.DistrictId, row.DistrictName, row.CommunityName, row.Kind, row.Status,
        row.FloorArea, row.Capacity, live?.Occupancy ?? row.Occupancy, row.OpensAt, row.ClosesAt, row.HostUnit,
        live?.OnDuty.Count, live?.OpenWishes, live?.Today);
}

public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize);

/// <summary>An open alert group: the open alerts of one rule at one station, as an organiser acts on them.</summary>
public sealed record AlertGroupResource(
    [property: Description("The group's id, {rule}-{stationId}, e.g. wish-unclaimed-17; stable while any of its alerts is open.")] string Id,
    AlertRule Rule,
    AlertSeverity Severity,
    int StationId,
    string? StationName,
    int DistrictId,
    [property: Description("How many open alerts (wishes, cases; 1 for a station rule) the group holds.")] int Count,
    [property: Description("When the oldest condition began (a wish passed its limit, a station opened with nobody on duty).")] DateTime Since,
    [property: Description("The oldest's figure now, in the rule's unit: days waited, minutes with nobody on duty, hours quiet, or the head-count.")] int OldestAge,
    [property: Description("The rule's limit, in the same unit.")] int Limit,
    AlertUnit Unit,
    [property: Description("Every alert of the group acknowledged; a new one joining makes it false again.")] bool Acknowledged,
    string? AcknowledgedBy)
{
    public static AlertGroupResource From(AlertGroup group, DateTime utcNow, string? stationName) => new(
        group.Id, group.Rule, group.Severity, group.StationId, stationName, group.DistrictId, group.Count, group.Since,
        group.ValueAt(utcNow), group.Limit, AlertRuleDefaults.UnitOf(group.Rule), group.IsAcknowledged, group.AcknowledgedBy);
}
