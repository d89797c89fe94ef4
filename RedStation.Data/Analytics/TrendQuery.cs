
namespace RedStation.Data.Analytics;

/// <summary>Trends: the figures of each day, week or month of a period beside those of the period before it (the day summaries).</summary>
internal sealed class TrendQuery(AnalyticsReader reader)
{
    public async Task<TrendReport> GetTrendAsync(AnalyticsFilter filter, TrendGrain grain, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        var previous = filter.Previous;
        await using var db = await reader.OpenAsync(cancellationToken);
        var scope = await reader.ScopeAsync(db, filter, cancellationToken);
        var days = scope.ByStation
            ? await AnalyticsReader.TotalsByDayAsync(AnalyticsReader.StationDays(db, scope, previous.From, filter.To), cancellationToken)
            : await AnalyticsReader.TotalsByDayAsync(AnalyticsReader.AreaDays(db, filter, previous.From, filter.To), cancellationToken);

        var buckets = Buckets(filter, grain);
        var index = new Dictionary<DateOnly, int>();
        for (var i = 0; i < buckets.Count; i++)
        {
            for (var day = buckets[i].Start; day <= buckets[i].End; day = day.AddDays(1))
            {
                index[day] = i;
            }
        }

        var current = new Figures[buckets.Count];
        var before = new Figures[buckets.Count];
        foreach (var row in days)
        {
            var (target, shifted) = row.Day >= filter.From ? (current, row.Day) : (before, row.Day.AddDays(filter.Days));
            if (index.TryGetValue(shifted, out var i))
            {
                var f = target[i] ??= new Figures();
                f.CheckIns += row.CheckIns;
                f.Hours += SummaryBook.Hours(row.ClosedSessionTicks, row.OpenSessions, row.OpenCheckInMilliseconds, scope.NowUtc);
                f.Activities += row.Activities;
                f.Attendance += row.Attendance;
            }
        }

        var points = buckets.Select((b, i) =>
        {
            var c = current[i] ?? Figures.Empty;
            var p = before[i] ?? Figures.Empty;
            return new TrendPoint(b.Start, b.End, c.CheckIns, Math.Round(c.Hours, 2), c.Activities, c.Attendance,
                p.CheckIns, Math.Round(p.Hours, 2), p.Activities, p.Attendance);
        }).ToList();
        return new TrendReport(grain, points);
    }

    /// <summary>The buckets of a period: each day; each week from Monday (cut at the period's ends); each calendar month (likewise).</summary>
    public static IReadOnlyList<(DateOnly Start, DateOnly End)> Buckets(AnalyticsFilter filter, TrendGrain grain)
    {
        var buckets = new List<(DateOnly Start, DateOnly End)>();
        var start = filter.From;
        while (start <= filter.To)
        {
            var next = grain switch
            {
                TrendGrain.Week => start.AddDays(7 - (((int)start.DayOfWeek + 6) % 7)),
                TrendGrain.Month => new DateOnly(start.Year, start.Month, 1).AddMonths(1),
                _ => start.AddDays(1),
            };
            var end = next.AddDays(-1) < filter.To ? next.AddDays(-1) : filter.To;
            buckets.Add((start, end));
            start = next;
        }

        return buckets;
    }

    private sealed class Figures
    {
        public static readonly Figures Empty = new();
        public int CheckIns { get; set; }
        public double Hours { get; set; }
        public int Activities { get; set; }
        public int Attendance { get; set; }
    }
}
