using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>
/// The screenshots of a city's first day in <c>docs/screenshots</c>: an empty database, where the administrator lands on
/// the setup page (Chinese, English, a phone), and the analytics page and a wall saying there are no stations yet.
/// </summary>
public sealed class DayOneScreenshots
{
    [Shot]
    public async Task TheSetupPage_AndTheEmptyScreens()
    {
        var folder = ScreenshotOptions.CreateFolder();
        await using var app = new ScreenshotApp();
        var baseUrl = app.ServerAddress.ToString();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ChromiumPath,
            Headless = true,
            Args = Chromium.ChromiumArgs,
        });

        var desktop = new ViewportSize { Width = 1440, Height = 900 };
        var phone = new ViewportSize { Width = 390, Height = 844 };
        foreach (var (culture, suffix, viewport) in new[] { ("zh-CN", "zh", desktop), ("en", "en", desktop), ("zh-CN", "phone-zh", phone) })
        {
            // The Overview is where a sign-in lands; on an empty network it sends the administrator to the setup page.
            var page = await NewPageAsync(browser, baseUrl, culture, viewport, "/");
            await page.WaitForURLAsync("**/setup");
            await Expect(page.GetByTestId("setup-steps")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"setup-{suffix}.png"), FullPage = true });
            await page.Context.CloseAsync();
        }

        var analytics = await NewPageAsync(browser, baseUrl, "zh-CN", desktop, "/analytics");
        await Expect(analytics.GetByTestId("analytics-empty")).ToBeVisibleAsync();
        await analytics.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "empty-analytics-zh.png") });
        await analytics.Context.CloseAsync();

        var wall = await NewPageAsync(browser, baseUrl, "zh-CN", new ViewportSize { Width = 1920, Height = 1080 }, "/display");
        await Expect(wall.GetByTestId("wall-empty")).ToBeVisibleAsync();
        await wall.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "wall-empty-zh.png") });
        await wall.Context.CloseAsync();
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl, string culture, ViewportSize viewport, string target)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = culture, ViewportSize = viewport });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri={Uri.EscapeDataString(target)}", new() { WaitUntil = WaitUntilState.NetworkIdle });
        return page;
    }
}
