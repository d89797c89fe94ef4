using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Data.Analytics;

/// <summary>
/// Keeps the analytics summaries equal to the rows they summarise, in the same save — so in the same transaction, and
/// for a <see cref="Services.DomainWriter"/> write inside its savepoint: a write that is rolled back takes its summary
/// changes with it. It reads what the save is about to change from the change tracker: a session, activity or
/// head-count change added counts in; one deleted (an undone check-in) counts out; one modified (a check-out, an undone
/// check-out, an activity's final attendance) counts out with its original values and in with its new ones. A station
/// that changes district or kind moves its figures from one area to the other. A session older than the
/// <see cref="SessionLedger"/>'s horizon that is added, changed or removed raises the ledger's generation.
/// </summary>
/// <remarks>
/// Writes that bypass the change tracker (<c>ExecuteUpdate</c>, raw SQL, the seeder's bulk inserts) are not seen: the
/// seeder rebuilds the summaries itself, and nothing else writes these rows that way.
/// </remarks>
public sealed class SummaryMaintainer(CityClock clock) : SaveChangesInterceptor
{
    /// <summary>
    /// A save counts as touching the <see cref="SessionLedger"/> when its session is older than the horizon an hour from
    /// now: so that a save under way while a server loads its ledger across midnight cannot slip past it.
    /// </summary>
    private static readonly TimeSpan LedgerMargin = TimeSpan.FromHours(1);

    /// <summary>
    /// The latest horizon a <see cref="SessionLedger"/> of this process loaded (ticks): a save of a session older than it
    /// raises the generation even when the clock was set back meanwhile (tests move it), and the horizon of "now" alone
    /// would let the session slip past the loaded ledger once the clock moves forward again.
    /// </summary>
    private long _ledgerHorizonTicks;

    /// <summary>Notes the horizon of a ledger about to load: before its read begins, so that no later save can miss it.</summary>
    public void NoteLedgerHorizon(DateTime horizon)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _ledgerHorizonTicks)) < horizon.Ticks
            && Interlocked.CompareExchange(ref _ledgerHorizonTicks, horizon.Ticks, seen) != seen)
        {
        }
    }

    /// <summary>The transactions begun here for saves that had none, so that the generation commits with its change.</summary>
    private readonly ConditionalWeakTable<DbContext, IDbContextTransaction> _ownTransactions = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is RedStationDbContext db && await MaintainAsync(db, cancellationToken))
        {
            await RaiseLedgerGenerationAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is RedStationDbContext db && MaintainAsync(db, CancellationToken.None).GetAwaiter().GetResult())
        {
            RaiseLedgerGenerationAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EndOwnTransactionAsync(eventData.Context, commit: true);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndOwnTransactionAsync(eventData.Context, commit: true).GetAwaiter().GetResult();
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        EndOwnTransactionAsync(eventData.Context, commit: false);

    public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
        EndOwnTransactionAsync(eventData.Context, commit: false).GetAwaiter().GetResult();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        EndOwnTransactionAsync(eventData.Context, commit: false);

    public override void SaveChangesCanceled(DbContextEventData eventData) =>
        EndOwnTransactionAsync(eventData.Context, commit: false).GetAwaiter().GetResult();

    /// <summary>
    /// Raises the session ledger's generation in the save's transaction: the caller's (a <see cref="Services.DomainWriter"/>
    /// write), or one begun here for a save that has none — committed or rolled back with the save. Raised in a
    /// transaction of its own, a reader could load the ledger between the two commits and keep the old session.
    /// </summary>
    private async Task RaiseLedgerGenerationAsync(RedStationDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            _ownTransactions.AddOrUpdate(db, await db.Database.BeginTransactionAsync(cancellationToken));
        }

        try
        {
            await SessionLedger.RaiseGenerationAsync(db, clock.UtcNow, cancellationToken);
        }
        catch
        {
            await EndOwnTransactionAsync(db, commit: false);
            throw;
        }
    }

    private async Task EndOwnTransactionAsync(DbContext? db, bool commit)
    {
        if (db is null || !_ownTransactions.TryGetValue(db, out var transaction))
        {
            return;
        }

        _ownTransactions.Remove(db);
        await using (transaction)
        {
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }
        }
    }

    /// <summary>Adds the save's changes to the summaries; true when it changes a session the ledger holds.</summary>
    private async Task<bool> MaintainAsync(RedStationDbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        var book = new SummaryBook(clock);
        var moves = new List<(int StationId, int FromCommunity, StationKind FromKind, int ToCommunity, StationKind ToKind)>();
        var ledgerHorizon = SessionLedger.HorizonAt(clock, clock.UtcNow + LedgerMargin);
        var loadedHorizon = new DateTime(Interlocked.Read(ref _ledgerHorizonTicks), DateTimeKind.Utc);
        if (loadedHorizon > ledgerHorizon)
        {
            ledgerHorizon = loadedHorizon;
        }

        var changesLedger = false;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case DutySession session:
                    Count<DutySession>(entry, book, static (b, s, sign) => b.AddSession(s.StationId, s.CheckedInAt, s.CheckedOutAt, sign));
                    changesLedger |= entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                        && (session.CheckedInAt < ledgerHorizon
                            || (entry.State != EntityState.Added && entry.Property(nameof(DutySession.CheckedInAt)).OriginalValue is DateTime was && was < ledgerHorizon));
                    break;
                case Activity:
                    Count<Activity>(entry, book, static (b, a, sign) => b.AddActivity(a.StationId, a.StartsAt, a.Attendance, sign));
                    break;
                case OccupancyChange:
                    Count<OccupancyChange>(entry, book, static (b, o, sign) => b.AddHeadCount(o.StationId, o.At, o.Count, sign));
                    break;
                case Station station when entry.State == EntityState.Modified:
                    var fromCommunity = entry.Property(nameof(Station.CommunityId)).OriginalValue as int? ?? station.CommunityId;
                    var fromKind = entry.Property(nameof(Station.Kind)).OriginalValue as StationKind? ?? station.Kind;
                    if (fromCommunity != station.CommunityId || fromKind != station.Kind)
                    {
                        moves.Add((station.Id, fromCommunity, fromKind, station.CommunityId, station.Kind));
                    }

                    break;
            }
        }

        if (book.IsEmpty && moves.Count == 0)
        {
            return changesLedger;
        }

        var stationIds = book.Stations.Keys.Select(k => k.StationId).Distinct().ToList();
        var areaOf = await AreasAsync(db, stationIds, cancellationToken);
        var areas = book.Areas(areaOf);

        if (moves.Count > 0)
        {
            var communities = moves.SelectMany(m => new[] { m.FromCommunity, m.ToCommunity }).Distinct().ToList();
            var districtOf = await db.Communities.AsNoTracking().Where(c => communities.Contains(c.Id))
                .ToDictionaryAsync(c => c.Id, c => c.DistrictId, cancellationToken);
            foreach (var move in moves)
            {
                (int DistrictId, StationKind Kind) from = (districtOf[move.FromCommunity], move.FromKind);
                (int DistrictId, StationKind Kind) to = (districtOf[move.ToCommunity], move.ToKind);
                if (from == to)
                {
                    continue;
                }

                await foreach (var row in db.StationDaySummaries.AsNoTracking().Where(s => s.StationId == move.StationId)
                    .AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    SummaryBook.AddTo(areas, from.DistrictId, from.Kind, row, -1);
                    SummaryBook.AddTo(areas, to.DistrictId, to.Kind, row, 1);
                }
            }
        }

        foreach (var ((stationId, day), delta) in book.Stations)
        {
            var row = await db.StationDaySummaries.FindAsync([stationId, day], cancellationToken);
            Apply(db, row, delta, () => new StationDaySummary { StationId = stationId, Day = day, Weekday = delta.Weekday });
        }

        // The months take the same deltas: a station's month is the sum of its days, so it moves exactly as they do.
        foreach (var ((stationId, month), delta) in SummaryBook.Months(book.Stations.Values))
        {
            var row = await db.StationMonthSummaries.FindAsync([month, stationId], cancellationToken);
            Apply(db, row, delta, () => new StationMonthSummary { StationId = stationId, Month = month });
        }

        foreach (var ((districtId, kind, day), delta) in areas)
        {
            var row = await db.AreaDaySummaries.FindAsync([districtId, kind, day], cancellationToken);
            Apply(db, row, delta, () => new AreaDaySummary { DistrictId = districtId, Kind = kind, Day = day, Weekday = delta.Weekday });
        }

        db.ChangeTracker.DetectChanges();
        return changesLedger;
    }

    /// <summary>Counts a tracked row out with its original values and in with its current ones, as its state says.</summary>
    private static void Count<T>(EntityEntry entry, SummaryBook book, Action<SummaryBook, T, int> add)
        where T : class
    {
        if (entry.State is EntityState.Modified or EntityState.Deleted)
        {
            add(book, (T)entry.OriginalValues.ToObject(), -1);
        }

        if (entry.State is EntityState.Added or EntityState.Modified)
        {
            add(book, (T)entry.Entity, 1);
        }
    }

    /// <summary>Adds a delta to a stored row, or to a new one; a row left with nothing to count is removed (or never added).</summary>
    private static void Apply<T, TDelta>(RedStationDbContext db, T? row, TDelta delta, Func<T> create)
        where T : class, ISummaryRow<TDelta>
    {
        if (row is null)
        {
            row = create();
            row.Add(delta, 1);
            if (!row.IsEmpty)
            {
                db.Add(row);
            }

            return;
        }

        row.Add(delta, 1);
        if (row.IsEmpty)
        {
            db.Remove(row);
        }
    }

    /// <summary>Each station's district and kind: from the database, or from the tracker for a station not saved yet.</summary>
    private static async Task<Dictionary<int, (int DistrictId, StationKind Kind)>> AreasAsync(
        RedStationDbContext db, List<int> stationIds, CancellationToken cancellationToken)
    {
        var areas = (await db.Stations.AsNoTracking().Where(s => stationIds.Contains(s.Id))
                .Select(s => new { s.Id, s.Community!.DistrictId, s.Kind }).ToListAsync(cancellationToken))
            .ToDictionary(s => s.Id, s => (s.DistrictId, s.Kind));
        foreach (var id in stationIds.Where(id => !areas.ContainsKey(id)))
        {
            var station = db.ChangeTracker.Entries<Station>().Select(e => e.Entity).FirstOrDefault(s => s.Id == id)
                ?? throw new InvalidOperationException($"Station {id} is unknown: its figures have no area to go to.");
            var community = db.ChangeTracker.Entries<Community>().Select(e => e.Entity).FirstOrDefault(c => c.Id == station.CommunityId)
                ?? await db.Communities.AsNoTracking().FirstAsync(c => c.Id == station.CommunityId, cancellationToken);
            areas[id] = (community.DistrictId, station.Kind);
        }

        return areas;
    }
}
