using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;

namespace RedStation.Data.Analytics;

/// <summary>Mediation cases opened in a period: open, resolved and referred, and how long they took, by category and district.</summary>
internal sealed class MediationQuery(AnalyticsReader reader)
{
    public async Task<MediationReport> GetMediationAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await reader.OpenAsync(cancellationToken);
        var scope = await reader.ScopeAsync(db, filter, cancellationToken);
        var (from, to) = reader.UtcRange(filter.From, filter.To);
        var ids = scope.Ids;
        var cases = await db.MediationCases.AsNoTracking()
            .Where(m => m.OpenedAt >= from && m.OpenedAt < to && (ids == null || ids.Contains(m.StationId)))
            .Select(m => new CaseRow(m.StationId, m.Category, m.Status, m.OpenedAt, m.ClosedAt))
            .ToListAsync(cancellationToken);
        var districtOf = scope.Stations.ToDictionary(s => s.Id, s => s.DistrictId);

        static MediationBreakdown Break(string key, IEnumerable<CaseRow> group)
        {
            var list = group.ToList();
            var closed = list.Where(c => c.ClosedAt is not null).ToList();
            return new MediationBreakdown(key, list.Count,
                list.Count(c => c.Status == MediationStatus.Open),
                list.Count(c => c.Status == MediationStatus.Resolved),
                list.Count(c => c.Status == MediationStatus.Referred),
                closed.Count == 0 ? null : Math.Round(closed.Average(c => (c.ClosedAt!.Value - c.OpenedAt).TotalDays), 2));
        }

        return new MediationReport(
            Break("all", cases),
            Enum.GetValues<MediationCategory>().Select(c => Break(c.ToString(), cases.Where(m => m.Category == c))).ToList(),
            scope.Districts.Where(d => filter.DistrictId is null || d.Id == filter.DistrictId)
                .Select(d => Break(d.Id.ToString(CultureInfo.InvariantCulture), cases.Where(m => districtOf.GetValueOrDefault(m.StationId) == d.Id))).ToList());
    }

    private sealed record CaseRow(int StationId, MediationCategory Category, MediationStatus Status, DateTime OpenedAt, DateTime? ClosedAt);
}
