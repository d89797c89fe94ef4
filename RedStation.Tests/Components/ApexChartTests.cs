using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor.Services;
using RedStation.Dashboard.Components.Charts;

namespace RedStation.Tests.Components;

/// <summary>
/// A chart call the browser does not answer — the connection dropped, or the page was too busy to answer within the
/// interop timeout — must not end the screen's circuit (an exception from a component's after-render does): the chart
/// catches up with the next render instead.
/// </summary>
public sealed class ApexChartTests : BunitContext
{
    private static readonly IReadOnlyList<string> Hours = ["8", "9", "10"];

    private readonly BunitJSModuleInterop _module;

    public ApexChartTests()
    {
        Services.AddLocalization();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Strict;
        _module = JSInterop.SetupModule(ApexChart.ModulePath);
    }

    [Fact]
    public void AnUpdateTheBrowserDidNotAnswer_LeavesTheScreenRunning_AndTheNextRenderSendsEverythingAgain()
    {
        _module.SetupVoid("create", _ => true).SetVoidResult();
        var update = _module.SetupVoid("update", _ => true).SetException(new TaskCanceledException("The interop call timed out."));
        var theme = _module.SetupVoid("setTheme", _ => true).SetVoidResult();
        var chart = Render<ApexChart>(p => Chart(p, Series(1, 2, 3)));

        chart.Render(p => Chart(p, Series(1, 2, 4)));
        Assert.Single(update.Invocations);

        update.SetVoidResult();
        chart.Render(p => Chart(p, Series(1, 2, 4)));

        // Same parameters as the unanswered call, yet sent again — with the categories, in case those were lost too.
        Assert.Equal(2, update.Invocations.Count);
        var resent = update.Invocations["update"][^1];
        Assert.Equal([1d, 2d, 4d], Assert.Single((IReadOnlyList<ChartSeries>)resent.Arguments[1]!).Data);
        Assert.Equal(Hours, (IReadOnlyList<string>)resent.Arguments[2]!);
        Assert.Single(theme.Invocations);

        // Answered, nothing more goes until something changes.
        chart.Render(p => Chart(p, Series(1, 2, 4)));
        Assert.Equal(2, update.Invocations.Count);
        Assert.Single(theme.Invocations);
    }

    [Fact]
    public void ACreateTheBrowserDidNotAnswer_IsMadeAgainWithTheLatestData_NeverUpdatedBeforeThat()
    {
        var create = _module.SetupVoid("create", _ => true).SetException(new JSDisconnectedException("The circuit is disconnected."));
        var update = _module.SetupVoid("update", _ => true).SetVoidResult();
        var chart = Render<ApexChart>(p => Chart(p, Series(1, 2, 3)));
        Assert.Single(create.Invocations);

        create.SetVoidResult();
        chart.Render(p => Chart(p, Series(5, 6, 7)));

        Assert.Equal(2, create.Invocations.Count);
        var config = (ApexChartConfig)create.Invocations["create"][^1].Arguments[2]!;
        Assert.Equal([5d, 6d, 7d], Assert.Single(config.Series).Data);
        Assert.Empty(update.Invocations);

        chart.Render(p => Chart(p, Series(5, 6, 8)));
        Assert.Equal(2, create.Invocations.Count);
        Assert.Single(update.Invocations);
    }

    [Fact]
    public void UntilTheBrowserHasDrawnTheChart_ALoaderShows()
    {
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
        // The browser has not answered yet (here: not in time), so the chart is not drawn: the module loads and ApexCharts
        // draws, seconds for the first chart of a page, and the box must not look empty meanwhile.
        var create = _module.SetupVoid("create", _ => true).SetException(new TaskCanceledException("Not drawn yet."));
        var chart = Render<ApexChart>(p => Chart(p, Series(1, 2, 3)));

        Assert.Single(create.Invocations);
        var loader = chart.Find("[data-testid=chart-loading] [role=progressbar]");
        Assert.Equal("Loading the chart", loader.GetAttribute("aria-label"));

        // Once drawn, the stylesheet hides it (ApexChart.razor.css): the analytics end-to-end test sees it go.
        Assert.Equal("chart-loading", chart.Find("[role=figure]").PreviousElementSibling?.GetAttribute("data-testid"));
    }

    [Fact]
    public async Task AClickOnAPoint_ReachesTheCallback_WithItsSeriesIndexAndCategory_AndOnlyForPointsTheChartHas()
    {
        var create = _module.SetupVoid("create", _ => true).SetVoidResult();
        var clicked = new List<ChartPoint>();
        var chart = Render<ApexChart>(p => Chart(p, Series(1, 2, 3)).Add(c => c.OnPointClick, (ChartPoint point) => clicked.Add(point)));

        // The browser is told to report clicks, through this component.
        var config = (ApexChartConfig)create.Invocations["create"][0].Arguments[2]!;
        Assert.NotNull(config.Clicks);
        Assert.Equal("true", chart.Find("[role=figure]").GetAttribute("data-clickable"));

        await chart.InvokeAsync(() => chart.Instance.OnChartClick(0, 1));
        await chart.InvokeAsync(() => chart.Instance.OnChartClick(0, 3));
        await chart.InvokeAsync(() => chart.Instance.OnChartClick(1, 0));
        await chart.InvokeAsync(() => chart.Instance.OnChartClick(-1, -1));

        Assert.Equal([new ChartPoint(0, 1, "9")], clicked);
    }

    [Fact]
    public void AChartWithoutACallback_AsksForNoClicks()
    {
        var create = _module.SetupVoid("create", _ => true).SetVoidResult();
        var chart = Render<ApexChart>(p => Chart(p, Series(1, 2, 3)));

        Assert.Null(((ApexChartConfig)create.Invocations["create"][0].Arguments[2]!).Clicks);
        Assert.Null(chart.Find("[role=figure]").GetAttribute("data-clickable"));
    }

    private static IReadOnlyList<ChartSeries> Series(params double[] values) => [new ChartSeries("签到", values)];

    private static ComponentParameterCollectionBuilder<ApexChart> Chart(ComponentParameterCollectionBuilder<ApexChart> parameters, IReadOnlyList<ChartSeries> series) => parameters
        .Add(c => c.Type, ApexChartType.Bar)
        .Add(c => c.Title, "每小时签到")
        .Add(c => c.Series, series)
        .Add(c => c.Categories, Hours);
}
