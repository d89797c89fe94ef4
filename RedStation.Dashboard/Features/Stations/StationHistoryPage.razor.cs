using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Components.Charts;
using RedStation.Dashboard.Features.Analytics;
using RedStation.Dashboard.Features.WallDisplay;
using RedStation.Dashboard.Localization;
using RedStation.Data.Analytics;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Stations;

/// <summary>
/// A station's history for the analytics filter in the URL: its trend, the volunteers who served there, its activities,
/// wishes and mediation cases. Organisers and administrators only (duty staff run their stations from the desk).
/// </summary>
public partial class StationHistoryPage
{
    private StationHistory? _history;
    private TrendReport? _trend;
    private ProgrammeTotals? _sinceStart;
    private bool _loaded;

    [Inject] public required AnalyticsService Analytics { get; init; }
    [Inject] public required CityClock Clock { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IOptions<WallDisplayOptions> WallOptions { get; init; }

    [Parameter] public int StationId { get; set; }

    [SupplyParameterFromQuery(Name = "preset")] public string? PresetText { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? FromText { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? ToText { get; set; }
    [SupplyParameterFromQuery(Name = "grain")] public string? GrainText { get; set; }

    /// <summary>The analytics filter's range and grain; district and kind do not narrow a single station.</summary>
    internal AnalyticsQuery Query { get; private set; } = new();

    private AnalyticsFilter Filter { get; set; } = null!;

    private string RangeLabel => $"{Filter.From.ToString("d", CultureInfo.CurrentCulture)} – {Filter.To.ToString("d", CultureInfo.CurrentCulture)}";

    protected override async Task OnParametersSetAsync()
    {
        Query = AnalyticsQuery.Parse(PresetText, FromText, ToText, null, null, GrainText, null);
        Filter = Query.ToFilter(Clock.Today, StationId);
        _history = await Analytics.GetStationHistoryAsync(StationId, Filter);
        _trend = _history is null ? null : await Analytics.GetTrendAsync(Filter, Query.Grain);
        // Since the programme's start, whatever the filter: a mediation studio's disputes settled, its baseline included.
        _sinceStart = _history is null ? null : await Analytics.GetProgrammeTotalsAsync(new AnalyticsFilter(WallOptions.Value.ProgrammeStart, Clock.Today, StationId: StationId));
        _loaded = true;
    }

    private IEnumerable<(string Key, double Value)> Kpis =>
    [
        ("CheckIns", _trend!.CheckIns),
        ("Hours", Math.Round(_trend.VolunteerHours)),
        ("Activities", _trend.Activities),
        ("Attendance", _trend.Attendance),
    ];

    private IReadOnlyList<ChartSeries> TrendSeries =>
    [
        new(L["Analytics.Metric.CheckIns"], [.. _trend!.Points.Select(p => (double)p.CheckIns)]),
        new(L["Analytics.Metric.Hours"], [.. _trend.Points.Select(p => p.VolunteerHours)]),
        new(L["Analytics.PreviousCheckIns"], [.. _trend.Points.Select(p => (double)p.PreviousCheckIns)]),
    ];

    private IReadOnlyList<string> TrendCategories => [.. _trend!.Points.Select(p => p.Start.ToString("MM-dd", CultureInfo.InvariantCulture))];

    /// <summary>A day's point narrows the station's page to that day.</summary>
    private void OpenTrendPoint(ChartPoint point)
    {
        if (point.DataPointIndex < _trend?.Points.Count)
        {
            var period = _trend.Points[point.DataPointIndex];
            var query = Query with { Preset = DatePreset.Custom, From = period.Start, To = period.End, Grain = TrendGrain.Day };
            Navigation.NavigateTo($"stations/{StationId.ToString(CultureInfo.InvariantCulture)}{query.ToQueryString()}");
        }
    }

    private string Since(DateOnly day) => day.ToString(Bilingual.IsChinese ? "yyyy年M月d日" : "d MMMM yyyy", CultureInfo.CurrentCulture);

    private string Local(DateTime utc) => Clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
