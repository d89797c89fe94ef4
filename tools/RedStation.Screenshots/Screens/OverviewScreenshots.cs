using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>
/// The Overview's and the desk's first screen (what a user sees before scrolling), on a laptop (1440×900) and a phone
/// (390×844), in Chinese and English, with the demo's open alerts folded and opened.
/// </summary>
public sealed class OverviewScreenshots
{
    private static readonly ViewportSize Laptop = new() { Width = 1440, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Shot]
    public async Task OverviewAndDesk_FirstScreen_InChineseAndEnglish_OnALaptopAndAPhone()
    {
        // A week of history, so that the seven-day sparklines have seven days.
        await using var session = await ScreenshotSession.StartAsync(seedDays: 8);
        foreach (var (culture, suffix) in new[] { ("zh-CN", "zh"), ("en", "en") })
        {
            await ShootOverviewAsync(session, culture, Laptop, $"overview-first-{suffix}.png");
            await ShootOverviewAsync(session, culture, Phone, $"overview-first-phone-{suffix}.png");
            await ShootDeskAsync(session, culture, Laptop, $"desk-first-{suffix}.png");
            await ShootDeskAsync(session, culture, Phone, $"desk-first-phone-{suffix}.png");
        }

        await ShootOverviewAsync(session, "zh-CN", Laptop, "overview-alerts-open-zh.png", open: true);
        await ShootOverviewAsync(session, "en", Phone, "overview-alerts-open-phone-en.png", open: true);
        await ShootDeskAsync(session, "zh-CN", Phone, "desk-alerts-open-phone-zh.png", open: true);
    }

    private static async Task ShootOverviewAsync(ScreenshotSession session, string culture, ViewportSize viewport, string file, bool open = false)
    {
        var page = await NewPageAsync(session, culture, viewport, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2F");
        await Expect(page.Locator(".overview[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("kpi-check-ins-compare")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        if (open)
        {
            await page.GetByTestId("alert-summary-toggle").ClickAsync();
            await Expect(page.GetByTestId("alert-item").First).ToBeVisibleAsync();
        }

        await SettleAndShootAsync(page, session, file);
    }

    private static async Task ShootDeskAsync(ScreenshotSession session, string culture, ViewportSize viewport, string file, bool open = false)
    {
        // The demo's duty account (development-only password).
        var page = await NewPageAsync(session, culture, viewport, "duty", "DEV-ONLY-duty-2020");
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2Fdesk");
        await Expect(page.Locator(".desk[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        if (open && await page.GetByTestId("alert-summary-toggle").CountAsync() > 0)
        {
            await page.GetByTestId("alert-summary-toggle").ClickAsync();
            await Expect(page.GetByTestId("alert-item").First).ToBeVisibleAsync();
        }

        await SettleAndShootAsync(page, session, file);
    }

    private static async Task SettleAndShootAsync(IPage page, ScreenshotSession session, string file)
    {
        await page.WaitForTimeoutAsync(1000);
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        // The first screen only: what is seen before scrolling.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(session.Folder, file), FullPage = false });
        await page.Context.CloseAsync();
    }

    private static async Task<IPage> NewPageAsync(ScreenshotSession session, string culture, ViewportSize viewport, string user, string password)
    {
        var phone = viewport.Width < 600;
        var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = session.BaseUrl,
            Locale = culture,
            ViewportSize = viewport,
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
        });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, user, password);
        return page;
    }
}
