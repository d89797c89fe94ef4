using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Components.Occupancy;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class NetworkMapEndToEndTests(BrowserFixture fixture)
{
    /// <summary>Resolves a MudBlazor palette colour the way the page computes it, e.g. <c>rgb(244, 67, 54)</c>.</summary>
    private const string PaletteColour = """
        name => {
            const probe = document.createElement('span');
            probe.style.color = `var(--mud-palette-${name})`;
            document.body.appendChild(probe);
            const colour = getComputedStyle(probe).color;
            probe.remove();
            return colour;
        }
        """;

    private LiveFeed Feed => fixture.App.Services.GetRequiredService<LiveFeed>();

    [Fact]
    public async Task HeadCountPushedOverCapacityThroughTheApi_TurnsTheStationsDotFullOnAnOpenOverview_AndBack()
    {
        var station = Feed.Snapshot(LiveScope.All).Stations
            .First(s => s.Status == StationStatus.Open && OccupancyLevel.Of(s.Occupancy, s.Capacity) == OccupancyBand.Comfortable);
        // The app runs on the real clock, and outside its hours a station is drawn closed, not in a band: open it all day.
        var stations = fixture.App.Services.GetRequiredService<StationAdminService>();
        var input = (await stations.GetAsync(station.StationId))!;
        Assert.True((await stations.UpdateAsync(station.StationId, input with { OpensAt = TimeOnly.MinValue, ClosesAt = new TimeOnly(23, 59) })).Succeeded);
        var subscribersBefore = Feed.SubscriberCount;
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("");
            var dot = page.Locator($".map-dots circle.map-dot[data-station-id='{station.StationId}']");
            await Expect(dot).ToHaveAttributeAsync("data-band", nameof(OccupancyBand.Comfortable));
            // The prerendered page is static: the circuit\'s own render (after it subscribed to the feed) marks it live.
            await Expect(page.Locator(".overview[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
            var comfortable = await page.EvaluateAsync<string>(PaletteColour, "success");
            Assert.Equal(comfortable, await dot.EvaluateAsync<string>("d => getComputedStyle(d).fill"));

            using var client = fixture.App.CreateClient();
            var over = await client.PutAsJsonAsync($"api/v1/stations/{station.StationId}/occupancy", new { count = station.Capacity + 3 });
            Assert.Equal(System.Net.HttpStatusCode.OK, over.StatusCode);

            await Expect(dot).ToHaveAttributeAsync("data-band", nameof(OccupancyBand.Full), new() { Timeout = BrowserFixture.LiveUpdateTimeout });
            var full = await page.EvaluateAsync<string>(PaletteColour, "error");
            Assert.Equal(full, await dot.EvaluateAsync<string>("d => getComputedStyle(d).fill"));
            // Something happened there: the station pulses.
            var pulse = page.Locator($"[data-testid=map-pulse][data-station-id='{station.StationId}']");
            await Expect(pulse).ToHaveCountAsync(1);
            // The rings are drawn in a layer of their own over the map: each ring is centred on its station's dot.
            var (ring, spot) = (await pulse.BoundingBoxAsync(), await dot.BoundingBoxAsync());
            Assert.InRange(ring!.X + ring.Width / 2 - (spot!.X + spot.Width / 2), -1.5, 1.5);
            Assert.InRange(ring.Y + ring.Height / 2 - (spot.Y + spot.Height / 2), -1.5, 1.5);

            var back = await client.PutAsJsonAsync($"api/v1/stations/{station.StationId}/occupancy", new { count = station.Occupancy });
            Assert.Equal(System.Net.HttpStatusCode.OK, back.StatusCode);

            await Expect(dot).ToHaveAttributeAsync("data-band", nameof(OccupancyBand.Comfortable), new() { Timeout = BrowserFixture.LiveUpdateTimeout });
            Assert.Equal(comfortable, await dot.EvaluateAsync<string>("d => getComputedStyle(d).fill"));
        }
        finally
        {
            // Closing runs the page's unload, whose beacon ends the circuit at once rather than after the retention period.
            // (CloseAsync with RunBeforeUnload does not wait for the page to go: the context stays open until the beacon
            // has done its work, or closing it could drop the beacon.)
            await page.CloseAsync(new() { RunBeforeUnload = true });
        }

        // The next test of the collection counts the feed's subscribers: leave none behind.
        await EventuallyAsync(() => Feed.SubscriberCount <= subscribersBefore, "the closed page's circuit released its subscription");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task InChromium_TheAreasComeFromTheCachedAsset_HoverShowsADotsTile_AndAClickOpensItsStation()
    {
        var page = await fixture.NewPageAsync(locale: "en");
        try
        {
            await page.GotoAsync("");
            await Expect(page.Locator(".overview[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });

            // The borders are one fingerprinted file, drawn by reference and filled with the page's theme.
            var areas = page.GetByTestId("map-areas");
            Assert.Matches(@"^map/ningde-areas\.\w+\.svg#areas$", await areas.GetAttributeAsync("href"));
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=map-areas]').getBBox().width > 900");
            Assert.NotEqual("none", await areas.EvaluateAsync<string>("u => getComputedStyle(u).fill"));

            // A dot nothing covers: the pointer lands on it, not on a neighbour drawn on top.
            var stationId = await page.EvaluateAsync<int>("""
                () => [...document.querySelectorAll('.map-dots circle.map-dot')].reverse().map(dot => {
                    const box = dot.getBoundingClientRect();
                    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
                    return hit === dot ? Number(dot.dataset.stationId) : 0;
                }).find(id => id > 0)
                """);
            var station = Feed.Snapshot(LiveScope.All).Stations.Single(s => s.StationId == stationId);
            var dot = page.Locator($".map-dots circle.map-dot[data-station-id='{stationId}']");
            await dot.ScrollIntoViewIfNeededAsync();
            await dot.HoverAsync();
            await Expect(page.GetByTestId("map-tile")).ToContainTextAsync(station.Name);
            await Expect(page.Locator(".map-selected")).ToHaveCountAsync(1);

            await dot.ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/stations/{stationId}$"));
        }
        finally
        {
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await page.Context.CloseAsync();
        }
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
}
