using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class OverviewEndToEndTests(BrowserFixture fixture)
{
    private LiveFeed Feed => fixture.App.Services.GetRequiredService<LiveFeed>();

    [Fact]
    public async Task CheckInPostedThroughTheApi_AppearsOnAnOpenOverview_AndClosingThePageReleasesTheFeed()
    {
        var volunteerId = await AddVolunteerAsync("陈立新");
        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open);
        // The credential cache (a singleton, made by the first circuit or key) follows the feed for the app's lifetime:
        // made before counting, so that what is counted is what the Overview's circuit subscribes and must release.
        _ = fixture.App.Services.GetRequiredService<RedStation.Dashboard.Security.CredentialCache>();
        var subscribersBefore = Feed.SubscriberCount;
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("");
            var onDuty = page.GetByTestId("kpi-on-duty-value");
            var before = Feed.Snapshot(LiveScope.All).Totals.VolunteersOnDuty;
            await Expect(onDuty).ToHaveTextAsync(N(before));
            // The prerendered page is static; the circuit's own subscription says the page is live.
            // The prerendered page is static: the circuit\'s own render (after it subscribed to the feed) marks it live.
            await Expect(page.Locator(".overview[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });

            using var client = fixture.App.CreateClient();
            var response = await client.PostAsJsonAsync($"api/v1/stations/{station.StationId}/checkins", new { volunteerId });
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);

            await Expect(onDuty).ToHaveTextAsync(N(before + 1), new() { Timeout = BrowserFixture.LiveUpdateTimeout });
            await Expect(page.GetByTestId("ticker-line").First).ToContainTextAsync("陈*新 签到", new() { Timeout = BrowserFixture.LiveUpdateTimeout });
            await Expect(page.GetByTestId("ticker-line").First).ToContainTextAsync(station.Name);
        }
        finally
        {
            // Closing runs the page's unload, whose beacon ends the circuit at once rather than after the retention period.
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await page.Context.CloseAsync();
        }

        await EventuallyAsync(() => Feed.SubscriberCount <= subscribersBefore, "the closed page's circuit released its subscription");
    }

    [Theory]
    [InlineData(1440, 900, false)]
    [InlineData(390, 844, true)]
    public async Task TheFirstScreen_ShowsEveryKpiTileAndTheMapsTop_WithOpenAlertsFoldedIntoALine(int width, int height, bool phone)
    {
        var alerts = fixture.App.Services.GetRequiredService<RedStation.Data.Alerts.AlertService>();
        Assert.True((await alerts.UpdateRuleAsync(AlertRule.OverCapacity, true, 100, 0)).Succeeded);
        // Four stations over capacity (the first open ones: the alerts tests of the collection use the last).
        var full = Feed.Snapshot(LiveScope.All).Stations.Where(s => s.Status == StationStatus.Open && s.Capacity > 0).Take(4).ToList();
        using var client = fixture.App.CreateClient();
        foreach (var station in full)
        {
            (await client.PutAsJsonAsync($"api/v1/stations/{station.StationId}/occupancy", new { count = station.Capacity + 2 })).EnsureSuccessStatusCode();
        }

        await alerts.EvaluateAsync();
        var context = await fixture.Browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions
        {
            BaseURL = fixture.App.ServerAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new Microsoft.Playwright.ViewportSize { Width = width, Height = height },
            IsMobile = phone,
            HasTouch = phone,
        });
        var page = await context.NewPageAsync();
        try
        {
            await BrowserFixture.SignInAsync(page, Infrastructure.RedStationAppFactory.AdminUserName, Infrastructure.RedStationAppFactory.AdminPassword);
            await page.GotoAsync("");
            await Expect(page.Locator(".overview[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
            var line = page.GetByTestId("overview-alert-summary");
            await Expect(line).ToBeVisibleAsync();
            await Expect(line.GetByTestId("alert-summary-group")).ToHaveCountAsync(3);
            // The comparisons arrive after the first render (one shared read): measure the tiles as they finally stand.
            await Expect(page.GetByTestId("kpi-check-ins-compare")).ToBeVisibleAsync(new() { Timeout = 10_000 });

            foreach (var tile in new[] { "kpi-stations", "kpi-on-duty", "kpi-check-ins", "kpi-activities", "kpi-wishes", "kpi-mediation" })
            {
                var box = await page.GetByTestId(tile).BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.Y >= 0 && box.Y + box.Height <= height && box.X + box.Width <= width,
                    $"{tile} at ({box.X}, {box.Y}) {box.Width}×{box.Height} is not within the first {width}×{height} screen.");
            }

            var map = await page.GetByTestId("overview-map").BoundingBoxAsync();
            Assert.NotNull(map);
            // Its title and a first band of the city, not just an edge.
            Assert.True(map.Y + 120 <= height, $"The map starts at y={map.Y}, below the first {height} px screen's last 120 px.");

            // Open, the full list pushes the network down; closed again, the map is back.
            await line.GetByTestId("alert-summary-toggle").ClickAsync();
            await Expect(line.GetByTestId("alert-item")).ToHaveCountAsync(Feed.Alerts(LiveScope.All).Count);
            await line.GetByTestId("alert-summary-toggle").ClickAsync();
            await Expect(line.GetByTestId("alert-item")).ToHaveCountAsync(0);
        }
        finally
        {
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await context.CloseAsync();
            foreach (var station in full)
            {
                (await client.PutAsJsonAsync($"api/v1/stations/{station.StationId}/occupancy", new { count = station.Occupancy })).EnsureSuccessStatusCode();
            }

            await alerts.EvaluateAsync();
        }
    }

    private async Task<int> AddVolunteerAsync(string name)
    {
        var factory = fixture.App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var volunteer = new Volunteer
        {
            Name = name,
            PinyinInitials = "CLX",
            Phone = "13900000001",
            MemberNumber = $"NDDY-E2E-{Guid.NewGuid():N}"[..20],
            WorkUnit = "宁德市民政局",
            CommunityId = await db.Communities.Select(c => c.Id).FirstAsync(),
        };
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();
        return volunteer.Id;
    }

    /// <summary>Polls a condition on the server side, where Playwright's auto-waiting cannot look.</summary>
    private static async Task EventuallyAsync(Func<bool> condition, string what, int timeoutMilliseconds = 15_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMilliseconds);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(25, CancellationToken.None);
        }
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("zh-CN"));
}
