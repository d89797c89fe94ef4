using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RedStation.Dashboard.Components.Live;
using RedStation.Dashboard.Features.Alerts;
using RedStation.Dashboard.Features.Overview;
using RedStation.Data.Alerts;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Tests.Components;

/// <summary>
/// Every live screen's statement of how far to trust it: live (and since when), degraded (and why), and the
/// reconnecting text the browser shows by itself when it loses the server.
/// </summary>
public sealed class LiveIndicatorTests : DashboardTestContext
{
    /// <summary>13:45:12 UTC is 21:45:12 in the city (Asia/Shanghai).</summary>
    private static readonly DateTime LastUpdate = new(2025, 3, 4, 13, 45, 12, DateTimeKind.Utc);

    private LiveFeed Feed => Database.Get<LiveFeed>();

    [Theory]
    [InlineData("zh-CN", "实时 · 21:45:12")]
    [InlineData("en", "Live · 21:45:12")]
    public void InALiveFeed_ItSaysLive_WithTheCityTimeOfTheLastUpdate(string culture, string expected)
    {
        UseCulture(culture);

        var indicator = RenderIndicator(Feed.Health);

        Assert.Equal("live", indicator.Find("[data-testid=live-indicator]").GetAttribute("data-state"));
        Assert.Equal(expected, ServerText(indicator));
        Assert.Contains("mud-chip-color-success", indicator.Find("[data-testid=live-indicator-server]").ClassList);
    }

    [Theory]
    [InlineData("zh-CN", "数据可能滞后：其他服务器的更新暂未到达", "自 {0} 起")]
    [InlineData("en", "Data may lag: other servers' updates are not arriving", "Since {0}")]
    public void WhenOtherServersCannotBeHeard_ItSaysTheDataMayLag_AndWhy_AndSinceWhen(string culture, string expected, string since)
    {
        UseCulture(culture);
        var lostAt = Database.Get<CityClock>().LocalNow.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        Feed.SetLagging(LiveLag.PeersUnreachable, true);
        var indicator = RenderIndicator(Feed.Health);

        Assert.Equal("degraded", indicator.Find("[data-testid=live-indicator]").GetAttribute("data-state"));
        Assert.Equal(expected, ServerText(indicator));
        var chip = indicator.Find("[data-testid=live-indicator-server]");
        Assert.Contains("mud-chip-color-warning", chip.ClassList);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, since, lostAt), chip.GetAttribute("title"));
    }

    [Fact]
    public void WithTwoReasons_ItNamesBoth()
    {
        UseCulture("zh-CN");

        var indicator = RenderIndicator(new LiveHealth(LiveLag.PeersUnreachable | LiveLag.Rebuilding, LastUpdate));

        Assert.Equal("数据可能滞后：其他服务器的更新暂未到达；正在从数据库重建", ServerText(indicator));
    }

    [Theory]
    [InlineData("zh-CN", "连接中断，正在重新连接…")]
    [InlineData("en", "Reconnecting…")]
    public void TheReconnectingText_IsAlreadyOnThePage_InItsLanguage_ForTheBrowserToShowWithoutTheServer(string culture, string expected)
    {
        UseCulture(culture);

        var indicator = RenderIndicator(Feed.Health);

        var lost = indicator.Find("[data-testid=live-indicator-lost]");
        Assert.Equal(expected, lost.TextContent.Trim());
        Assert.Contains("mud-chip-color-error", lost.ClassList);
    }

    [Fact]
    public void OnTheWall_LiveLeavesTheTimeToTheFreshnessStamp()
    {
        UseCulture("zh-CN");

        var indicator = Render<LiveIndicator>(p => p
            .Add(i => i.Health, Feed.Health)
            .Add(i => i.UpdatedAt, LastUpdate)
            .Add(i => i.Compact, true));

        Assert.Equal("实时", ServerText(indicator));
    }

    [Fact]
    public void ItsChips_CarryTheClassesOfASmallTextMudChip()
    {
        var real = Render<MudChip<string>>(p => p
            .Add(c => c.Size, Size.Small)
            .Add(c => c.Variant, Variant.Text)
            .Add(c => c.Color, Color.Warning)
            .Add(c => c.Icon, Icons.Material.Filled.SyncProblem));
        var ours = RenderIndicator(new LiveHealth(LiveLag.Rebuilding, LastUpdate));

        var realChip = real.Find(".mud-chip");
        var ourChip = ours.Find("[data-testid=live-indicator-server]");
        Assert.Equal(
            realChip.ClassList.Order(StringComparer.Ordinal),
            ourChip.ClassList.Where(c => !c.StartsWith("live-indicator", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.NotNull(real.Find(".mud-chip-container > .mud-chip"));
        Assert.NotNull(ours.Find(".mud-chip-container > .mud-chip"));
        Assert.Equal(realChip.QuerySelector("svg")!.ClassList.Order(StringComparer.Ordinal), ourChip.QuerySelector("svg")!.ClassList.Order(StringComparer.Ordinal));
        Assert.NotNull(ourChip.QuerySelector("span.mud-chip-content"));
        Assert.NotNull(realChip.QuerySelector("span.mud-chip-content"));
    }

    [Fact]
    public void TheOverview_ShowsDegradedWhileTheFeedLags_AndLiveAgainWhenItRecovers()
    {
        UseCulture("en");
        UseInteractiveRenderer();
        var page = Render<OverviewPage>();
        Assert.StartsWith("Live · ", ServerText(page));

        Feed.SetLagging(LiveLag.PeersUnreachable, true);

        page.WaitForAssertion(() => Assert.Equal("Data may lag: other servers' updates are not arriving", ServerText(page)));

        Feed.SetLagging(LiveLag.PeersUnreachable, false);

        page.WaitForAssertion(() => Assert.StartsWith("Live · ", ServerText(page)));
    }

    [Fact]
    public void TheAlertsPage_WhichSubscribesByItself_ShowsDegradedWhileTheFeedLags_AndLiveAgainWhenItRecovers()
    {
        UseCulture("zh-CN");
        Services.AddSingleton(Database.Get<AlertLog>());
        UseInteractiveRenderer();
        var page = Render<AlertsPage>();
        page.WaitForAssertion(() => Assert.StartsWith("实时 · ", ServerText(page)));

        Feed.SetLagging(LiveLag.Rebuilding, true);

        page.WaitForAssertion(() => Assert.Equal("数据可能滞后：正在从数据库重建", ServerText(page)));

        Feed.SetLagging(LiveLag.Rebuilding, false);

        page.WaitForAssertion(() => Assert.StartsWith("实时 · ", ServerText(page)));
    }

    private IRenderedComponent<LiveIndicator> RenderIndicator(LiveHealth health) =>
        Render<LiveIndicator>(p => p.Add(i => i.Health, health).Add(i => i.UpdatedAt, LastUpdate));

    private static string ServerText<T>(IRenderedComponent<T> rendered) where T : Microsoft.AspNetCore.Components.IComponent =>
        rendered.Find("[data-testid=live-indicator-server] .mud-chip-content").TextContent.Trim();
}
