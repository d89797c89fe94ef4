using RedStation.Data.Persistence;

namespace RedStation.Data.Analytics;

/// <summary>
/// The few statements of <see cref="AnalyticsService"/> written as SQL, once for both engines with what they do
/// differently from <see cref="DatabaseDialect"/>. Parameters: <c>@to</c> (UTC). The big tables are not read here:
/// trends, peak times and station figures come from the day summaries, people figures from the <see cref="SessionLedger"/>.
/// </summary>
internal sealed class AnalyticsSql(DatabaseDialect dialect)
{
    /// <summary>Volunteers count in the district they reported to; registered means by the end of the period.</summary>
    public string RegisteredByDistrict =>
        $"""
        SELECT c."DistrictId" AS "DistrictId", {dialect.Count("*")} AS "Count"
        FROM "Volunteers" AS v JOIN "Communities" AS c ON c."Id" = v."CommunityId"
        WHERE v."RegisteredAt" < @to
        GROUP BY c."DistrictId"
        """;

    /// <summary>Team memberships (the many-to-many join table has no entity of its own).</summary>
    public const string Memberships = "SELECT \"MembersId\" AS \"VolunteerId\", \"TeamsId\" AS \"TeamId\" FROM \"VolunteerTeams\"";
}
