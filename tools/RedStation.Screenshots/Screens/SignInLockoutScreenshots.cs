using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Security;
using RedStation.Data.Services;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>
/// The screenshots of sign-in lockouts in <c>docs/screenshots</c>: the people page with running, lifted and unknown-name
/// lockouts set off through the real sign-in form, and the audit trail that recorded them.
/// </summary>
public sealed class SignInLockoutScreenshots
{
    [Shot]
    public async Task PeoplePageWithLockouts_InChineseAndEnglish_AndTheAuditTrail()
    {
        var folder = ScreenshotOptions.CreateFolder();
        await using var app = new ScreenshotApp(settings: new Dictionary<string, string?>
        {
            ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
            ["ReverseProxy:KnownProxies:1"] = "::1",
        });
        await app.InsertStationGridNetworkAsync();
        await AddExamplesAsync(app);
        var baseUrl = app.ServerAddress.ToString();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ChromiumPath,
            Headless = true,
            Args = Chromium.ChromiumArgs,
        });

        var desktop = new ViewportSize { Width = 1440, Height = 900 };
        foreach (var (culture, suffix) in new[] { ("zh-CN", "zh"), ("en", "en") })
        {
            var page = await NewPageAsync(browser, baseUrl, culture, desktop, "/admin/people");
            await Expect(page.GetByTestId("person-lockout-chip").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.WaitForFunctionAsync("() => document.querySelectorAll('table button[disabled]').length === 0", null, new() { Timeout = 30_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"people-lockouts-{suffix}.png"), FullPage = true });
            await page.Context.CloseAsync();
        }

        var audit = await NewPageAsync(browser, baseUrl, "zh-CN", desktop, "/admin/audit");
        await Expect(audit.GetByTestId("audit-at").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await audit.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "audit-lockouts-zh.png") });
        await audit.Context.CloseAsync();
    }

    /// <summary>A few people, and wrong passwords typed from elsewhere: for the administrator, a colleague, and names no account has.</summary>
    private static async Task AddExamplesAsync(ScreenshotApp app)
    {
        using (ActorContext.Begin(new Actor(ActorKind.Person, "example", ScreenshotApp.AdminUserName) { IsAdministrator = true }))
        {
            var staff = app.Services.GetRequiredService<StaffService>();
            await staff.CreateAsync(new NewPerson("lin.fang", "林芳", "example-password-2026", [StaffRoles.Organiser], []));
            await staff.CreateAsync(new NewPerson("zhou.min", "周敏", "example-password-2026", [StaffRoles.DutyStaff], [3]));
            await staff.CreateAsync(new NewPerson("chen.jie", "陈杰", "example-password-2026", [StaffRoles.DutyStaff], [4]));
        }

        await FailAsync(app, "203.0.113.9", ScreenshotApp.AdminUserName, 5);
        await FailAsync(app, "203.0.113.9", "admin", 5);
        await FailAsync(app, "203.0.113.9", "root", 5);
        await FailAsync(app, "10.0.0.5", "lin.fang", 5);
        await FailAsync(app, "10.0.0.7", "zhou.min", 5);

        // The colleague's own typing: lifted by the administrator.
        var lockouts = app.Services.GetRequiredService<SignInLockoutService>();
        var mistyped = (await lockouts.ListRecentAsync()).Single(l => l.UserName == "zhou.min");
        using (ActorContext.Begin(new Actor(ActorKind.Person, "example", ScreenshotApp.AdminUserName) { IsAdministrator = true }))
        {
            await lockouts.LiftAsync(mistyped.Id);
        }
    }

    private static async Task FailAsync(ScreenshotApp app, string address, string userName, int times)
    {
        using var client = Chromium.CreateClient(app.ServerAddress);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        for (var attempt = 0; attempt < times; attempt++)
        {
            using var _ = await Chromium.PostSignInAsync(client, userName, "not-the-password");
        }
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl, string culture, ViewportSize viewport, string target)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = culture, ViewportSize = viewport });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri={Uri.EscapeDataString(target)}");
        return page;
    }
}
