using Bunit;
using Microsoft.AspNetCore.Components;
using RedStation.Dashboard.Components.Alerts;
using RedStation.Dashboard.Features.Overview;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>The folded alerts line of the Overview and the desk: groups counted by severity, the most pressing named, the list on a tap.</summary>
public sealed class AlertSummaryTests : DashboardTestContext
{
    private static readonly DateTime Morning = new(2026, 11, 28, 1, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Seven open alerts in five groups: two stations over capacity (critical), three wishes waiting at one station (one
    /// group: medium, high once the oldest has waited twice its limit), nobody on duty at one (high), one quiet (low).
    /// </summary>
    private static readonly AlertLive[] Open =
    [
        Alert(1, AlertRule.OverCapacity, 11, value: 12, limit: 10, hoursAgo: 1),
        Alert(2, AlertRule.OverCapacity, 12, value: 30, limit: 20, hoursAgo: 3),
        Alert(3, AlertRule.WishUnclaimed, 13, value: 4, limit: 3, hoursAgo: 30, subject: 101),
        Alert(4, AlertRule.WishUnclaimed, 13, value: 7, limit: 3, hoursAgo: 100, subject: 102),
        Alert(5, AlertRule.WishUnclaimed, 13, value: 3, limit: 3, hoursAgo: 2, subject: 103),
        Alert(6, AlertRule.NobodyOnDuty, 14, value: 45, limit: 30, hoursAgo: 2),
        Alert(7, AlertRule.StationQuiet, 15, value: 5, limit: 4, hoursAgo: 5),
    ];

    [Fact]
    public void TheLine_CountsGroupsBySeverity_AndNamesTheTopThree_SeverityFirstThenTheOldest()
    {
        UseCulture("zh-CN");

        var cut = RenderSummary(Open, top: 3);

        Assert.Equal("5 条告警", cut.Find("[data-testid=alert-summary-total]").TextContent);
        Assert.Equal(
            // Quiet since nine hours (the condition began five hours ago, at four): twice its limit, one step up.
            [("Critical", "2"), ("High", "2"), ("Medium", "1")],
            cut.FindAll("[data-testid=alert-summary-severity]").Select(e => (e.GetAttribute("data-severity"), e.GetAttribute("data-count"))).ToList());
        Assert.Equal("紧急 2", cut.Find("[data-severity=Critical]").TextContent.Trim());
        // Over capacity at 12 (three hours) before 11 (one hour); then the high ones, the wishes' group (100 hours) first.
        Assert.Equal(
            [("OverCapacity", "12"), ("OverCapacity", "11"), ("WishUnclaimed", "13")],
            cut.FindAll("[data-testid=alert-summary-group]").Select(e => (e.GetAttribute("data-rule"), e.GetAttribute("data-station"))).ToList());
        var wishes = cut.FindAll("[data-testid=alert-summary-group]")[2].TextContent;
        Assert.Contains("×3", wishes);
        Assert.Contains("站13", wishes);
        Assert.Contains("已 7 天无人认领", wishes);
        // The line is red: its most severe group is critical.
        Assert.Contains("alert-summary-critical", cut.Find("[data-testid=alert-summary]").ClassName);
    }

    [Fact]
    public void Closed_ItHoldsNoList_AndATapOpensAndClosesIt()
    {
        UseCulture("en");
        var cut = RenderSummary(Open, top: 0);
        Assert.Equal("Alerts: 5", cut.Find("[data-testid=alert-summary-total]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=alert-summary-group]"));
        Assert.Empty(cut.FindAll("[data-testid=alert-summary-list]"));
        Assert.Equal("false", cut.Find("[data-testid=alert-summary-toggle]").GetAttribute("aria-expanded"));

        cut.Find("[data-testid=alert-summary-toggle]").Click();

        // A tap's render may land after Click returns (another render holds the renderer): wait for it, as a person would.
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=alert-summary-toggle]").GetAttribute("aria-expanded")));
        // The list shows groups: the three wishes of station 13 are one.
        Assert.Equal(Open.Length - 2, cut.FindAll("[data-testid=alert-summary-list] [data-testid=alert-item]").Count);

        cut.Find("[data-testid=alert-summary-toggle]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=alert-summary-list]")));
    }

    [Fact]
    public async Task OnTheOverview_AlertsRaisedLive_AreCountedInTheLine_AndTheListOpensOnATap()
    {
        UseCulture("zh-CN");
        var auth = AddAuthorization();
        auth.SetAuthorized("organiser");
        auth.SetRoles(StaffRoles.Organiser);
        var alerts = Database.Get<AlertService>();
        foreach (var setting in AlertRuleDefaults.All)
        {
            Assert.True((await alerts.UpdateRuleAsync(setting.Rule, setting.Rule == AlertRule.OverCapacity, setting.Threshold, 0)).Succeeded);
        }

        await alerts.EvaluateAsync();
        UseInteractiveRenderer();
        var page = Render<OverviewPage>();
        Assert.Empty(page.FindAll("[data-testid=overview-alert-summary]"));

        var stations = Database.Get<LiveFeed>().Snapshot(LiveScope.All).Stations.Where(s => s.Status == StationStatus.Open && s.Capacity > 0).Take(4).ToList();
        foreach (var station in stations)
        {
            Assert.True((await Database.Get<OccupancyService>().SetAsync(station.StationId, station.Capacity + 1)).Succeeded);
        }

        Assert.Equal(4, (await alerts.EvaluateAsync()).Opened);

        page.WaitForAssertion(() =>
        {
            Assert.Equal("4 条告警", page.Find("[data-testid=overview-alert-summary] [data-testid=alert-summary-total]").TextContent);
            Assert.Equal("4", page.Find("[data-testid=alert-summary-severity][data-severity=Critical]").GetAttribute("data-count"));
            Assert.Equal(OverviewPage.AlertLines, page.FindAll("[data-testid=alert-summary-group]").Count);
        });
        Assert.Empty(page.FindAll("[data-testid=alert-item]"));

        page.Find("[data-testid=alert-summary-toggle]").Click();

        // The tap's render may land after Click returns on a busy machine.
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=alert-summary-list] [data-testid=alert-item]").Count));
    }

    private IRenderedComponent<AlertSummary> RenderSummary(IReadOnlyList<AlertLive> alerts, int top) =>
        Render<AlertSummary>(p => p
            .Add(s => s.Alerts, alerts)
            .Add(s => s.StationName, id => $"站{id}")
            .Add(s => s.Top, top)
            .Add<RenderFragment>(s => s.ChildContent, builder =>
            {
                builder.OpenComponent<AlertList>(0);
                builder.AddAttribute(1, nameof(AlertList.Alerts), alerts);
                builder.AddAttribute(2, nameof(AlertList.StationName), (Func<int, string>)(id => $"站{id}"));
                builder.CloseComponent();
            }));

    private static AlertLive Alert(long id, AlertRule rule, int stationId, int value, int limit, int hoursAgo, long subject = 0) =>
        new(id, rule, stationId, 1, subject, value, limit, Morning.AddHours(-hoursAgo), Morning.AddHours(-hoursAgo), null, null);
}
