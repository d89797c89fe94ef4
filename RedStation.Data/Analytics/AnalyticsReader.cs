using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Data.Analytics;

/// <summary>
/// What the analytics reports share: a short-lived context per answer, the stations a filter covers (its
/// <see cref="Scope"/>), the city's days as UTC ranges, raw SQL for both engines, and the summary queries (days of the
/// stations or areas in scope, each station's totals from the month and day rows).
/// </summary>
internal sealed class AnalyticsReader(IDbContextFactory<RedStationDbContext> contextFactory, CityClock clock, DatabaseDialect dialect)
{
    public CityClock Clock => clock;

    public AnalyticsSql Sql { get; } = new(dialect);

    /// <summary>A context of its own for one answer (the caller disposes it).</summary>
    public Task<RedStationDbContext> OpenAsync(CancellationToken cancellationToken) => contextFactory.CreateDbContextAsync(cancellationToken);

    /// <summary>The half-open UTC range [start of <paramref name="from"/>, start of the day after <paramref name="to"/>).</summary>
    public (DateTime From, DateTime To) UtcRange(DateOnly from, DateOnly to) => (clock.StartOfDayUtc(from), clock.StartOfDayUtc(to.AddDays(1)));

    public async Task<Scope> ScopeAsync(RedStationDbContext db, AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        var districts = await db.Districts.AsNoTracking().OrderBy(d => d.SortOrder)
            .Select(d => new DistrictOption(d.Id, d.Name, d.NameEn)).ToListAsync(cancellationToken);
        var stations = await db.Stations.AsNoTracking()
            .Where(s => (filter.DistrictId == null || s.Community!.DistrictId == filter.DistrictId)
                        && (filter.Kind == null || s.Kind == filter.Kind)
                        && (filter.StationId == null || s.Id == filter.StationId))
            .Select(s => new ScopeStation(s.Id, s.Code, s.Name, s.Kind, s.Status, s.Community!.DistrictId,
                s.Community.District!.Name, s.Community.District.NameEn, s.Community.District.SortOrder))
            .ToListAsync(cancellationToken);
        return new Scope(districts, stations, filter.IsNarrowed ? stations.Select(s => s.Id).ToList() : null, clock.UtcNow)
        {
            ByStation = filter.StationId is not null,
        };
    }

    public Task<List<T>> QueryAsync<T>(RedStationDbContext db, string sql, DateTime to, CancellationToken cancellationToken)
    {
        DbParameter[] parameters = sql.Contains("@to", StringComparison.Ordinal) ? [dialect.InstantParameter("@to", to)] : [];
        return db.Database.SqlQueryRaw<T>(sql, parameters).ToListAsync(cancellationToken);
    }

    public sealed record ScopeStation(int Id, string Code, string Name, StationKind Kind, StationStatus Status, int DistrictId,
        string DistrictName, string DistrictNameEn, int DistrictOrder);

    /// <summary>The stations a filter covers; <see cref="Ids"/> is null when it covers the whole network (no clause at all).</summary>
    public sealed record Scope(IReadOnlyList<DistrictOption> Districts, IReadOnlyList<ScopeStation> Stations, List<int>? Ids, DateTime NowUtc)
    {
        /// <summary>Narrowed to one station: read its own summaries; otherwise those of the areas (district × kind).</summary>
        public bool ByStation { get; init; }
    }

    // ---------------------------------------------------------------- summaries

    /// <summary>The days of the stations in scope (one station, or none when the station is outside the district or kind).</summary>
    public static IQueryable<StationDaySummary> StationDays(RedStationDbContext db, Scope scope, DateOnly from, DateOnly to)
    {
        var ids = scope.Ids ?? [];
        return db.StationDaySummaries.AsNoTracking().Where(s => s.Day >= from && s.Day <= to && ids.Contains(s.StationId));
    }

    /// <summary>The days of the areas a filter covers: all of them for the city, a district's, a kind's, or both.</summary>
    public static IQueryable<AreaDaySummary> AreaDays(RedStationDbContext db, AnalyticsFilter filter, DateOnly from, DateOnly to)
    {
        var (districtId, kind) = (filter.DistrictId, filter.Kind);
        return db.AreaDaySummaries.AsNoTracking().Where(s => s.Day >= from && s.Day <= to
            && (districtId == null || s.DistrictId == districtId) && (kind == null || s.Kind == kind));
    }

    /// <summary>
    /// Each station's figures over the days [<paramref name="from"/>, <paramref name="to"/>]: the whole calendar months
    /// inside the period from the month rows, the days of the months cut by its ends from the day rows (a year of the
    /// network: ~5,000 month rows and the days of one month, against 165,000 day rows).
    /// </summary>
    public static async Task<List<StationTotals>> StationTotalsAsync(
        RedStationDbContext db, DateOnly from, DateOnly to, List<int>? ids, CancellationToken cancellationToken)
    {
        var firstWhole = from.Day == 1 ? from : StationMonthSummary.MonthOf(from).AddMonths(1);
        var afterWhole = StationMonthSummary.MonthOf(to.AddDays(1));
        var parts = new List<StationTotals>();
        if (firstWhole < afterWhole)
        {
            parts.AddRange(await db.StationMonthSummaries.AsNoTracking()
                .Where(m => m.Month >= firstWhole && m.Month < afterWhole && (ids == null || ids.Contains(m.StationId)))
                .GroupBy(m => m.StationId)
                .Select(g => new StationTotals(g.Key, g.Sum(m => m.CheckIns), g.Sum(m => m.ClosedSessionTicks), g.Sum(m => m.OpenSessions),
                    g.Sum(m => m.OpenCheckInMilliseconds), g.Sum(m => m.Activities), g.Sum(m => m.Attendance)))
                .ToListAsync(cancellationToken));
            parts.AddRange(await StationDayTotalsAsync(db, from, firstWhole.AddDays(-1), ids, cancellationToken));
            parts.AddRange(await StationDayTotalsAsync(db, afterWhole, to, ids, cancellationToken));
        }
        else
        {
            parts.AddRange(await StationDayTotalsAsync(db, from, to, ids, cancellationToken));
        }

        return [.. parts.GroupBy(p => p.StationId).Select(g => new StationTotals(g.Key, g.Sum(p => p.CheckIns), g.Sum(p => p.ClosedSessionTicks),
            g.Sum(p => p.OpenSessions), g.Sum(p => p.OpenCheckInMilliseconds), g.Sum(p => p.Activities), g.Sum(p => p.Attendance)))];
    }

    public static async Task<List<StationTotals>> StationDayTotalsAsync(
        RedStationDbContext db, DateOnly from, DateOnly to, List<int>? ids, CancellationToken cancellationToken) =>
        from > to
            ? []
            : await db.StationDaySummaries.AsNoTracking()
                .Where(s => s.Day >= from && s.Day <= to && (ids == null || ids.Contains(s.StationId)))
                .GroupBy(s => s.StationId)
                .Select(g => new StationTotals(g.Key, g.Sum(s => s.CheckIns), g.Sum(s => s.ClosedSessionTicks), g.Sum(s => s.OpenSessions),
                    g.Sum(s => s.OpenCheckInMilliseconds), g.Sum(s => s.Activities), g.Sum(s => s.Attendance)))
                .ToListAsync(cancellationToken);

    public static Task<List<DayTotals>> TotalsByDayAsync<T>(IQueryable<T> days, CancellationToken cancellationToken)
        where T : DaySummary =>
        days.GroupBy(s => s.Day)
            .Select(g => new DayTotals(g.Key, g.Sum(s => s.CheckIns), g.Sum(s => s.ClosedSessionTicks), g.Sum(s => s.OpenSessions),
                g.Sum(s => s.OpenCheckInMilliseconds), g.Sum(s => s.Activities), g.Sum(s => s.Attendance)))
            .ToListAsync(cancellationToken);

    /// <summary>Each day's weekday and hourly figures: check-ins (counted, no samples) or head-count totals and samples.</summary>
    public static async Task<List<DayHours>> HoursByDayAsync<T>(IQueryable<T> days, HeatMapMeasure measure, CancellationToken cancellationToken)
        where T : DaySummary =>
        measure == HeatMapMeasure.CheckIns
            ? await days.Where(s => s.CheckIns > 0).Select(s => new DayHours(s.Weekday, s.CheckInsByHour, null)).ToListAsync(cancellationToken)
            : await days.Select(s => new DayHours(s.Weekday, s.HeadCountByHour, s.HeadCountSamplesByHour)).ToListAsync(cancellationToken);

    public sealed record DayTotals(DateOnly Day, int CheckIns, long ClosedSessionTicks, int OpenSessions, long OpenCheckInMilliseconds, int Activities, int Attendance);

    public sealed record StationTotals(int StationId, int CheckIns, long ClosedSessionTicks, int OpenSessions, long OpenCheckInMilliseconds,
        int Activities, int Attendance);

    public sealed record DayHours(int Weekday, int[] Totals, int[]? Samples);
}
