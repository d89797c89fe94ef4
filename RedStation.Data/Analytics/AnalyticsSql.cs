namespace RedStation.Data.Analytics;

/// <summary>
/// The aggregation queries of <see cref="AnalyticsService"/>, apart so that tests can check their query plans. Parameters:
/// <c>$from</c>, <c>$to</c> (UTC, as stored), <c>$now</c>, and <c>$stations</c> (a JSON array) when the clause narrows to stations.
/// </summary>
internal static class AnalyticsSql
{
    /// <summary>Narrows a query to a set of stations; constant text, the ids travel as one JSON parameter.</summary>
    public const string StationClause = "AND StationId IN (SELECT value FROM json_each($stations))";

    public static string SessionsByHour(string stationClause) =>
        $"""
        SELECT substr(CheckedInAt, 1, 13) AS Hour, COUNT(*) AS CheckIns,
        TOTAL(julianday(COALESCE(CheckedOutAt, $now)) - julianday(CheckedInAt)) * 24.0 AS Hours
        FROM DutySessions WHERE CheckedInAt >= $from AND CheckedInAt < $to {stationClause}
        GROUP BY Hour
        """;

    public static string ActivitiesByHour(string stationClause) =>
        $"""
        SELECT substr(StartsAt, 1, 13) AS Hour, COUNT(*) AS Activities, TOTAL(Attendance) AS Attendance
        FROM Activities WHERE StartsAt >= $from AND StartsAt < $to {stationClause}
        GROUP BY Hour
        """;

    public static string CheckInsByHour(string stationClause) =>
        $"""
        SELECT substr(CheckedInAt, 1, 13) AS Hour, COUNT(*) AS Total, COUNT(*) AS Samples
        FROM DutySessions WHERE CheckedInAt >= $from AND CheckedInAt < $to {stationClause}
        GROUP BY Hour
        """;

    public static string HeadCountByHour(string stationClause) =>
        $"""
        SELECT substr(At, 1, 13) AS Hour, TOTAL(Count) AS Total, COUNT(*) AS Samples
        FROM OccupancyChanges WHERE At >= $from AND At < $to {stationClause}
        GROUP BY Hour
        """;

    public static string SessionsByStation(string stationClause) =>
        $"""
        SELECT StationId, COUNT(*) AS CheckIns,
        TOTAL(julianday(COALESCE(CheckedOutAt, $now)) - julianday(CheckedInAt)) * 24.0 AS Hours
        FROM DutySessions WHERE CheckedInAt >= $from AND CheckedInAt < $to {stationClause}
        GROUP BY StationId
        """;

    public static string ActivitiesByStation(string stationClause) =>
        $"""
        SELECT StationId, COUNT(*) AS Activities, TOTAL(Attendance) AS Attendance
        FROM Activities WHERE StartsAt >= $from AND StartsAt < $to {stationClause}
        GROUP BY StationId
        """;

    public static string SessionsByVolunteer(string stationClause) =>
        $"""
        SELECT s.VolunteerId, v.Name, d.Name AS DistrictName, d.NameEn AS DistrictNameEn, s.Sessions, s.Hours, s.Stations
        FROM (SELECT VolunteerId, COUNT(*) AS Sessions, COUNT(DISTINCT StationId) AS Stations,
        TOTAL(julianday(COALESCE(CheckedOutAt, $now)) - julianday(CheckedInAt)) * 24.0 AS Hours
        FROM DutySessions WHERE CheckedInAt >= $from AND CheckedInAt < $to {stationClause}
        GROUP BY VolunteerId) AS s
        JOIN Volunteers AS v ON v.Id = s.VolunteerId
        JOIN Communities AS c ON c.Id = v.CommunityId
        JOIN Districts AS d ON d.Id = c.DistrictId
        """;

    /// <summary>Volunteers count in the district they reported to; registered means by the end of the period.</summary>
    public const string RegisteredByDistrict =
        """
        SELECT c.DistrictId AS DistrictId, COUNT(*) AS Count
        FROM Volunteers AS v JOIN Communities AS c ON c.Id = v.CommunityId
        WHERE v.RegisteredAt < $to
        GROUP BY c.DistrictId
        """;

    public static string ServedByDistrict(string stationClause) =>
        $"""
        SELECT c.DistrictId AS DistrictId, COUNT(*) AS Count
        FROM (SELECT DISTINCT VolunteerId FROM DutySessions WHERE CheckedInAt >= $from AND CheckedInAt < $to {stationClause}) AS s
        JOIN Volunteers AS v ON v.Id = s.VolunteerId JOIN Communities AS c ON c.Id = v.CommunityId
        GROUP BY c.DistrictId
        """;

    public static IEnumerable<(string Name, string Sql)> All(string stationClause) =>
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
