using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Time;

namespace RedStation.Data.Analytics;

/// <summary>
/// What each volunteer did over a period — sessions, hours, distinct stations — for the people rankings and the
/// "volunteers served" targets, which no day summary can give: distinct volunteers and stations do not add up across
/// days. The duty sessions checked in before the <see cref="HorizonAt">horizon</see> (the start of yesterday, city
/// time) are held in memory, sorted by check-in (24 bytes a session: ~18 MB for a year of the whole network); a
/// period is one binary search and one pass over them, plus the sessions since the horizon read from the database.
/// </summary>
/// <remarks>
/// <para>
/// Exact, not approximately fresh. Sessions older than yesterday hardly ever change, but they can (an undone
/// check-out, a correction), on this server or another. Every save that adds, changes or removes a session checked in
/// before the horizon also raises a generation counter in the database, in the same transaction
/// (<see cref="SummaryMaintainer"/>, with an hour's margin for saves under way across midnight). The ledger notes the
/// generation it was loaded at, and every answer reads the generation and the recent sessions in one read snapshot: a
/// different generation means the ledger is stale, and it is loaded again before answering.
/// </para>
/// <para>
/// Loaded at start-up in the background (<see cref="SessionLedgerPreload"/>), or by the first answer that needs it if
/// that comes first (a year of the network: ~2–3 s). When the horizon moves on (a new city
/// day), the ledger is reloaded in the background and the current one keeps answering meanwhile, reading one more day
/// from the database. The generation rule assumes a clock that moves forward (it has an hour's margin); a ledger loaded
/// at a later clock than now is dropped.
/// </para>
/// </remarks>
public sealed partial class SessionLedger(
    IDbContextFactory<RedStationDbContext> contextFactory, CityClock clock, SummaryMaintainer maintainer, ILogger<SessionLedger> logger)
{
    /// <summary>The <see cref="SummaryState"/> row whose version counts the saves that changed a session older than the horizon.</summary>
    public const int GenerationRow = 2;

    private const int Attempts = 3;

    private readonly Lock _gate = new();
    private Book? _book;
    private Task<Book>? _loading;

    /// <summary>Sessions checked in before this instant are held in memory: the start of yesterday in the city.</summary>
    public static DateTime HorizonAt(CityClock clock, DateTime utcNow) =>
        clock.StartOfDayUtc(DateOnly.FromDateTime(clock.ToLocal(utcNow)).AddDays(-1));

    /// <summary>Raises the generation: in the caller's transaction, so that it commits with the change it announces.</summary>
    public static Task RaiseGenerationAsync(RedStationDbContext db, DateTime utcNow, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "SummaryStates" ("Id", "Version", "RebuiltAt") VALUES ({GenerationRow}, 1, {utcNow})
            ON CONFLICT ("Id") DO UPDATE SET "Version" = "SummaryStates"."Version" + 1, "RebuiltAt" = {utcNow}
            """, cancellationToken);

    /// <summary>
    /// Each volunteer's sessions checked in within [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) at the given
    /// stations (all when null); a session under way counts its hours up to <paramref name="nowUtc"/>. Volunteers without
    /// a session are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, VolunteerTotals>> TotalsByVolunteerAsync(
        DateTime fromUtc, DateTime toUtc, IReadOnlyCollection<int>? stationIds, DateTime nowUtc, bool countStations,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var book = await CurrentAsync(cancellationToken);
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using (await ReadSnapshot.BeginAsync(db, cancellationToken))
            {
                if (await GenerationAsync(db, cancellationToken) != book.Generation)
                {
                    Forget(book);
                    continue;
                }

                var recent = await ReadAsync(db, fromUtc > book.Horizon ? fromUtc : book.Horizon, toUtc, cancellationToken);
                var tally = new Tally(stationIds, nowUtc, countStations, book.Bounds.With(recent));
                book.AddTo(tally, fromUtc, toUtc);
                tally.AddAll(recent);
                return tally.ToTotals();
            }
        }

        // Sessions of the past keep changing under the ledger (a bulk correction): answer from the database alone.
        LogLedgerBypassed(logger, Attempts);
        await using var raw = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await ReadAsync(raw, fromUtc, toUtc, cancellationToken);
        var fromDatabase = new Tally(stationIds, nowUtc, countStations, default(Bounds).With(rows));
        fromDatabase.AddAll(rows);
        return fromDatabase.ToTotals();
    }

    /// <summary>Loads the ledger unless it is loaded (a warm-up; the benchmark times it).</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken = default) => CurrentAsync(cancellationToken);

    /// <summary>Waits for a load under way, if any (tests: a reload at a new horizon happens in the background).</summary>
    internal Task LoadedAsync()
    {
        lock (_gate)
        {
            return _loading ?? Task.CompletedTask;
        }
    }

    private static async Task<List<Entry>> ReadAsync(RedStationDbContext db, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var rows = new List<Entry>();
        if (fromUtc >= toUtc)
        {
            return rows;
        }

        await foreach (var s in db.DutySessions.AsNoTracking()
            .Where(s => s.CheckedInAt >= fromUtc && s.CheckedInAt < toUtc)
            .Select(s => new { s.VolunteerId, s.StationId, s.CheckedInAt, s.CheckedOutAt })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            rows.Add(new Entry(s.CheckedInAt.Ticks, s.CheckedOutAt?.Ticks ?? 0, s.VolunteerId, s.StationId));
        }

        return rows;
    }

    private static async Task<int> GenerationAsync(RedStationDbContext db, CancellationToken cancellationToken) =>
        await db.SummaryStates.AsNoTracking().Where(s => s.Id == GenerationRow).Select(s => (int?)s.Version)
            .FirstOrDefaultAsync(cancellationToken) ?? 0;

    private Task<Book> CurrentAsync(CancellationToken cancellationToken)
    {
        Task<Book> loading;
        lock (_gate)
        {
            var now = clock.UtcNow;
            if (_book is { } book && book.LoadedAt > now)
            {
                // Loaded at a later clock than now: the clock was set back, and sessions written since may be older than
                // its horizon without having raised the generation (which assumes a clock that moves forward).
                _book = null;
            }

            if (_book is { } current)
            {
                if (current.Horizon < HorizonAt(clock, now))
                {
                    _ = StartLoading();
                }

                return Task.FromResult(current);
            }

            loading = StartLoading();
        }

        return loading.WaitAsync(cancellationToken);
    }

    /// <summary>One load at a time, shared by everyone who waits for it; under <see cref="_gate"/>.</summary>
    private Task<Book> StartLoading()
    {
        if (_loading is { IsCompleted: false } running)
        {
            return running;
        }

        var loading = Task.Run(LoadAndKeepAsync);
        _loading = loading;
        return loading;
    }

    private async Task<Book> LoadAndKeepAsync()
    {
        try
        {
            var book = await LoadAsync(CancellationToken.None);
            lock (_gate)
            {
                if (_book is null || _book.Horizon <= book.Horizon)
                {
                    _book = book;
                }
            }

            return book;
        }
        catch (Exception failure)
        {
            LogLoadFailed(logger, failure);
            throw;
        }
    }

    private void Forget(Book stale)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_book, stale))
            {
                _book = null;
            }
        }
    }

    private async Task<Book> LoadAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var loadedAt = clock.UtcNow;
        var horizon = HorizonAt(clock, loadedAt);
        maintainer.NoteLedgerHorizon(horizon);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken);
        var generation = await GenerationAsync(db, cancellationToken);
        var entries = new List<Entry>();
        await foreach (var s in db.DutySessions.AsNoTracking()
            .Where(s => s.CheckedInAt < horizon)
            .OrderBy(s => s.CheckedInAt)
            .Select(s => new { s.VolunteerId, s.StationId, s.CheckedInAt, s.CheckedOutAt })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            entries.Add(new Entry(s.CheckedInAt.Ticks, s.CheckedOutAt?.Ticks ?? 0, s.VolunteerId, s.StationId));
        }

        LogLoaded(logger, entries.Count, horizon, generation, stopwatch.ElapsedMilliseconds);
        return new Book(generation, horizon, loadedAt, [.. entries], default(Bounds).With(entries));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session ledger loaded: {Sessions} sessions before {Horizon:u} (generation {Generation}) in {Elapsed} ms.")]
    private static partial void LogLoaded(ILogger logger, int sessions, DateTime horizon, int generation, long elapsed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the session ledger failed.")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sessions of the past changed during {Attempts} loads of the session ledger: answered from the database.")]
    private static partial void LogLedgerBypassed(ILogger logger, int attempts);

    /// <summary>One session: check-in and check-out ticks (0 while under way), volunteer and station.</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Entry(long CheckedIn, long CheckedOut, int VolunteerId, int StationId);

    /// <summary>The highest volunteer and station ids among some sessions: the sizes of a tally's arrays.</summary>
    private readonly record struct Bounds(int MaxVolunteerId, int MaxStationId)
    {
        public Bounds With(List<Entry> entries)
        {
            var (volunteer, station) = (MaxVolunteerId, MaxStationId);
            foreach (var e in entries)
            {
                (volunteer, station) = (Math.Max(volunteer, e.VolunteerId), Math.Max(station, e.StationId));
            }

            return new Bounds(volunteer, station);
        }
    }

    /// <summary>The sessions checked in before <see cref="Horizon"/> as of <see cref="Generation"/>, by check-in.</summary>
    private sealed class Book(int generation, DateTime horizon, DateTime loadedAt, Entry[] entries, Bounds bounds)
    {
        public int Generation { get; } = generation;

        public DateTime Horizon { get; } = horizon;

        public DateTime LoadedAt { get; } = loadedAt;

        public Bounds Bounds { get; } = bounds;

        public void AddTo(Tally tally, DateTime fromUtc, DateTime toUtc)
        {
            var end = Math.Min(toUtc.Ticks, Horizon.Ticks);
            for (var i = FirstAtOrAfter(fromUtc.Ticks); i < entries.Length && entries[i].CheckedIn < end; i++)
            {
                ref readonly var e = ref entries[i];
                tally.Add(e.VolunteerId, e.StationId, e.CheckedIn, e.CheckedOut);
            }
        }

        private int FirstAtOrAfter(long ticks)
        {
            var (low, high) = (0, entries.Length);
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                (low, high) = entries[middle].CheckedIn < ticks ? (middle + 1, high) : (low, middle);
            }

            return low;
        }
    }

    /// <summary>
    /// Adds sessions up per volunteer in arrays indexed by id; distinct stations as one bit per volunteer and station
    /// (a year of the network: 17,000 volunteers × 8 words of 64 stations, ~1 MB).
    /// </summary>
    private sealed class Tally
    {
        private readonly bool[]? _inScope;
        private readonly long _nowTicks;
        private readonly int[] _sessions;
        private readonly long[] _ticks;
        private readonly int[] _stations;
        private readonly ulong[]? _served;
        private readonly int _words;

        public Tally(IReadOnlyCollection<int>? stationIds, DateTime nowUtc, bool countStations, Bounds bounds)
        {
            if (stationIds is not null)
            {
                _inScope = new bool[stationIds.Count == 0 ? 0 : stationIds.Max() + 1];
                foreach (var id in stationIds)
                {
                    _inScope[id] = true;
                }
            }

            _nowTicks = nowUtc.Ticks;
            var volunteers = bounds.MaxVolunteerId + 1;
            (_sessions, _ticks, _stations) = (new int[volunteers], new long[volunteers], new int[volunteers]);
            _words = (bounds.MaxStationId >> 6) + 1;
            _served = countStations ? new ulong[volunteers * _words] : null;
        }

        /// <summary>The volunteers with at least one session, and their figures.</summary>
        public Dictionary<int, VolunteerTotals> ToTotals()
        {
            var totals = new Dictionary<int, VolunteerTotals>();
            for (var id = 0; id < _sessions.Length; id++)
            {
                if (_sessions[id] > 0)
                {
                    totals[id] = new VolunteerTotals(_sessions[id], _ticks[id], _stations[id]);
                }
            }

            return totals;
        }

        public void AddAll(List<Entry> entries)
        {
            foreach (var e in entries)
            {
                Add(e.VolunteerId, e.StationId, e.CheckedIn, e.CheckedOut);
            }
        }

        public void Add(int volunteerId, int stationId, long checkedIn, long checkedOut)
        {
            if (_inScope is not null && ((uint)stationId >= (uint)_inScope.Length || !_inScope[stationId]))
            {
                return;
            }

            _sessions[volunteerId]++;
            _ticks[volunteerId] += (checkedOut == 0 ? _nowTicks : checkedOut) - checkedIn;
            if (_served is not null)
            {
                ref var word = ref _served[(volunteerId * _words) + (stationId >> 6)];
                var bit = 1UL << (stationId & 63);
                if ((word & bit) == 0)
                {
                    word |= bit;
                    _stations[volunteerId]++;
                }
            }
        }
    }
}

/// <summary>One volunteer's figures over a period: sessions, time on duty and distinct stations (when counted).</summary>
public record struct VolunteerTotals(int Sessions, long Ticks, int Stations)
{
    public readonly double Hours => (double)Ticks / TimeSpan.TicksPerHour;
}
