using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>The analytics page and its drill-down pages in <c>docs/screenshots</c>, from the demo network.</summary>
public sealed class AnalyticsScreenshots
{
    [Shot]
    public async Task AnalyticsStationAndVolunteerPages_InChineseAndEnglish()
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
            await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2Fanalytics%3Fpreset%3Ddays30");
            await Expect(page.GetByTestId("kpi-CheckIns")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("analytics-filter")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 60_000 });
            await Expect(page.Locator(".apexcharts-canvas").First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(session.Folder, $"analytics-{suffix}.png"), FullPage = true });

            await page.GetByTestId("top-stations").GetByRole(AriaRole.Link).First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/stations/\d+"));
            await Expect(page.GetByTestId("station-volunteers").Locator("tbody tr").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(session.Folder, $"station-history-{suffix}.png"), FullPage = true });

            await page.GetByTestId("station-volunteers").GetByRole(AriaRole.Link).First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/volunteers/\d+"));
            await Expect(page.GetByTestId("volunteer-sessions").Locator("tbody tr").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(session.Folder, $"volunteer-{suffix}.png"), FullPage = true });
        }
    }
}
