using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;

namespace RedStation.Data.Analytics;

/// <summary>Rankings: stations (the month and day summaries), volunteers and teams (the <see cref="SessionLedger"/>) and districts of a period.</summary>
internal sealed class RankingsQuery(AnalyticsReader reader, SessionLedger ledger)
{
    public async Task<RankingsReport> GetRankingsAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await reader.OpenAsync(cancellationToken);
        var scope = await reader.ScopeAsync(db, filter, cancellationToken);
        var (from, to) = reader.UtcRange(filter.From, filter.To);
        var ids = scope.Ids;
        var stationTotals = await AnalyticsReader.StationTotalsAsync(db, filter.From, filter.To, ids, cancellationToken);
        var byStation = stationTotals.Where(t => t.CheckIns > 0).ToDictionary(t => t.StationId, t => new StationSessions
        {
            StationId = t.StationId,
            CheckIns = t.CheckIns,
            Hours = SummaryBook.Hours(t.ClosedSessionTicks, t.OpenSessions, t.OpenCheckInMilliseconds, scope.NowUtc),
        });
        var activitiesByStation = stationTotals.Where(t => t.Activities > 0).ToDictionary(t => t.StationId, t => new StationActivities
        {
            StationId = t.StationId,
            Activities = t.Activities,
            Attendance = t.Attendance,
        });
        var totals = await ledger.TotalsByVolunteerAsync(from, to, ids, scope.NowUtc, countStations: true, cancellationToken);
        // Every volunteer's name and district, kept for those who served: a list of thousands of ids as a query
        // parameter costs the database more than reading the whole (small) table.
        var people = (await db.Volunteers.AsNoTracking()
                .Select(v => new { v.Id, v.Name, District = v.Community!.District!.Name, DistrictEn = v.Community.District.NameEn })
                .ToListAsync(cancellationToken))
            .Where(v => totals.ContainsKey(v.Id))
            .ToList();
        var memberships = await reader.QueryAsync<Membership>(db, AnalyticsSql.Memberships, to, cancellationToken);
        var teams = await db.Teams.AsNoTracking().ToListAsync(cancellationToken);

        // Every open station in scope ranks, also with nothing to show (the bottom of the list); others only with figures.
        var stations = scope.Stations
            .Where(s => s.Status == StationStatus.Open || byStation.ContainsKey(s.Id) || activitiesByStation.ContainsKey(s.Id))
            .Select(s =>
            {
                var sessions = byStation.GetValueOrDefault(s.Id);
                var activities = activitiesByStation.GetValueOrDefault(s.Id);
                return new StationRanking(s.Id, s.Code, s.Name, s.DistrictId, s.DistrictName, s.DistrictNameEn, s.Kind,
                    sessions?.CheckIns ?? 0, Math.Round(sessions?.Hours ?? 0, 2), activities?.Activities ?? 0, (int)(activities?.Attendance ?? 0));
            })
            .OrderByDescending(s => s.VolunteerHours).ThenBy(s => s.Code)
            .ToList();

        var volunteerRows = people
            .Select(v => (Volunteer: v, Totals: totals[v.Id]))
            .Select(p => new VolunteerRanking(p.Volunteer.Id, p.Volunteer.Name, p.Volunteer.District, p.Volunteer.DistrictEn,
                p.Totals.Sessions, Math.Round(p.Totals.Hours, 2), p.Totals.Stations))
            .OrderByDescending(v => v.Hours).ThenBy(v => v.VolunteerId)
            .ToList();

        var teamRows = teams.Select(t =>
            {
                var members = memberships.Where(m => m.TeamId == t.Id && totals.ContainsKey(m.VolunteerId)).Select(m => totals[m.VolunteerId]).ToList();
                return new TeamRanking(t.Id, t.Name, t.NameEn, members.Count, members.Sum(m => m.Sessions), Math.Round(members.Sum(m => m.Hours), 2));
            })
            .OrderByDescending(t => t.Hours).ThenBy(t => t.TeamId)
            .ToList();

        var districtRows = scope.Stations.GroupBy(s => (s.DistrictId, s.DistrictName, s.DistrictNameEn, s.DistrictOrder))
            .Select(g =>
            {
                var ids = g.Select(s => s.Id).ToList();
                return new DistrictRanking(g.Key.DistrictId, g.Key.DistrictName, g.Key.DistrictNameEn,
                    ids.Sum(id => byStation.GetValueOrDefault(id)?.CheckIns ?? 0),
                    Math.Round(ids.Sum(id => byStation.GetValueOrDefault(id)?.Hours ?? 0), 2),
                    ids.Sum(id => activitiesByStation.GetValueOrDefault(id)?.Activities ?? 0),
                    ids.Sum(id => (int)(activitiesByStation.GetValueOrDefault(id)?.Attendance ?? 0)));
            })
            .OrderByDescending(d => d.VolunteerHours).ThenBy(d => d.DistrictId)
            .ToList();

        return new RankingsReport(stations, volunteerRows, teamRows, districtRows);
    }

    private sealed class StationSessions
    {
        public int StationId { get; set; }
        public int CheckIns { get; set; }
        public double Hours { get; set; }
    }

    private sealed class StationActivities
    {
        public int StationId { get; set; }
        public int Activities { get; set; }
        public double Attendance { get; set; }
    }

    private sealed class Membership
    {
        public int VolunteerId { get; set; }
        public int TeamId { get; set; }
    }
}
