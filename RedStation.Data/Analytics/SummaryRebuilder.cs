using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Data.Analytics;

/// <summary>
/// Recomputes the analytics summaries (station and area days, station months) from the raw rows (sessions, activities,
/// head-count changes), with the same definitions as the write path (<see cref="SummaryBook"/>). Run at start-up when the stored summaries are missing or
/// follow an older <see cref="Version"/> (a database from before the summaries, or one whose definitions changed), by
/// the seeder after its bulk inserts, and by tests as the oracle the maintained summaries must equal.
/// </summary>
public sealed class SummaryRebuilder(IDbContextFactory<RedStationDbContext> contextFactory, CityClock clock, ILogger<SummaryRebuilder> logger)
{
    /// <summary>Raise when a definition changes: every database then rebuilds its summaries at its next start.</summary>
    public const int Version = 1;

    private const int InsertChunk = 2_000;

    /// <summary>Rebuilds the summaries unless they are there and current.</summary>
    public async Task EnsureCurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var state = await db.SummaryStates.AsNoTracking().FirstOrDefaultAsync(s => s.Id == 1, cancellationToken);
        if (state?.Version == Version)
        {
            return;
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (stations, areas) = await RebuildAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Rebuilt the analytics summaries (version {Version}): {Stations} station days, {Areas} area days in {Elapsed}.",
            Version, stations, areas, stopwatch.Elapsed);
    }

    /// <summary>Replaces the summaries with ones computed from the raw rows, in the caller's transaction.</summary>
    public async Task<(int Stations, int Areas)> RebuildAsync(RedStationDbContext db, CancellationToken cancellationToken = default)
    {
        var (stations, areas) = await ComputeAsync(db, cancellationToken);
        await db.StationDaySummaries.ExecuteDeleteAsync(cancellationToken);
        await db.AreaDaySummaries.ExecuteDeleteAsync(cancellationToken);
        await db.StationMonthSummaries.ExecuteDeleteAsync(cancellationToken);

        // Whatever bypassed the tracker (the seeder's bulk inserts) bypassed the session ledger's generation too.
        await SessionLedger.RaiseGenerationAsync(db, clock.UtcNow, cancellationToken);

        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var chunk in stations.Chunk(InsertChunk))
            {
                db.StationDaySummaries.AddRange(chunk);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            foreach (var chunk in SummaryBook.Months(stations).Values.Chunk(InsertChunk))
            {
                db.StationMonthSummaries.AddRange(chunk);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            foreach (var chunk in areas.Chunk(InsertChunk))
            {
                db.AreaDaySummaries.AddRange(chunk);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            var state = await db.SummaryStates.FirstOrDefaultAsync(s => s.Id == 1, cancellationToken);
            if (state is null)
            {
                state = new SummaryState { Id = 1 };
                db.SummaryStates.Add(state);
            }

            state.Version = Version;
            state.RebuiltAt = clock.UtcNow;
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        return (stations.Count, areas.Count);
    }

    /// <summary>The summaries as the raw rows say they should be, in key order; nothing is written.</summary>
    public async Task<(List<StationDaySummary> Stations, List<AreaDaySummary> Areas)> ComputeAsync(
        RedStationDbContext db, CancellationToken cancellationToken = default)
    {
        var book = new SummaryBook(clock);
        await foreach (var s in db.DutySessions.AsNoTracking().Select(s => new { s.StationId, s.CheckedInAt, s.CheckedOutAt })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            book.AddSession(s.StationId, s.CheckedInAt, s.CheckedOutAt, 1);
        }

        await foreach (var a in db.Activities.AsNoTracking().Select(a => new { a.StationId, a.StartsAt, a.Attendance })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            book.AddActivity(a.StationId, a.StartsAt, a.Attendance, 1);
        }

        await foreach (var o in db.OccupancyChanges.AsNoTracking().Select(o => new { o.StationId, o.At, o.Count })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            book.AddHeadCount(o.StationId, o.At, o.Count, 1);
        }

        var areaOf = (await db.Stations.AsNoTracking().Select(s => new { s.Id, s.Community!.DistrictId, s.Kind }).ToListAsync(cancellationToken))
            .ToDictionary(s => s.Id, s => (s.DistrictId, s.Kind));
        var areas = book.Areas(areaOf);
        return (
            [.. book.Stations.Values.OrderBy(s => s.StationId).ThenBy(s => s.Day)],
            [.. areas.Values.OrderBy(a => a.DistrictId).ThenBy(a => a.Kind).ThenBy(a => a.Day)]);
    }
}
