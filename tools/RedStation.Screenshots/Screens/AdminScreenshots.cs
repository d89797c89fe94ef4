using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Security;
using RedStation.Data.Services;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>The screenshots of the Admin pages for integration keys and display tokens in <c>docs/screenshots</c>.</summary>
public sealed class AdminScreenshots
{
    [Shot]
    public async Task KeysAndDisplaysPages_InChineseEnglishAndOnAPhone()
    {
        var folder = ScreenshotOptions.CreateFolder();
        await using var app = new ScreenshotApp();
        await app.InsertStationGridNetworkAsync();
        await AddExamplesAsync(app.Services);
        var baseUrl = app.ServerAddress.ToString();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ChromiumPath,
            Headless = true,
            Args = Chromium.ChromiumArgs,
        });

        var desktop = new ViewportSize { Width = 1440, Height = 900 };
        var phone = new ViewportSize { Width = 360, Height = 780 };
        foreach (var (culture, suffix) in new[] { ("zh-CN", "zh"), ("en", "en") })
        {
            await ShootKeysAsync(browser, baseUrl, culture, desktop, Path.Combine(folder, $"admin-keys-{suffix}.png"));
            await ShootDisplaysAsync(browser, baseUrl, culture, desktop, Path.Combine(folder, $"admin-displays-{suffix}.png"));
        }

        await ShootKeysAsync(browser, baseUrl, "zh-CN", phone, Path.Combine(folder, "admin-keys-phone-zh.png"), isMobile: true);
        await ShootKeyCreatedAsync(browser, baseUrl, "zh-CN", desktop, Path.Combine(folder, "admin-keys-created-zh.png"));
    }

    private static async Task AddExamplesAsync(IServiceProvider services)
    {
        using var _ = ActorContext.Begin(new Actor(ActorKind.Person, "example", ScreenshotApp.AdminUserName) { IsAdministrator = true });
        var keys = services.GetRequiredService<IntegrationKeyService>();
        await keys.CreateAsync("蕉城区一号驿站前台终端", ["read", "write"], [1, 2]);
        await keys.CreateAsync("市委组织部数据平台", ["read"], []);
        var old = await keys.CreateAsync("旧版签到机", ["write"], [3]);
        await keys.RevokeAsync(old.Value!.Key.Id);

        var displays = services.GetRequiredService<DisplayTokenService>();
        await displays.CreateAsync("市委组织部大厅", "all");
        await displays.CreateAsync("蕉城区指挥中心", "district:1");
        var replaced = await displays.CreateAsync("三号驿站门口屏", "station:3");
        await displays.RevokeAsync(replaced.Value!.Token.Id);
    }

    private static async Task ShootKeysAsync(IBrowser browser, string baseUrl, string culture, ViewportSize viewport, string path, bool isMobile = false)
    {
        var page = await NewPageAsync(browser, baseUrl, culture, viewport, isMobile, "/admin/keys");
        await Expect(page.GetByTestId("key-name").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("key-new")).ToBeEnabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = !isMobile });
        await page.Context.CloseAsync();
    }

    private static async Task ShootKeyCreatedAsync(IBrowser browser, string baseUrl, string culture, ViewportSize viewport, string path)
    {
        var page = await NewPageAsync(browser, baseUrl, culture, viewport, isMobile: false, "/admin/keys");
        await page.GetByTestId("key-new").ClickAsync();
        await page.GetByTestId("key-name-input").FillAsync($"自助终端 {Guid.NewGuid():N}"[..10]);
        await page.GetByTestId("key-create").ClickAsync();
        await Expect(page.GetByTestId("secret-value")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        await page.Context.CloseAsync();
    }

    private static async Task ShootDisplaysAsync(IBrowser browser, string baseUrl, string culture, ViewportSize viewport, string path)
    {
        var page = await NewPageAsync(browser, baseUrl, culture, viewport, isMobile: false, "/admin/displays");
        await page.GetByTestId("display-new").ClickAsync();
        await page.GetByTestId("display-name-input").FillAsync(culture == "en" ? "Lobby screen" : "一楼大厅大屏");
        await page.GetByTestId("display-create").ClickAsync();
        await Expect(page.GetByTestId("display-qr")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        await page.Context.CloseAsync();
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl, string culture, ViewportSize viewport, bool isMobile, string target)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = culture,
            ViewportSize = viewport,
            IsMobile = isMobile,
            HasTouch = isMobile,
            DeviceScaleFactor = isMobile ? 2 : 1,
        });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri={Uri.EscapeDataString(target)}");
        return page;
    }
}
