using Microsoft.EntityFrameworkCore;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Data.Analytics;

/// <summary>
/// The organisers' figures: trends, peak times, rankings, targets, wishes and mediation for a filter. Reads only,
/// each answer from one short-lived context. Trends, peak times and the station and district figures read the day
/// summaries (<see cref="SummaryMaintainer"/>), grouped by the city's day with hourly figures inside (the station rankings
/// read whole months from the station month summaries); the people figures
/// (volunteers, teams, volunteers served) come from the <see cref="SessionLedger"/>. The days are then
/// put into weeks, months and weekday × hour cells here, with <see cref="CityClock"/> — so a day is
/// always the city's day, whatever offset the time zone has, and the store stays in UTC.
/// </summary>
/// <remarks>
/// Definitions: a check-in and its hours count on the hour the volunteer checked in (a session under way counts up to
/// now); an activity and its attendance on the hour it starts; a wish and a mediation case in the period they were
/// posted or opened. Narrowing by district or kind means "at the stations of that district or kind".
/// <para>
/// One entry point for the pages, the exports and the public figures; each report is a class of its own (<see cref="TrendQuery"/>,
/// <see cref="PeakTimesQuery"/>, <see cref="RankingsQuery"/>, <see cref="TargetsQuery"/>, <see cref="ProgrammeTotalsQuery"/>,
/// <see cref="WishesQuery"/>, <see cref="MediationQuery"/>, the drill-down's <see cref="HistoryQuery"/>) over what they share
/// (<see cref="AnalyticsReader"/>).
/// </para>
/// </remarks>
public sealed class AnalyticsService
{
    /// <summary>At most this many rows of each list in a station's or a volunteer's history.</summary>
    public const int HistoryLimit = 200;

    private readonly IDbContextFactory<RedStationDbContext> _contextFactory;
    private readonly TrendQuery _trends;
    private readonly PeakTimesQuery _peakTimes;
    private readonly RankingsQuery _rankings;
    private readonly TargetsQuery _targets;
    private readonly ProgrammeTotalsQuery _programme;
    private readonly WishesQuery _wishes;
    private readonly MediationQuery _mediation;
    private readonly HistoryQuery _history;

    public AnalyticsService(IDbContextFactory<RedStationDbContext> contextFactory, CityClock clock, DatabaseDialect dialect, SessionLedger ledger)
    {
        _contextFactory = contextFactory;
        var reader = new AnalyticsReader(contextFactory, clock, dialect);
        _trends = new TrendQuery(reader);
        _peakTimes = new PeakTimesQuery(reader);
        _rankings = new RankingsQuery(reader, ledger);
        _targets = new TargetsQuery(reader, ledger);
        _programme = new ProgrammeTotalsQuery(reader, ledger);
        _wishes = new WishesQuery(reader);
        _mediation = new MediationQuery(reader);
        _history = new HistoryQuery(reader);
    }

    public async Task<AnalyticsFilterOptions> GetFilterOptionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken);
        var districts = await db.Districts.AsNoTracking().OrderBy(d => d.SortOrder)
            .Select(d => new DistrictOption(d.Id, d.Name, d.NameEn)).ToListAsync(cancellationToken);
        return new AnalyticsFilterOptions(districts);
    }

    public Task<TrendReport> GetTrendAsync(AnalyticsFilter filter, TrendGrain grain, CancellationToken cancellationToken = default) =>
        _trends.GetTrendAsync(filter, grain, cancellationToken);

    /// <inheritdoc cref="TrendQuery.Buckets"/>
    public static IReadOnlyList<(DateOnly Start, DateOnly End)> Buckets(AnalyticsFilter filter, TrendGrain grain) => TrendQuery.Buckets(filter, grain);

    public Task<HeatMapReport> GetHeatMapAsync(AnalyticsFilter filter, HeatMapMeasure measure, CancellationToken cancellationToken = default) =>
        _peakTimes.GetHeatMapAsync(filter, measure, cancellationToken);

    public Task<RankingsReport> GetRankingsAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default) =>
        _rankings.GetRankingsAsync(filter, cancellationToken);

    public Task<TargetsReport> GetTargetsAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default) =>
        _targets.GetTargetsAsync(filter, cancellationToken);

    /// <inheritdoc cref="ProgrammeTotalsQuery.GetProgrammeTotalsAsync"/>
    public Task<ProgrammeTotals> GetProgrammeTotalsAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default) =>
        _programme.GetProgrammeTotalsAsync(filter, cancellationToken);

    public Task<WishReport> GetWishesAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default) =>
        _wishes.GetWishesAsync(filter, cancellationToken);

    public Task<MediationReport> GetMediationAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default) =>
        _mediation.GetMediationAsync(filter, cancellationToken);

    public Task<StationHistory?> GetStationHistoryAsync(int stationId, AnalyticsFilter filter, CancellationToken cancellationToken = default) =>
        _history.GetStationHistoryAsync(stationId, filter, cancellationToken);

    public Task<VolunteerHistory?> GetVolunteerHistoryAsync(int volunteerId, AnalyticsFilter filter, CancellationToken cancellationToken = default) =>
        _history.GetVolunteerHistoryAsync(volunteerId, filter, cancellationToken);
}
