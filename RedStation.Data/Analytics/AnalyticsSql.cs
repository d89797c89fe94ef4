using RedStation.Data.Persistence;

namespace RedStation.Data.Analytics;

/// <summary>
/// The aggregation queries of <see cref="AnalyticsService"/>, apart so that tests can check their query plans; written once,
/// with what the engines do differently from <see cref="DatabaseDialect"/>. Parameters: <c>@from</c>, <c>@to</c> (UTC),
/// <c>@now</c>, and <c>@stations</c> when the clause narrows to stations. Rows are grouped by the UTC hour; the city's days,
/// weeks and weekday × hour cells are made from those hours with <see cref="Time.CityClock"/>.
/// </summary>
internal sealed class AnalyticsSql(DatabaseDialect dialect)
{
    /// <summary>Narrows a query to a set of stations; constant text, the ids travel as one parameter.</summary>
    public string StationClause { get; } = "AND " + dialect.InIds("\"StationId\"", "@stations");

    private string CheckIns => dialect.Count("*");

    private string HoursOnDuty => dialect.SumOfHours("\"CheckedInAt\"", "COALESCE(\"CheckedOutAt\", @now)");

    public string SessionsByHour(string stationClause) =>
        $"""
        SELECT {dialect.UtcHour("\"CheckedInAt\"")} AS "Hour", {CheckIns} AS "CheckIns", {HoursOnDuty} AS "Hours"
        FROM "DutySessions" WHERE "CheckedInAt" >= @from AND "CheckedInAt" < @to {stationClause}
        GROUP BY 1
        """;

    public string ActivitiesByHour(string stationClause) =>
        $"""
        SELECT {dialect.UtcHour("\"StartsAt\"")} AS "Hour", {dialect.Count("*")} AS "Activities", {dialect.Total("\"Attendance\"")} AS "Attendance"
        FROM "Activities" WHERE "StartsAt" >= @from AND "StartsAt" < @to {stationClause}
        GROUP BY 1
        """;

    public string CheckInsByHour(string stationClause) =>
        $"""
        SELECT {dialect.UtcHour("\"CheckedInAt\"")} AS "Hour", {dialect.Total("1")} AS "Total", {dialect.Total("1")} AS "Samples"
        FROM "DutySessions" WHERE "CheckedInAt" >= @from AND "CheckedInAt" < @to {stationClause}
        GROUP BY 1
        """;

    public string HeadCountByHour(string stationClause) =>
        $"""
        SELECT {dialect.UtcHour("\"At\"")} AS "Hour", {dialect.Total("\"Count\"")} AS "Total", {dialect.Total("1")} AS "Samples"
        FROM "OccupancyChanges" WHERE "At" >= @from AND "At" < @to {stationClause}
        GROUP BY 1
        """;

    public string SessionsByStation(string stationClause) =>
        $"""
        SELECT "StationId", {CheckIns} AS "CheckIns", {HoursOnDuty} AS "Hours"
        FROM "DutySessions" WHERE "CheckedInAt" >= @from AND "CheckedInAt" < @to {stationClause}
        GROUP BY "StationId"
        """;

    public string ActivitiesByStation(string stationClause) =>
        $"""
        SELECT "StationId", {dialect.Count("*")} AS "Activities", {dialect.Total("\"Attendance\"")} AS "Attendance"
        FROM "Activities" WHERE "StartsAt" >= @from AND "StartsAt" < @to {stationClause}
        GROUP BY "StationId"
        """;

    public string SessionsByVolunteer(string stationClause) =>
        $"""
        SELECT s."VolunteerId", v."Name", d."Name" AS "DistrictName", d."NameEn" AS "DistrictNameEn", s."Sessions", s."Hours", s."Stations"
        FROM (SELECT "VolunteerId", {CheckIns} AS "Sessions", {dialect.Count("DISTINCT \"StationId\"")} AS "Stations", {HoursOnDuty} AS "Hours"
        FROM "DutySessions" WHERE "CheckedInAt" >= @from AND "CheckedInAt" < @to {stationClause}
        GROUP BY "VolunteerId") AS s
        JOIN "Volunteers" AS v ON v."Id" = s."VolunteerId"
        JOIN "Communities" AS c ON c."Id" = v."CommunityId"
        JOIN "Districts" AS d ON d."Id" = c."DistrictId"
        """;

    /// <summary>Volunteers count in the district they reported to; registered means by the end of the period.</summary>
    public string RegisteredByDistrict =>
        $"""
        SELECT c."DistrictId" AS "DistrictId", {dialect.Count("*")} AS "Count"
        FROM "Volunteers" AS v JOIN "Communities" AS c ON c."Id" = v."CommunityId"
        WHERE v."RegisteredAt" < @to
        GROUP BY c."DistrictId"
        """;

    public string ServedByDistrict(string stationClause) =>
        $"""
        SELECT c."DistrictId" AS "DistrictId", {dialect.Count("*")} AS "Count"
        FROM (SELECT DISTINCT "VolunteerId" FROM "DutySessions" WHERE "CheckedInAt" >= @from AND "CheckedInAt" < @to {stationClause}) AS s
        JOIN "Volunteers" AS v ON v."Id" = s."VolunteerId" JOIN "Communities" AS c ON c."Id" = v."CommunityId"
        GROUP BY c."DistrictId"
        """;

    /// <summary>Team memberships (the many-to-many join table has no entity of its own).</summary>
    public const string Memberships = "SELECT \"MembersId\" AS \"VolunteerId\", \"TeamsId\" AS \"TeamId\" FROM \"VolunteerTeams\"";

    public IEnumerable<(string Name, string Sql)> All(string stationClause) =>
    [
        (nameof(SessionsByHour), SessionsByHour(stationClause)),
        (nameof(ActivitiesByHour), ActivitiesByHour(stationClause)),
        (nameof(CheckInsByHour), CheckInsByHour(stationClause)),
        (nameof(HeadCountByHour), HeadCountByHour(stationClause)),
        (nameof(SessionsByStation), SessionsByStation(stationClause)),
        (nameof(ActivitiesByStation), ActivitiesByStation(stationClause)),
        (nameof(SessionsByVolunteer), SessionsByVolunteer(stationClause)),
        (nameof(RegisteredByDistrict), RegisteredByDistrict),
        (nameof(ServedByDistrict), ServedByDistrict(stationClause)),
    ];
}
