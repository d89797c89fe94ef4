using Bunit;
using RedStation.Dashboard.Components.Alerts;
using RedStation.Dashboard.Features.Alerts;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>The alert list and the badge show groups: one rule at one station, counted once, silenced ones left out.</summary>
public sealed class AlertListTests : DashboardTestContext
{
    [Fact]
    public async Task ThreeWishesPastTheirLimitAtOneStation_AreOneGroup_WithTheOldestsAgeNow_ExpandableToTheThree()
    {
        UseCulture("zh-CN");
        SignIn(Data.Security.StaffRoles.Organiser);
        var (station, _) = await ThreeOverdueWishesAsync();
        var feed = Database.Get<LiveFeed>();

        var list = Render<AlertList>(p => p
            .Add(x => x.Alerts, feed.Alerts(LiveScope.All))
            .Add(x => x.StationName, id => $"驿站{id}"));

        var group = list.Find($"[data-group='wish-unclaimed-{station}']");
        Assert.Equal("3", group.GetAttribute("data-count"));
        // Posted 12, 11 and 10 days ago: the oldest has waited 12 days, whatever the value when its alert opened.
        Assert.Contains("3 个心愿超期未认领，最久 12 天", group.QuerySelector("[data-testid=alert-detail]")!.TextContent);
        Assert.Empty(list.FindAll("[data-testid=alert-member]"));

        list.Find($"[data-group='wish-unclaimed-{station}'] [data-testid=alert-expand]").Click();

        // A tap's render may land after Click returns (another render holds the renderer).
        list.WaitForAssertion(() => Assert.Equal(3, list.FindAll("[data-testid=alert-member]").Count));
        Assert.Contains("已 12 天无人认领", list.FindAll("[data-testid=alert-member]")[0].TextContent);
    }

    [Fact]
    public async Task AcknowledgingTheGroup_AcknowledgesItsThreeAlerts()
    {
        UseCulture("zh-CN");
        SignIn(Data.Security.StaffRoles.Organiser);
        var (station, _) = await ThreeOverdueWishesAsync();
        var feed = Database.Get<LiveFeed>();
        var list = Render<AlertList>(p => p
            .Add(x => x.Alerts, feed.Alerts(LiveScope.All))
            .Add(x => x.StationName, id => $"驿站{id}"));

        list.Find($"[data-group='wish-unclaimed-{station}'] [data-testid=alert-acknowledge]").Click();

        list.WaitForAssertion(() => Assert.All(feed.Alerts(LiveScope.Station(station)), a => Assert.NotNull(a.AcknowledgedAt)));
        Assert.Equal(3, feed.Alerts(LiveScope.Station(station)).Count);
    }

    /// <summary>
    /// Whether a group offers acknowledgement is the API's own rule (StationAccess.CanAcknowledgeAlertsAt), asked by the
    /// list at the group's station: duty staff at their stations only, organisers everywhere, a wall never.
    /// </summary>
    [Theory]
    [InlineData(Data.Security.StaffRoles.DutyStaff, true, true)]
    [InlineData(Data.Security.StaffRoles.DutyStaff, false, false)]
    [InlineData(Data.Security.StaffRoles.Organiser, false, true)]
    [InlineData(Data.Security.StaffRoles.Display, true, false)]
    public async Task TheAcknowledgeButton_FollowsTheViewersRightAtTheGroupsStation(string role, bool assignedThere, bool offered)
    {
        UseCulture("zh-CN");
        var (station, _) = await ThreeOverdueWishesAsync();
        SignIn(role, assignedThere ? station : station + 1000);
        var feed = Database.Get<LiveFeed>();

        var list = Render<AlertList>(p => p
            .Add(x => x.Alerts, feed.Alerts(LiveScope.All))
            .Add(x => x.StationName, id => $"驿站{id}"));

        Assert.Single(list.FindAll($"[data-group='wish-unclaimed-{station}']"));
        Assert.Equal(offered ? 1 : 0, list.FindAll($"[data-group='wish-unclaimed-{station}'] [data-testid=alert-acknowledge]").Count);
    }

    private void SignIn(string role, params int[] stations)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("viewer");
        auth.SetRoles(role);
        auth.SetClaims([.. stations.Select(id => new System.Security.Claims.Claim(Dashboard.Security.SecurityClaims.Station, id.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
    }

    [Fact]
    public async Task TheBadge_CountsGroupsNotAlerts_AndLeavesASnoozedGroupOut()
    {
        UseCulture("zh-CN");
        var auth = AddAuthorization();
        auth.SetAuthorized("organiser");
        auth.SetRoles(Data.Security.StaffRoles.Organiser);
        var (station, groupId) = await ThreeOverdueWishesAsync();
        var feed = Database.Get<LiveFeed>();
        var badge = Render<AlertBadge>();
        string Count() => badge.Find("[data-testid=alert-badge]").GetAttribute("data-count")!;

        Assert.Equal(3, feed.Alerts(LiveScope.Station(station)).Count);
        Assert.Equal("1", Count());

        Assert.True((await Database.Get<AlertService>().SilenceAsync(groupId, Database.Time.GetUtcNow().UtcDateTime.AddHours(1), "已安排志愿者本周认领")).Succeeded);

        badge.WaitForAssertion(() => Assert.Equal("0", Count()));
    }

    /// <summary>Only the wish rule, three wishes at one station posted 12, 11 and 10 days before now, evaluated.</summary>
    private async Task<(int Station, string GroupId)> ThreeOverdueWishesAsync()
    {
        var alerts = Database.Get<AlertService>();
        foreach (var setting in AlertRuleDefaults.All)
        {
            Assert.True((await alerts.UpdateRuleAsync(setting.Rule, setting.Rule == AlertRule.WishUnclaimed, setting.Threshold, 0)).Succeeded);
        }

        var station = Database.Get<LiveFeed>().Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open).StationId;
        var wishes = Database.Get<WishService>();
        foreach (var title in new[] { "清理楼道", "更换灯泡", "代买药品" })
        {
            Assert.True((await wishes.PostAsync(new PostWishRequest(station, WishCategory.HomeCleaning, title, "林阿伯"))).Succeeded);
            Database.Time.Advance(TimeSpan.FromDays(1));
        }

        Database.Time.Advance(TimeSpan.FromDays(9));
        await alerts.EvaluateAsync();
        return (station, AlertGroups.IdOf(AlertRule.WishUnclaimed, station));
    }
}
