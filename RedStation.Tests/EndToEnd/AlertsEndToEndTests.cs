using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

/// <summary>An alert finds the organiser: raised on an open Overview and in the app bar's badge, closed by itself.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AlertsEndToEndTests(BrowserFixture fixture)
{
    private LiveFeed Feed => fixture.App.Services.GetRequiredService<LiveFeed>();

    [Fact]
    public async Task HeadCountOverCapacityThroughTheApi_RaisesAnAlertOnAnOpenOverview_AndSettingItBackClosesIt()
    {
        var alerts = fixture.App.Services.GetRequiredService<AlertService>();
        // No damping for this test: the alert must follow the head-count at once.
        Assert.True((await alerts.UpdateRuleAsync(AlertRule.OverCapacity, true, 100, 0)).Succeeded);
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("");
            await Expect(page.Locator(".overview")).ToBeVisibleAsync();
            // The prerendered page is static: the circuit's own render (after it subscribed to the feed) marks it live.
            await Expect(page.Locator(".overview[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
            var badge = page.GetByTestId("alert-badge");
            await Expect(badge).ToHaveAttributeAsync("data-count", Count());
            using var client = fixture.App.CreateClient();

            // Three stations one after another (how soon an alert arrives is for the benchmarks to measure, not this test).
            foreach (var station in QuietStations().Take(3).ToList())
            {
                var selector = $"[data-testid=overview-alerts] [data-rule=OverCapacity][data-station='{station.StationId}']";
                (await client.PutAsJsonAsync($"api/v1/stations/{station.StationId}/occupancy", new { count = station.Capacity + 3 })).EnsureSuccessStatusCode();

                var item = page.Locator(selector);
                await Expect(item).ToBeVisibleAsync(new() { Timeout = BrowserFixture.LiveUpdateTimeout });
                await Expect(item).ToContainTextAsync("超员");
                await Expect(item).ToContainTextAsync($"满员线 {station.Capacity} 人");
                // The badge counts every open group; the same head-count change may also have ended the station's quiet spell.
                Assert.Contains(Feed.Alerts(LiveScope.All), a => a.Rule == AlertRule.OverCapacity && a.StationId == station.StationId);
                await Expect(badge).ToHaveAttributeAsync("data-count", Count(), new() { Timeout = BrowserFixture.LiveUpdateTimeout });
                // The number is drawn over the bell (MudBadge's look) and the link says it in words.
                await Expect(page.Locator(".mud-badge-root .mud-badge")).ToHaveTextAsync(Count());
                await Expect(badge).ToHaveAttributeAsync("aria-label", new Regex(Count()));

                (await client.PutAsJsonAsync($"api/v1/stations/{station.StationId}/occupancy", new { count = 0 })).EnsureSuccessStatusCode();
                await Expect(item).ToHaveCountAsync(0, new() { Timeout = BrowserFixture.LiveUpdateTimeout });
                await Expect(badge).ToHaveAttributeAsync("data-count", Count(), new() { Timeout = BrowserFixture.LiveUpdateTimeout });
                Assert.DoesNotContain(Feed.Alerts(LiveScope.All), a => a.Rule == AlertRule.OverCapacity && a.StationId == station.StationId);
            }
        }
        finally
        {
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Open stations well below capacity with no open alert, the last first (other tests of the collection use the first).</summary>
    private IEnumerable<StationLive> QuietStations()
    {
        var alerted = Feed.Alerts(LiveScope.All).Select(a => a.StationId).ToHashSet();
        return Feed.Snapshot(LiveScope.All).Stations
            .Where(s => s.Status == StationStatus.Open && s.Capacity > 0 && s.Occupancy * 2 < s.Capacity && !alerted.Contains(s.StationId))
            .OrderByDescending(s => s.StationId);
    }

    /// <summary>What the badge shows: open groups (one rule at one station), the snoozed and muted left out.</summary>
    private string Count() => Feed.OpenGroups(LiveScope.All).Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheAlertsPage_ListsOpenGroups_AnOrganiserAcknowledgesOne_AndTheHistoryKeepsIt()
    {
        var alerts = fixture.App.Services.GetRequiredService<AlertService>();
        Assert.True((await alerts.UpdateRuleAsync(AlertRule.OverCapacity, true, 100, 0)).Succeeded);
        var station = QuietStations().Skip(3).First();
        using var client = fixture.App.CreateClient();
        (await client.PutAsJsonAsync($"api/v1/stations/{station.StationId}/occupancy", new { count = station.Capacity })).EnsureSuccessStatusCode();
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("alerts");
            // Clicks count once the circuit, not the static prerender, answers them.
            await Expect(page.GetByTestId("alerts-header")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 30_000 });
            var group = page.GetByTestId("alert-list").Locator($"[data-group='{AlertGroups.IdOf(AlertRule.OverCapacity, station.StationId)}']");
            await Expect(group).ToContainTextAsync("超员", new() { Timeout = 10_000 });
            await Expect(group).ToHaveAttributeAsync("data-severity", "Critical");
            await Expect(group).ToContainTextAsync(station.Name);

            await group.GetByTestId("alert-acknowledge").ClickAsync();
            await Expect(group.GetByTestId("alert-acknowledged")).ToContainTextAsync(Infrastructure.RedStationAppFactory.AdminUserName);
            var live = Assert.Single(Feed.Alerts(LiveScope.Station(station.StationId)), a => a.Rule == AlertRule.OverCapacity);
            Assert.Equal(Infrastructure.RedStationAppFactory.AdminUserName, live.AcknowledgedBy);

            (await client.PutAsJsonAsync($"api/v1/stations/{station.StationId}/occupancy", new { count = 0 })).EnsureSuccessStatusCode();
            await Expect(group).ToHaveCountAsync(0, new() { Timeout = 10_000 });
            await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "历史" }).ClickAsync();
            var row = page.GetByTestId("alerts-table").Locator("tr", new() { HasText = station.Name }).First;
            await Expect(row).ToContainTextAsync(Infrastructure.RedStationAppFactory.AdminUserName, new() { Timeout = 10_000 });
            await Expect(row.GetByTestId("alerts-row-closed")).Not.ToContainTextAsync("进行中");
        }
        finally
        {
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AnOrganiserSnoozesAGroupWithAReason_ItLeavesTheListAndTheBadge_AndTheUndoBringsItBack()
    {
        var alerts = fixture.App.Services.GetRequiredService<AlertService>();
        Assert.True((await alerts.UpdateRuleAsync(AlertRule.OverCapacity, true, 100, 0)).Succeeded);
        var station = QuietStations().Skip(5).First();
        var id = AlertGroups.IdOf(AlertRule.OverCapacity, station.StationId);
        using var client = fixture.App.CreateClient();
        (await client.PutAsJsonAsync($"api/v1/stations/{station.StationId}/occupancy", new { count = station.Capacity + 1 })).EnsureSuccessStatusCode();
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("alerts");
            await Expect(page.GetByTestId("alerts-header")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 30_000 });
            var group = page.GetByTestId("alert-list").Locator($"[data-group='{id}']");
            await Expect(group).ToBeVisibleAsync(new() { Timeout = 10_000 });
            var badge = page.GetByTestId("alert-badge");
            await Expect(badge).ToHaveAttributeAsync("data-count", Count(), new() { Timeout = BrowserFixture.LiveUpdateTimeout });

            await group.GetByTestId("alert-silence").ClickAsync();
            var dialog = page.GetByTestId("silence-dialog");
            // Without a reason the domain refuses, and the dialog says why.
            await page.GetByTestId("silence-save").ClickAsync();
            await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("原因不能为空。");
            await page.Locator(".mud-dialog").GetByText("暂停 1 小时").ClickAsync();
            await page.Locator(".mud-dialog textarea").FillAsync("已电话联系站长，正在疏导");
            await page.GetByTestId("silence-save").ClickAsync();

            await Expect(group).ToHaveCountAsync(0, new() { Timeout = BrowserFixture.LiveUpdateTimeout });
            Assert.DoesNotContain(Feed.OpenGroups(LiveScope.All), g => g.Id == id);
            await Expect(badge).ToHaveAttributeAsync("data-count", Count(), new() { Timeout = BrowserFixture.LiveUpdateTimeout });
            var silence = Assert.Single(Feed.Silences(LiveScope.All), s => s.StationId == station.StationId);
            Assert.Equal(("已电话联系站长，正在疏导", Infrastructure.RedStationAppFactory.AdminUserName), (silence.Reason, silence.By));

            await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "已暂停/静音" }).ClickAsync();
            var row = page.GetByTestId("alerts-silenced").Locator("tr", new() { HasText = station.Name });
            await Expect(row).ToContainTextAsync("已电话联系站长，正在疏导");
            await row.GetByTestId("alerts-silence-lift").ClickAsync();
            await Expect(row).ToHaveCountAsync(0, new() { Timeout = BrowserFixture.LiveUpdateTimeout });
            Assert.Contains(Feed.OpenGroups(LiveScope.All), g => g.Id == id);
        }
        finally
        {
            (await client.PutAsJsonAsync($"api/v1/stations/{station.StationId}/occupancy", new { count = 0 })).EnsureSuccessStatusCode();
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await page.Context.CloseAsync();
        }
    }
}
