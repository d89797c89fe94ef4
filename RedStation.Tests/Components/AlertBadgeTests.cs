using Bunit;
using RedStation.Dashboard.Features.Alerts;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>The app bar's alert badge: the organiser's count of open alerts, live.</summary>
public sealed class AlertBadgeTests : DashboardTestContext
{
    [Fact]
    public async Task AnAlertOpeningAndClosing_MovesTheBadgesCount_WithoutAReload()
    {
        UseCulture("zh-CN");
        var auth = AddAuthorization();
        auth.SetAuthorized("organiser");
        auth.SetRoles(StaffRoles.Organiser);
        var alerts = Database.Get<AlertService>();
        var feed = Database.Get<LiveFeed>();
        // Only the rule under test: the grid's stations have been quiet all morning.
        foreach (var setting in AlertRuleDefaults.All)
        {
            var only = setting.Rule == AlertRule.OverCapacity;
            Assert.True((await alerts.UpdateRuleAsync(setting.Rule, only, setting.Threshold, 0)).Succeeded);
        }

        var station = feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open && s.Capacity > 0);

        var badge = Render<AlertBadge>();
        var before = feed.Alerts(LiveScope.All).Count;
        Assert.Equal(before.ToString(System.Globalization.CultureInfo.InvariantCulture), badge.Find("[data-testid=alert-badge]").GetAttribute("data-count"));

        Assert.True((await Database.Get<OccupancyService>().SetAsync(station.StationId, station.Capacity)).Succeeded);
        Assert.Equal(1, (await alerts.EvaluateAsync()).Opened);
        badge.WaitForAssertion(() => Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), badge.Find("[data-testid=alert-badge]").GetAttribute("data-count")));

        Assert.True((await Database.Get<OccupancyService>().SetAsync(station.StationId, 0)).Succeeded);
        Assert.Equal(1, (await alerts.EvaluateAsync()).Closed);
        badge.WaitForAssertion(() => Assert.Equal(before.ToString(System.Globalization.CultureInfo.InvariantCulture), badge.Find("[data-testid=alert-badge]").GetAttribute("data-count")));
    }
}
