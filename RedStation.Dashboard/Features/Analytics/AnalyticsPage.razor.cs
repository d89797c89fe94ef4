using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using RedStation.Dashboard.Components.Charts;
using RedStation.Dashboard.Localization;
using RedStation.Data.Analytics;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Analytics;

/// <summary>
/// The organisers' analytics: one filter bar (kept in the URL, so a view can be shared and reloaded) drives every
/// section; each section's data downloads as CSV or XLSX for the same filter, and rows lead to the station and
/// volunteer pages.
/// </summary>
public partial class AnalyticsPage : IAsyncDisposable
{
    internal const int RankSize = 10;
    private static readonly DatePreset[] Presets = [DatePreset.Today, DatePreset.Days7, DatePreset.Days30, DatePreset.Quarter, DatePreset.Year];
    private static readonly string[] Metrics = ["CheckIns", "Hours", "Activities", "Attendance"];
    private static readonly string[] HeatColors = ["#c62828"];
    private static readonly object TrendOptions = new { stroke = new { curve = "smooth", width = new[] { 3, 2 }, dashArray = new[] { 0, 5 } } };
    private static readonly object HorizontalBars = new { plotOptions = new { bar = new { horizontal = true } }, legend = new { show = false } };

    private IReadOnlyList<DistrictOption> _districts = [];
    private TrendReport? _trend;
    private HeatMapReport? _heatMap;
    private RankingsReport? _rankings;
    private TargetsReport? _targets;
    private WishReport? _wishes;
    private ExportTable? _wishTable;
    private ExportTable? _mediationTable;
    private string _metric = "CheckIns";
    private bool _stationsByAttendance;
    private string? _reportMonth;
    private bool _networkEmpty;
    private bool _downloading;

    // Set once the circuit is interactive (the prerendered page ignores clicks): tests wait for it.
    private bool _interactive;
    private int _downloadPercent;
    private string _downloadName = string.Empty;
    private IJSObjectReference? _module;
    private DotNetObjectReference<AnalyticsPage>? _self;

    [Inject] public required AnalyticsService Analytics { get; init; }
    [Inject] public required LiveFeed Feed { get; init; }
    [Inject] public required AnalyticsTables Tables { get; init; }
    [Inject] public required CityClock Clock { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    [SupplyParameterFromQuery(Name = "preset")] public string? PresetText { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? FromText { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? ToText { get; set; }
    [SupplyParameterFromQuery(Name = "district")] public string? DistrictText { get; set; }
    [SupplyParameterFromQuery(Name = "kind")] public string? KindText { get; set; }
    [SupplyParameterFromQuery(Name = "grain")] public string? GrainText { get; set; }
    [SupplyParameterFromQuery(Name = "measure")] public string? MeasureText { get; set; }

    internal AnalyticsQuery Query { get; private set; } = new();

    internal AnalyticsFilter Filter { get; private set; } = null!;

    private string QueryString => Query.ToQueryString();

    private DateRange DateRange => new(Filter.From.ToDateTime(TimeOnly.MinValue), Filter.To.ToDateTime(TimeOnly.MinValue));

    private string RangeLabel => Filter.From == Filter.To
        ? Filter.From.ToString("d", CultureInfo.CurrentCulture)
        : $"{Filter.From.ToString("d", CultureInfo.CurrentCulture)} – {Filter.To.ToString("d", CultureInfo.CurrentCulture)}";

    protected override async Task OnInitializedAsync()
    {
        _networkEmpty = Feed.Snapshot(LiveScope.All).Stations.Count == 0;
        _districts = (await Analytics.GetFilterOptionsAsync()).Districts;
        _reportMonth = Clock.Today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    protected override async Task OnParametersSetAsync()
    {
        Query = AnalyticsQuery.Parse(PresetText, FromText, ToText, DistrictText, KindText, GrainText, MeasureText);
        Filter = Query.ToFilter(Clock.Today);
        await Tables.LoadDistrictNamesAsync(CancellationToken.None);
        _trend = await Analytics.GetTrendAsync(Filter, Query.Grain);
        _heatMap = await Analytics.GetHeatMapAsync(Filter, Query.Measure);
        _rankings = await Analytics.GetRankingsAsync(Filter);
        _targets = await Analytics.GetTargetsAsync(Filter);
        _wishes = await Analytics.GetWishesAsync(Filter);
        _wishTable = Tables.Wishes(_wishes);
        _mediationTable = Tables.Mediation(await Analytics.GetMediationAsync(Filter));
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    // ---------------------------------------------------------------- filter → URL

    private void Go(AnalyticsQuery query) => Navigation.NavigateTo("analytics" + query.ToQueryString());

    private void SetPreset(DatePreset preset) => Go(Query with { Preset = preset, From = null, To = null });

    private void SetGrain(TrendGrain grain) => Go(Query with { Grain = grain });

    private void SetMeasure(HeatMapMeasure measure) => Go(Query with { Measure = measure });

    private void OnDistrictChanged(int? districtId) => Go(Query with { DistrictId = districtId });

    private void OnKindChanged(StationKind? kind) => Go(Query with { Kind = kind });

    private void OnDatesChanged(DateRange? range)
    {
        // The picker also reports the range it was given when a preset changes it: only a different range is a choice.
        if (range?.Start is { } start && range.End is { } end &&
            (DateOnly.FromDateTime(start), DateOnly.FromDateTime(end)) != (Filter.From, Filter.To))
        {
            Go(Query with { Preset = DatePreset.Custom, From = DateOnly.FromDateTime(start), To = DateOnly.FromDateTime(end) });
        }
    }

    private string DistrictLabel(int? id) =>
        id is { } value && _districts.FirstOrDefault(d => d.Id == value) is { } district
            ? district.DisplayName()
            : string.Empty;

    private string KindLabel(StationKind? kind) => kind is { } k ? L[$"StationKind.{k}"] : string.Empty;

    // ---------------------------------------------------------------- figures

    private IEnumerable<(string Key, double Value, double Previous)> Kpis =>
    [
        ("CheckIns", _trend!.CheckIns, _trend.PreviousCheckIns),
        ("Hours", Math.Round(_trend.VolunteerHours), Math.Round(_trend.PreviousVolunteerHours)),
        ("Activities", _trend.Activities, _trend.PreviousActivities),
        ("Attendance", _trend.Attendance, _trend.PreviousAttendance),
    ];

    private IReadOnlyList<ChartSeries> TrendSeries
    {
        get
        {
            Func<TrendPoint, double> current = _metric switch
            {
                "Hours" => p => p.VolunteerHours,
                "Activities" => p => p.Activities,
                "Attendance" => p => p.Attendance,
                _ => p => p.CheckIns,
            };
            Func<TrendPoint, double> previous = _metric switch
            {
                "Hours" => p => p.PreviousVolunteerHours,
                "Activities" => p => p.PreviousActivities,
                "Attendance" => p => p.PreviousAttendance,
                _ => p => p.PreviousCheckIns,
            };
            return
            [
                new(L["Analytics.ThisPeriod"], [.. _trend!.Points.Select(current)]),
                new(L["Analytics.PreviousPeriod"], [.. _trend.Points.Select(previous)]),
            ];
        }
    }

    private IReadOnlyList<string> TrendCategories =>
        [.. _trend!.Points.Select(p => Query.Grain == TrendGrain.Month
            ? p.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : p.Start.ToString("MM-dd", CultureInfo.InvariantCulture))];

    // ApexCharts draws a heat-map's first series at the bottom: Sunday first, so Monday reads at the top.
    private IReadOnlyList<ChartSeries> HeatSeries =>
        [.. HeatMapReport.WeekdayOrder.Select((day, i) => new ChartSeries(Tables.WeekdayName(day), _heatMap!.Values[i])).Reverse()];

    private static IReadOnlyList<string> HourCategories { get; } = [.. Enumerable.Range(0, 24).Select(h => h.ToString(CultureInfo.InvariantCulture))];

    private IReadOnlyList<StationRanking> StationOrder => _stationsByAttendance
        ? [.. _rankings!.Stations.OrderByDescending(s => s.Attendance).ThenBy(s => s.Code)]
        : _rankings!.Stations;

    private IReadOnlyList<RankRow> TopStations => [.. StationOrder.Take(RankSize).Select(StationRow)];

    private IReadOnlyList<RankRow> BottomStations => [.. StationOrder.Reverse().Take(RankSize).Select(StationRow)];

    private RankRow StationRow(StationRanking s) => new(s.Name,
        _stationsByAttendance ? s.Attendance.ToString("N0", CultureInfo.CurrentCulture) : s.VolunteerHours.ToString("N1", CultureInfo.CurrentCulture),
        $"stations/{s.StationId}{QueryString}");

    private IReadOnlyList<RankRow> TopVolunteers =>
        [.. _rankings!.Volunteers.Take(RankSize).Select(v => new RankRow(v.Name, v.Hours.ToString("N1", CultureInfo.CurrentCulture), $"volunteers/{v.VolunteerId}{QueryString}"))];

    private IReadOnlyList<RankRow> TeamRows =>
        [.. _rankings!.Teams.Select(t => new RankRow(t.DisplayName(), t.Hours.ToString("N1", CultureInfo.CurrentCulture), null))];

    private IReadOnlyList<ChartSeries> DistrictSeries =>
    [
        new(L["Analytics.Metric.Hours"], [.. _rankings!.Districts.Select(d => d.VolunteerHours)]),
        new(L["Analytics.Metric.Attendance"], [.. _rankings.Districts.Select(d => (double)d.Attendance)]),
    ];

    /// <summary>A district's bar narrows the page to that district.</summary>
    private void OpenDistrict(ChartPoint point)
    {
        if (point.DataPointIndex < _rankings?.Districts.Count)
        {
            Go(Query with { DistrictId = _rankings.Districts[point.DataPointIndex].DistrictId });
        }
    }

    /// <summary>A day's point (or a week's, a month's) narrows the page to that period, by day, whichever series was hit.</summary>
    private void OpenTrendPoint(ChartPoint point)
    {
        if (point.DataPointIndex < _trend?.Points.Count)
        {
            var period = _trend.Points[point.DataPointIndex];
            Go(Query with { Preset = DatePreset.Custom, From = period.Start, To = period.End, Grain = TrendGrain.Day });
        }
    }

    private IReadOnlyList<string> DistrictCategories => [.. _rankings!.Districts.Select(d => d.DisplayName())];

    private IReadOnlyList<ChartSeries> FunnelSeries =>
        [new(L["Analytics.Wishes"], [_wishes!.Total.Posted, _wishes.Total.Claimed, _wishes.Total.Fulfilled])];

    private IReadOnlyList<string> FunnelCategories =>
        [L["Analytics.Wish.Posted"], L["Analytics.Wish.Claimed"], L["Analytics.Wish.Fulfilled"]];

    // ---------------------------------------------------------------- monthly report

    private Task DownloadReportAsync()
    {
        if (!DateOnly.TryParseExact(_reportMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            Snackbar.Add(L["Analytics.Report.BadMonth"], Severity.Warning);
            return Task.CompletedTask;
        }

        var scope = Query with { Preset = DatePreset.Days30, From = null, To = null };
        return DownloadAsync($"analytics/report/{_reportMonth}.xlsx{scope.ToQueryString()}");
    }

    /// <summary>
    /// Fetches a file in the browser and hands it over as a download, showing first that the server is building it
    /// (a year of the city can take it seconds), then how much has arrived.
    /// </summary>
    private async Task DownloadAsync(string url)
    {
        if (_downloading)
        {
            return;
        }

        _downloading = true;
        _downloadPercent = -1;
        _downloadName = Path.GetFileName(url.Split('?')[0]);
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Features/Analytics/AnalyticsPage.razor.js");
            _self ??= DotNetObjectReference.Create(this);
            await _module.InvokeVoidAsync("download", url, _self);
        }
        catch (JSException)
        {
            Snackbar.Add(L["Analytics.Download.Failed", _downloadName], Severity.Error);
        }
        finally
        {
            _downloading = false;
        }
    }

    [JSInvokable]
    public Task OnDownloadProgress(int percent)
    {
        _downloadPercent = percent;
        return InvokeAsync(StateHasChanged);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }

        _self?.Dispose();
        GC.SuppressFinalize(this);
    }
}
