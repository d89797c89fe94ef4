using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace RedStation.Dashboard.Components.Charts;

/// <summary>
/// An ApexCharts chart built for live data: created once on first render, then updated in place —
/// new data and theme flips go to the existing chart, never a destroy and re-create, so a panel
/// refreshing every few seconds does not flicker.
/// </summary>
/// <remarks>
/// <see cref="Type"/>, <see cref="Height"/>, <see cref="Colors"/>, <see cref="Options"/> and whether
/// <see cref="OnPointClick"/> is set shape the chart when it is created; changing them later has no effect.
/// <see cref="Series"/>, <see cref="Categories"/> and <see cref="IsDarkMode"/> are live. Values show in tooltips and on the
/// value axis with at most one decimal: a count reads "14", never "14.00"; hours read "12.5".
/// </remarks>
public sealed partial class ApexChart
{
    /// <summary>The name under which the layout cascades MudBlazor's dark-mode flag.</summary>
    public const string DarkModeCascadeName = "IsDarkMode";

    internal const string ModulePath = "./Components/Charts/ApexChart.razor.js";

    private readonly string _id = $"apexchart-{Guid.NewGuid():N}";
    private ElementReference _element;
    private IJSObjectReference? _module;
    private DotNetObjectReference<ApexChart>? _self;
    private bool _created;
    private bool _creating;
    private bool _disposed;

    // Copies of what the browser last received. Copies, because callers may refill the same list
    // in place; comparing against their instance would then always see "unchanged".
    private IReadOnlyList<ChartSeries> _sentSeries = [];
    private IReadOnlyList<string> _sentCategories = [];
    private bool _sentDarkMode;

    // True when the browser may have missed a call: everything goes again with the next render.
    private bool _unsure;

    [Inject] public required IJSRuntime JS { get; init; }

    /// <summary>The kind of chart. Read once, when the chart is created.</summary>
    [Parameter, EditorRequired] public required ApexChartType Type { get; set; }

    /// <summary>
    /// The data. Line, area and bar: one entry per line or bar group. Heatmap: one entry per row, its
    /// values one per category (column). Donut, pie and radial bar: a single entry whose values are
    /// the slices, labelled by <see cref="Categories"/>.
    /// </summary>
    [Parameter, EditorRequired] public required IReadOnlyList<ChartSeries> Series { get; set; }

    /// <summary>The x-axis labels (heatmap: column labels; donut and pie: slice labels).</summary>
    [Parameter] public IReadOnlyList<string> Categories { get; set; } = [];

    /// <summary>The accessible name of the chart, read out by screen readers.</summary>
    [Parameter, EditorRequired] public required string Title { get; set; }

    /// <summary>Height in CSS pixels; the width follows the container.</summary>
    [Parameter] public int Height { get; set; } = 300;

    /// <summary>Series colours (CSS colours, in series order); ApexCharts' palette when null.</summary>
    [Parameter] public IReadOnlyList<string>? Colors { get; set; }

    /// <summary>
    /// Extra ApexCharts options, e.g. <c>new { stroke = new { curve = "smooth" } }</c>, serialized with
    /// camelCase names and deep-merged over the component's defaults (arrays are replaced).
    /// </summary>
    [Parameter] public object? Options { get; set; }

    /// <summary>CSS classes for the chart's container.</summary>
    [Parameter] public string? Class { get; set; }

    /// <summary>
    /// A click on a data point (a bar, a line's point, a heatmap cell): where a chart leads on click, as tables and the map
    /// do (a station's bar to its page, a day to that day). Set it before the chart is created.
    /// </summary>
    [Parameter] public EventCallback<ChartPoint> OnPointClick { get; set; }

    /// <summary>MudBlazor's dark mode, cascaded by the layout under <see cref="DarkModeCascadeName"/>.</summary>
    [CascadingParameter(Name = DarkModeCascadeName)] public bool IsDarkMode { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Created after the first render, or after a later one if the browser did not answer in time. A render while the
        // chart is being created leaves it to the creating one, which syncs after.
        if (!_created)
        {
            if (_creating)
            {
                return;
            }

            _creating = true;
            try
            {
                await CreateAsync();
            }
            finally
            {
                _creating = false;
            }

            if (!_created)
            {
                return;
            }

        }

        // Also after creating: parameters may have changed while the module was loading.
        await SyncAsync();
    }

    private async Task CreateAsync()
    {
        if (_module is null)
        {
            IJSObjectReference module;
            try
            {
                module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            }
            catch (Exception ex) when (IsBrowserAway(ex))
            {
                // No module, no chart: the next render tries again.
                return;
            }

            if (_disposed)
            {
                await module.DisposeAsync();
                return;
            }

            // Set before awaiting create: interop calls reach the browser in order, so an update or a
            // destroy issued while create is still running lands after it.
            _module = module;
        }

        Remember();
        if (OnPointClick.HasDelegate)
        {
            _self ??= DotNetObjectReference.Create(this);
        }

        var config = new ApexChartConfig(Type, Height, _sentSeries, _sentCategories, Colors, _sentDarkMode, Options, _self);
        await SendAsync("create", _id, _element, config);
        // Unanswered, the chart may not exist: the next render creates it again (the module replaces a chart of the same id).
        _created = !_unsure;
    }

    private async Task SyncAsync()
    {
        if (_module is null || _disposed)
        {
            return;
        }

        var dataChanged = _unsure || !SameSeries(Series, _sentSeries);
        var categoriesChanged = _unsure || !Categories.SequenceEqual(_sentCategories);
        var themeChanged = _unsure || IsDarkMode != _sentDarkMode;
        if (!dataChanged && !categoriesChanged && !themeChanged)
        {
            return;
        }

        Remember();

        if (dataChanged || categoriesChanged)
        {
            // Unchanged categories go as null: the chart then updates only its series and keeps its axes.
            await SendAsync("update", _id, _sentSeries, categoriesChanged ? _sentCategories : null);
        }
        if (themeChanged)
        {
            await SendAsync("setTheme", _id, _sentDarkMode);
        }
    }

    /// <summary>
    /// Sends one call to the chart's module. A call the browser did not answer (the connection dropped, or the page was too
    /// busy to answer within the interop timeout) must not end the screen's circuit — an exception here would, and a wall
    /// screen would go dark over a chart. The browser may or may not have applied it, so the next render sends everything again.
    /// </summary>
    private async Task SendAsync(string identifier, params object?[] args)
    {
        _unsure = false;
        try
        {
            await _module!.InvokeVoidAsync(identifier, args);
        }
        catch (Exception ex) when (IsBrowserAway(ex))
        {
            _unsure = true;
        }
    }

    /// <summary>The browser's report of a click on a data point (indexes as ApexCharts numbers them, from 0).</summary>
    [JSInvokable]
    public Task OnChartClick(int seriesIndex, int dataPointIndex)
    {
        // Only points the chart was given: the browser's indexes are not trusted further than that.
        if (seriesIndex < 0 || dataPointIndex < 0 || seriesIndex >= _sentSeries.Count || dataPointIndex >= _sentSeries[seriesIndex].Data.Count)
        {
            return Task.CompletedTask;
        }

        var category = dataPointIndex < _sentCategories.Count ? _sentCategories[dataPointIndex] : null;
        return OnPointClick.InvokeAsync(new ChartPoint(seriesIndex, dataPointIndex, category));
    }

    private static bool IsBrowserAway(Exception ex) => ex is JSDisconnectedException or TaskCanceledException;

    private void Remember()
    {
        _sentSeries = [.. Series.Select(s => s with { Data = [.. s.Data] })];
        _sentCategories = [.. Categories];
        _sentDarkMode = IsDarkMode;
    }

    private static bool SameSeries(IReadOnlyList<ChartSeries> current, IReadOnlyList<ChartSeries> sent) =>
        current.Count == sent.Count
        && current.Zip(sent).All(pair => pair.First.Name == pair.Second.Name && pair.First.Data.SequenceEqual(pair.Second.Data));

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _self?.Dispose();
        if (_module is null)
        {
            return;
        }

        try
        {
            await _module.InvokeVoidAsync("destroy", _id);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser's chart with it: nothing left to release.
        }
    }
}

/// <summary>What the browser needs to create the chart; <see cref="Options"/> is merged over the defaults.</summary>
internal sealed record ApexChartConfig(
    ApexChartType Type,
    int Height,
    IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string>? Colors,
    bool DarkMode,
    object? Options,
    DotNetObjectReference<ApexChart>? Clicks = null);

/// <summary>A clicked data point: its series and its index in the series (and in <see cref="ApexChart.Categories"/>), and that category.</summary>
public sealed record ChartPoint(int SeriesIndex, int DataPointIndex, string? Category);
