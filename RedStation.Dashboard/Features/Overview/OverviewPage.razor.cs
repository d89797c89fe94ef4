using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using RedStation.Dashboard.Components.Charts;
using RedStation.Dashboard.Components.Live;
using RedStation.Dashboard.Components.Map;
using RedStation.Dashboard.Live;
using RedStation.Dashboard.Localization;
using RedStation.Dashboard.Security;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Overview;

/// <summary>
/// The network at a glance, live: headline figures, today's check-ins against the week, activities,
/// districts side by side, the fullest stations hour by hour, and a ticker of what just happened.
/// </summary>
public partial class OverviewPage : LiveComponentBase
{
    internal const int HeatRows = 15;
    internal const int TickerLines = 12;
    /// <summary>How many alert groups the folded alerts line names.</summary>
    internal const int AlertLines = 3;

    private static readonly string[] HourColors = ["#C62828", "#1E88E5"];
    private static readonly string[] ActivityColors = ["#C62828"];
    private static readonly string[] DistrictColors = ["#2E7D32", "#1E88E5"];
    private static readonly string[] HeatColors = ["#C62828"];

    private static readonly object HourOptions = new
    {
        stroke = new { width = new[] { 0, 3 }, curve = "smooth", dashArray = new[] { 0, 6 } },
        plotOptions = new { bar = new { columnWidth = "70%", borderRadius = 2 } },
        xaxis = new { tickAmount = 12 },
        yaxis = new { min = 0, forceNiceScale = true, decimalsInFloat = 0 },
        legend = new { position = "top", horizontalAlign = "right" },
    };

    private static readonly object ActivityOptions = new
    {
        plotOptions = new { bar = new { horizontal = true, barHeight = "65%", borderRadius = 2 } },
        dataLabels = new { enabled = true },
        yaxis = new { labels = new { maxWidth = 220 } },
        legend = new { show = false },
    };

    private static readonly object DistrictOptions = new
    {
        plotOptions = new { bar = new { columnWidth = "60%", borderRadius = 2 } },
        xaxis = new { labels = new { rotate = -45, rotateAlways = true, trim = true, maxHeight = 110, hideOverlappingLabels = false } },
        legend = new { position = "top", horizontalAlign = "right" },
    };

    private static readonly object HeatOptions = new
    {
        dataLabels = new { enabled = true },
        plotOptions = new { heatmap = new { radius = 2, shadeIntensity = 0.6 } },
        yaxis = new { labels = new { maxWidth = 260 } },
        legend = new { show = false },
    };

    /// <summary>The stations' names by id, once per list of stations: every circuit showing that snapshot shares them.</summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<StationLive>, Dictionary<int, string>> NamesByList = [];

    private IReadOnlyList<DistrictLive> _allDistricts = [];
    private int? _districtId;

    private IReadOnlyList<ChartSeries> _hourSeries = [];
    private IReadOnlyList<string> _hourCategories = [];
    private IReadOnlyList<ChartSeries> _activitySeries = [];
    private IReadOnlyList<string> _activityCategories = [];
    private IReadOnlyList<ChartSeries> _districtSeries = [];
    private IReadOnlyList<string> _districtCategories = [];
    private IReadOnlyList<ChartSeries> _heatSeries = [];
    private IReadOnlyList<int> _heatStations = [];
    private IReadOnlyList<string> _heatCategories = [];
    // Keyed by the event itself, not its sequence: the lines a rebuild loads from the database all carry sequence 0.
    private IReadOnlyList<(LiveEvent Event, TickerLine Line, string Station, string Time)> _ticker = [];
    private KpiTrendSet? _trends;
    private Task? _trendsPending;
    private IReadOnlyDictionary<int, string> _stationNames = new Dictionary<int, string>();
    private bool _canSeeAlertsPage;

    [Inject] public required CityClock Clock { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required KpiTrends Trends { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        _canSeeAlertsPage = user is not null && StationAccess.CanSeeAlerts(user);

        // A city's first day: an empty network opens on the setup page for its administrator.
        if (IsNetworkEmpty && user is not null && StationAccess.CanRunEveryDesk(user))
        {
            Navigation.NavigateTo("setup");
        }
    }

    /// <summary>The network holds no station yet (the whole city is on screen): there is nothing to show but the next step.</summary>
    private bool IsNetworkEmpty => Scope == LiveScope.All && Snapshot.Stations.Count == 0;

    private NetworkTotals Totals => Snapshot.Totals;

    protected override void OnSnapshot()
    {
        if (Scope == LiveScope.All)
        {
            _allDistricts = Snapshot.Districts;
        }

        _stationNames = NamesByList.GetValue(Snapshot.Stations, list => list.ToDictionary(s => s.StationId, s => s.Name));
        ReadTrends();
        BuildHours();
        BuildActivities();
        BuildDistricts();
        BuildHeat();
        BuildTicker();
    }

    private void BuildHours()
    {
        _hourCategories = Enumerable.Range(0, 24).Select(h => (string)L["Chart.HourLabel", h]).ToList();
        _hourSeries =
        [
            new ChartSeries(L["Chart.CheckInsToday"], Snapshot.CheckInsByHour.Select(v => (double)v).ToList(), "column"),
            new ChartSeries(L["Chart.CheckInsWeekAverage"], Snapshot.CheckInsByHourWeekAverage, "line"),
        ];
    }

    private void BuildActivities()
    {
        _activityCategories = Snapshot.ActivitiesByType.Select(a => a.DisplayName()).ToList();
        _activitySeries = [new ChartSeries(L["Chart.Activities"], Snapshot.ActivitiesByType.Select(a => (double)a.Count).ToList())];
    }

    private void BuildDistricts()
    {
        _districtCategories = Snapshot.Districts.Select(DistrictName).ToList();
        _districtSeries =
        [
            new ChartSeries(L["Kpi.OnDuty"], Snapshot.Districts.Select(d => (double)d.VolunteersOnDuty).ToList()),
            new ChartSeries(L["Kpi.CheckInsToday"], Snapshot.Districts.Select(d => (double)d.Today.CheckIns).ToList()),
        ];
    }

    private void BuildHeat()
    {
        var rows = Feed.OccupancyHeat(Scope, HeatRows);
        var hours = rows.Count == 0 ? 0 : rows.Max(r => r.PeakByHour.Count);
        // The night's empty hours say nothing: the map starts with the first hour anyone was in.
        var first = Enumerable.Range(0, hours).FirstOrDefault(h => rows.Any(r => h < r.PeakByHour.Count && r.PeakByHour[h] > 0));
        _heatCategories = Enumerable.Range(first, hours - first).Select(h => (string)L["Chart.HourLabel", h]).ToList();
        // ApexCharts draws a heatmap's first series at the bottom: reversed, the fullest station is on top.
        _heatStations = [.. rows.Select(r => r.StationId).Reverse()];
        _heatSeries = rows
            .Select(r => new ChartSeries(r.Name, r.PeakByHour.Skip(first).Select(v => (double)v).ToList()))
            .Reverse()
            .ToList();
    }

    /// <summary>A station's row of the heatmap opens the station's page, as its dot on the map does.</summary>
    private void OpenHeatStation(ChartPoint point)
    {
        if (point.SeriesIndex < _heatStations.Count)
        {
            Navigation.NavigateTo(NetworkMap.StationPath(_heatStations[point.SeriesIndex]));
        }
    }

    /// <summary>
    /// Yesterday's figures and the sparklines: the scope's shared answer, read again when a minute old. Its read is
    /// awaited off the render; the tiles show their comparison when it lands.
    /// </summary>
    private void ReadTrends()
    {
        _trends = Trends.Latest(Scope, out var ready);
        if (ready.IsCompleted || _trendsPending == ready)
        {
            return;
        }

        _trendsPending = ready;
        _ = ShowTrendsWhenReadAsync(ready, Scope);
    }

    private async Task ShowTrendsWhenReadAsync(Task ready, LiveScope scope)
    {
        try
        {
            await ready;
            await InvokeAsync(() =>
            {
                if (scope == Scope)
                {
                    _trends = Trends.Latest(scope, out _);
                    StateHasChanged();
                }
            });
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>"比昨日同时 +12": the live figure against the same time yesterday; nothing until yesterday's is read.</summary>
    private string? Versus(int now, KpiTrend? trend) =>
        trend is null ? null : (string)L["Kpi.VsYesterday", (now - trend.SameTimeYesterday).ToString("+#,0;−#,0;±0", CultureInfo.CurrentCulture)];

    private string StationName(int stationId) => _stationNames.GetValueOrDefault(stationId, string.Empty);

    private void BuildTicker()
    {
        var names = _stationNames;
        _ticker = Snapshot.Recent
            .Take(TickerLines)
            .Select(e => (
                e,
                TickerLine.Of(e, L),
                names.GetValueOrDefault(e.StationId, string.Empty),
                Clock.ToLocal(e.At).ToString("HH:mm", CultureInfo.InvariantCulture)))
            .ToList();
    }

    private void OnDistrictSelected(ChangeEventArgs e) =>
        OnDistrictChanged(int.TryParse(e.Value as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null);

    private void OnDistrictChanged(int? districtId)
    {
        _districtId = districtId;
        ChangeScope(districtId is { } id ? LiveScope.District(id) : LiveScope.All);
    }

    private static string DistrictName(DistrictLive district) => district.DisplayName();

    private static string N(int value) => value.ToString("N0", CultureInfo.CurrentCulture);
}
