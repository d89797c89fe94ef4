using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;

namespace RedStation.Data.Analytics;

/// <summary>Targets: per district, Red Stations open of those planned, and volunteers who served of those registered.</summary>
internal sealed class TargetsQuery(AnalyticsReader reader, SessionLedger ledger)
{
    public async Task<TargetsReport> GetTargetsAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await reader.OpenAsync(cancellationToken);
        var scope = await reader.ScopeAsync(db, filter, cancellationToken);
        var (from, to) = reader.UtcRange(filter.From, filter.To);

        // Volunteers count in the district they reported to (their community's); registered means by the end of the period.
        var registered = await reader.QueryAsync<DistrictCount>(db, reader.Sql.RegisteredByDistrict, to, cancellationToken);
        var volunteers = await ledger.TotalsByVolunteerAsync(from, to, scope.Ids, scope.NowUtc, countStations: false, cancellationToken);
        var served = (await db.Volunteers.AsNoTracking().Select(v => new { v.Id, v.Community!.DistrictId }).ToListAsync(cancellationToken))
            .Where(v => volunteers.ContainsKey(v.Id))
            .GroupBy(v => v.DistrictId)
            .Select(g => new DistrictCount { DistrictId = g.Key, Count = g.Count() })
            .ToList();

        // Targets are about Red Stations: shared venues are never part of the 200 planned.
        var rows = scope.Districts
            .Where(d => filter.DistrictId is null || d.Id == filter.DistrictId)
            .Select(d =>
            {
                var red = scope.Stations.Where(s => s.DistrictId == d.Id && s.Kind != StationKind.SharedVenue).ToList();
                return new DistrictTarget(d.Id, d.Name, d.NameEn,
                    red.Count(s => s.Status == StationStatus.Open), red.Count,
                    served.FirstOrDefault(s => s.DistrictId == d.Id)?.Count ?? 0,
                    registered.FirstOrDefault(r => r.DistrictId == d.Id)?.Count ?? 0);
            })
            .ToList();
        return new TargetsReport(rows);
    }

    private sealed class DistrictCount
    {
        public int DistrictId { get; set; }
        public int Count { get; set; }
    }
}
