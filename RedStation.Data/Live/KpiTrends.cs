using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Data.Live;

/// <summary>One headline figure's history: its value at the same time yesterday, and the points of its sparkline.</summary>
/// <param name="SameTimeYesterday">The figure as it stood 24 hours before <see cref="KpiTrendSet.At"/>.</param>
/// <param name="Points">Today's hours (each hour's figure, the current hour's up to <see cref="KpiTrendSet.At"/>) or the last
/// seven days (each day's figure, today's up to then), oldest first.</param>
public sealed record KpiTrend(int SameTimeYesterday, IReadOnlyList<int> Points);

/// <summary>
/// The Overview's headline figures as they stood at the same time yesterday, and their sparklines, for one scope at one
/// instant. Every figure is defined as the live state defines it, so yesterday's compares like with like:
/// </summary>
/// <param name="OnDuty">Volunteers on duty (sessions open) at that instant; points: on duty at each of today's hours' end, the last at <see cref="At"/>.</param>
/// <param name="CheckIns">Check-ins since the city day began; points: check-ins in each of today's hours.</param>
/// <param name="Activities">Activities starting in the city day (as known at that instant); points: activities by the hour they start, today.</param>
/// <param name="OpenWishes">Wishes posted and neither claimed nor cancelled at that instant; points: open at the end of each of the last seven days, today's at <see cref="At"/>.</param>
/// <param name="CasesResolved">Cases resolved in the month so far; points: cases resolved on each of the last seven days.</param>
public sealed record KpiTrendSet(DateTime At, KpiTrend OnDuty, KpiTrend CheckIns, KpiTrend Activities, KpiTrend OpenWishes, KpiTrend CasesResolved);

/// <summary>
/// Reads the Overview's comparisons and sparklines from the database (history does not change with a live event), and
/// keeps each scope's latest answer for every screen: a thousand open Overviews cost one read per scope a minute, and
/// each circuit holds only a reference to the shared answer.
/// </summary>
public sealed class KpiTrends(IDbContextFactory<RedStationDbContext> contextFactory, CityClock clock)
{
    /// <summary>How long an answer is shown before the next screen that asks starts a new read.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);

    private const int Days = 7;

    private readonly ConcurrentDictionary<LiveScope, Entry> _entries = new();

    /// <summary>
    /// The scope's latest answer, null before the first read has finished; starts a new read when the answer is older
    /// than <see cref="Refresh"/>. <paramref name="ready"/> completes when the answer that read brings is there.
    /// </summary>
    public KpiTrendSet? Latest(LiveScope scope, out Task ready)
    {
        var now = clock.UtcNow;
        var entry = _entries.GetOrAdd(scope, _ => new Entry());
        lock (entry)
        {
            if (entry.Reading is null && (entry.Value is null || now - entry.Value.At >= Refresh))
            {
                entry.Reading = ReadIntoAsync(entry, scope, now);
            }

            ready = entry.Reading ?? Task.CompletedTask;
            return entry.Value;
        }
    }

    private async Task ReadIntoAsync(Entry entry, LiveScope scope, DateTime at)
    {
        // Off the caller's thread (a circuit's render): the read is awaited by whoever wants its answer.
        await Task.Yield();
        try
        {
            var value = await ReadAsync(scope, at);
            lock (entry)
            {
                entry.Value = value;
            }
        }
        finally
        {
            lock (entry)
            {
                entry.Reading = null;
            }
        }
    }

    /// <summary>The scope's figures at <paramref name="at"/> (UTC), straight from the database.</summary>
    public async Task<KpiTrendSet> ReadAsync(LiveScope scope, DateTime at, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.ToLocal(at));
        var dayStart = clock.StartOfDayUtc(today);
        var yesterday = at.AddDays(-1);
        var yesterdayStart = clock.StartOfDayUtc(today.AddDays(-1));
        var hours = clock.ToLocal(at).Hour + 1;
        var hourEnds = Enumerable.Range(1, hours).Select(h => h == hours ? at : clock.ToUtc(today.ToDateTime(new TimeOnly(h, 0)))).ToArray();
        // The ends of the last seven days, today's "end" being now.
        var dayEnds = Enumerable.Range(0, Days).Select(i => i == Days - 1 ? at : clock.StartOfDayUtc(today.AddDays(i - Days + 2))).ToArray();
        var firstDay = clock.StartOfDayUtc(today.AddDays(1 - Days));
        var monthOfYesterday = DateOnly.FromDateTime(clock.ToLocal(yesterday));
        var yesterdayMonthStart = clock.StartOfDayUtc(new DateOnly(monthOfYesterday.Year, monthOfYesterday.Month, 1));

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var districtOf = await db.Stations.AsNoTracking().Select(s => new { s.Id, s.Community!.DistrictId }).ToDictionaryAsync(s => s.Id, s => s.DistrictId, cancellationToken);
        bool InScope(int stationId) => districtOf.TryGetValue(stationId, out var districtId) && scope.Includes(stationId, districtId);

        // Sessions open at any instant since yesterday's: checked out after it (the check-out index) or not at all.
        var sessions = (await db.DutySessions.AsNoTracking()
                .Where(d => d.CheckedOutAt > yesterday && d.CheckedInAt <= at)
                .Select(d => new { d.StationId, d.CheckedInAt, d.CheckedOutAt })
                .ToListAsync(cancellationToken))
            .Concat(await db.DutySessions.AsNoTracking()
                .Where(d => d.CheckedOutAt == null && d.CheckedInAt <= at)
                .Select(d => new { d.StationId, d.CheckedInAt, d.CheckedOutAt })
                .ToListAsync(cancellationToken))
            .Where(d => InScope(d.StationId))
            .ToList();
        int OnDutyAt(DateTime t) => sessions.Count(d => d.CheckedInAt <= t && (d.CheckedOutAt is null || d.CheckedOutAt > t));

        var checkIns = (await db.DutySessions.AsNoTracking()
                .Where(d => d.CheckedInAt >= yesterdayStart && d.CheckedInAt <= at)
                .Select(d => new { d.StationId, d.CheckedInAt })
                .ToListAsync(cancellationToken))
            .Where(d => InScope(d.StationId))
            .Select(d => d.CheckedInAt)
            .ToList();

        var activities = (await db.Activities.AsNoTracking()
                .Where(a => a.StartsAt >= yesterdayStart && a.StartsAt < clock.StartOfDayUtc(today.AddDays(1)) && a.LoggedAt <= at)
                .Select(a => new { a.StationId, a.StartsAt, a.LoggedAt })
                .ToListAsync(cancellationToken))
            .Where(a => InScope(a.StationId))
            .ToList();

        var wishes = (await db.MicroWishes.AsNoTracking()
                .Where(w => w.PostedAt <= at && (w.ClaimedAt == null || w.ClaimedAt > firstDay) && (w.CancelledAt == null || w.CancelledAt > firstDay))
                .Select(w => new { w.StationId, w.PostedAt, w.ClaimedAt, w.CancelledAt })
                .ToListAsync(cancellationToken))
            .Where(w => InScope(w.StationId))
            .ToList();
        int OpenWishesAt(DateTime t) => wishes.Count(w => w.PostedAt <= t && !(w.ClaimedAt <= t) && !(w.CancelledAt <= t));

        var since = yesterdayMonthStart < firstDay ? yesterdayMonthStart : firstDay;
        var resolved = (await db.MediationCases.AsNoTracking()
                .Where(m => m.Status == MediationStatus.Resolved && m.ClosedAt >= since && m.ClosedAt <= at)
                .Select(m => new { m.StationId, ClosedAt = m.ClosedAt!.Value })
                .ToListAsync(cancellationToken))
            .Where(m => InScope(m.StationId))
            .Select(m => m.ClosedAt)
            .ToList();

        int LocalHour(DateTime utc) => clock.ToLocal(utc).Hour;
        int[] ByHour(IEnumerable<DateTime> instants)
        {
            var counts = new int[hours];
            foreach (var instant in instants.Where(i => i >= dayStart && i <= at))
            {
                counts[LocalHour(instant)]++;
            }

            return counts;
        }

        return new KpiTrendSet(
            at,
            new KpiTrend(OnDutyAt(yesterday), hourEnds.Select(OnDutyAt).ToList()),
            new KpiTrend(checkIns.Count(c => c < dayStart && c <= yesterday), ByHour(checkIns)),
            new KpiTrend(
                activities.Count(a => a.StartsAt >= yesterdayStart && a.StartsAt < dayStart && a.LoggedAt <= yesterday),
                ByHour(activities.Where(a => a.StartsAt <= at).Select(a => a.StartsAt))),
            new KpiTrend(OpenWishesAt(yesterday), dayEnds.Select(OpenWishesAt).ToList()),
            new KpiTrend(
                resolved.Count(c => c >= yesterdayMonthStart && c <= yesterday),
                Enumerable.Range(0, Days).Select(i => resolved.Count(c => c >= clock.StartOfDayUtc(today.AddDays(i + 1 - Days)) && (i == Days - 1 ? c <= at : c < dayEnds[i]))).ToList()));
    }

    private sealed class Entry
    {
        public KpiTrendSet? Value { get; set; }

        public Task? Reading { get; set; }
    }
}
