using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Services;

namespace RedStation.Data.Analytics;

/// <summary>Wishes posted in a period: claimed, fulfilled, cancelled and overdue, and how long they waited, by category and district.</summary>
internal sealed class WishesQuery(AnalyticsReader reader)
{
    public async Task<WishReport> GetWishesAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await reader.OpenAsync(cancellationToken);
        var scope = await reader.ScopeAsync(db, filter, cancellationToken);
        var (from, to) = reader.UtcRange(filter.From, filter.To);
        var ids = scope.Ids;
        var wishes = await db.MicroWishes.AsNoTracking()
            .Where(w => w.PostedAt >= from && w.PostedAt < to && (ids == null || ids.Contains(w.StationId)))
            .Select(w => new WishRow(w.StationId, w.Category, w.Status, w.PostedAt, w.ClaimedAt, w.FulfilledAt))
            .ToListAsync(cancellationToken);
        var now = reader.Clock.UtcNow;
        var districtOf = scope.Stations.ToDictionary(s => s.Id, s => s.DistrictId);

        WishBreakdown Break(string key, IEnumerable<WishRow> group)
        {
            var list = group.ToList();
            var claimed = list.Where(w => w.ClaimedAt is not null).ToList();
            var fulfilled = list.Where(w => w.FulfilledAt is not null).ToList();
            return new WishBreakdown(key, list.Count, claimed.Count, fulfilled.Count,
                list.Count(w => w.Status == WishStatus.Cancelled),
                list.Count(w => w.Status is WishStatus.Posted or WishStatus.Claimed && WishService.IsOverdue(w.PostedAt, now)),
                claimed.Count == 0 ? null : Math.Round(claimed.Average(w => (w.ClaimedAt!.Value - w.PostedAt).TotalHours), 1),
                fulfilled.Count == 0 ? null : Math.Round(fulfilled.Average(w => (w.FulfilledAt!.Value - w.PostedAt).TotalHours), 1));
        }

        var total = Break("all", wishes);
        var byCategory = Enum.GetValues<WishCategory>()
            .Select(c => Break(c.ToString(), wishes.Where(w => w.Category == c))).ToList();
        var byDistrict = scope.Districts.Where(d => filter.DistrictId is null || d.Id == filter.DistrictId)
            .Select(d => Break(d.Id.ToString(CultureInfo.InvariantCulture), wishes.Where(w => districtOf.GetValueOrDefault(w.StationId) == d.Id))).ToList();
        return new WishReport(total, byCategory, byDistrict);
    }

    private sealed record WishRow(int StationId, WishCategory Category, WishStatus Status, DateTime PostedAt, DateTime? ClaimedAt, DateTime? FulfilledAt);
}
