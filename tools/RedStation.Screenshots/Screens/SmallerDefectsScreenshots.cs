using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>
/// What the smaller defects of issue 19 changed, in <c>docs/screenshots</c>: the poster with its short link, the map
/// (at night: closed stations grey, one word per band), the occupancy board and the analytics charts, zh-CN and English.
/// </summary>
public sealed class SmallerDefectsScreenshots
{
    [Shot]
    public async Task PosterMapBoardAndCharts_InChineseAndEnglish()
    {
        await using var session = await ScreenshotSession.StartAsync(seedDays: 30);
        foreach (var (culture, suffix) in new[] { ("zh-CN", "zh"), ("en", "en") })
        {
            await using var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = session.BaseUrl, Locale = culture, ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, ReducedMotion = ReducedMotion.Reduce,
            });
            var page = await context.NewPageAsync();
            await Chromium.SignInAsync(page, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);

            // The Overview's map card, with its legend, at whatever hour the shot is taken (the demo runs on the real clock).
            await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2F");
            await Expect(page.Locator(".map-dots circle.map-dot").First).ToBeAttachedAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator(".apexcharts-canvas")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
            await page.GetByTestId("network-map").ScreenshotAsync(new() { Path = Path.Combine(session.Folder, $"map-hours-{suffix}.png") });

            await page.GotoAsync("occupancy");
            await Expect(page.Locator("[data-testid=station-tile]").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await page.ScreenshotAsync(new() { Path = Path.Combine(session.Folder, $"occupancy-{suffix}.png") });

            // The trend with a day's tooltip: a count as an integer; a click there opens that day.
            await page.GotoAsync("analytics?preset=days30");
            await Expect(page.GetByTestId("analytics-filter")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 60_000 });
            var trend = page.GetByTestId("section-trend");
            var plot = trend.Locator(".apexcharts-inner");
            await Expect(plot).ToBeVisibleAsync(new() { Timeout = 60_000 });
            var box = (await plot.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + box.Width * 0.6f, box.Y + box.Height / 2);
            await page.Mouse.MoveAsync(box.X + box.Width * 0.6f + 1, box.Y + box.Height / 2);
            await Expect(trend.Locator(".apexcharts-tooltip-text-y-value").First).Not.ToBeEmptyAsync();
            await trend.ScreenshotAsync(new() { Path = Path.Combine(session.Folder, $"analytics-trend-tooltip-{suffix}.png") });

            await page.GotoAsync("stations/3/poster");
            await Expect(page.GetByTestId("poster-short-link")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(session.Folder, $"poster-page-{suffix}.png"), FullPage = true });
            if (suffix == "zh")
            {
                await page.Locator("article.poster").ScreenshotAsync(new() { Path = Path.Combine(session.Folder, "poster-a4.png") });
            }
        }
    }
}
