using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

/// <summary>
/// The latest check-ins, activities and fulfilled wishes of a scope, read from the tables: what a public screen's
/// feed starts with. The live feed's own buffer of recent events holds every kind, so after closing time (when the
/// automatic check-outs come in a burst) it may hold none of these; a wall opened then still has something to show.
/// </summary>
public sealed class HighlightsDirectory(IDbContextFactory<RedStationDbContext> contextFactory)
{
    /// <summary>
    /// Newest first, at most <paramref name="take"/>; events carry sequence 0, like the feed's start-up events. For a public
    /// screen, so in the public projection: names masked before they leave this method.
    /// </summary>
    public async Task<IReadOnlyList<LiveEvent>> LatestAsync(LiveScope scope, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stations = db.Stations.AsNoTracking()
            .Where(s => (scope.StationId == null || s.Id == scope.StationId) && (scope.DistrictId == null || s.Community!.DistrictId == scope.DistrictId))
            .Select(s => new { s.Id, s.Community!.DistrictId });
        var districtOf = await stations.ToDictionaryAsync(s => s.Id, s => s.DistrictId, cancellationToken);
        var ids = districtOf.Keys.ToList();

        var events = new List<LiveEvent>();
        events.AddRange((await db.DutySessions.AsNoTracking().Where(d => ids.Contains(d.StationId)).OrderByDescending(d => d.CheckedInAt).Take(take)
                .Select(d => new { d.Id, d.StationId, d.VolunteerId, d.Volunteer!.Name, d.CheckedInAt }).ToListAsync(cancellationToken))
            .Select(d => new VolunteerCheckedIn(d.Id, d.VolunteerId, d.Name) { StationId = d.StationId, DistrictId = districtOf[d.StationId], At = d.CheckedInAt }));
        events.AddRange((await db.Activities.AsNoTracking().Where(a => ids.Contains(a.StationId)).OrderByDescending(a => a.LoggedAt).Take(take).ToListAsync(cancellationToken))
            .Select(a => new ActivityLogged(a.Id, a.ActivityTypeId, a.Title, a.StartsAt, a.EndsAt, a.Attendance) { StationId = a.StationId, DistrictId = districtOf[a.StationId], At = a.LoggedAt }));
        events.AddRange((await db.MicroWishes.AsNoTracking().Where(w => ids.Contains(w.StationId) && w.FulfilledAt != null).OrderByDescending(w => w.FulfilledAt).Take(take).ToListAsync(cancellationToken))
            .Select(w => new WishChanged(w.Id, WishStatus.Fulfilled, WishStatus.Claimed, w.Category, w.Title, w.ClaimedByVolunteerId) { StationId = w.StationId, DistrictId = districtOf[w.StationId], At = w.FulfilledAt!.Value }));
        return events.OrderByDescending(e => e.At).Take(take).Select(PublicProjection.Of).ToList();
    }
}
