using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.EndToEnd;

/// <summary>
/// One app and one Chromium for the whole end-to-end collection; each test opens its own browser context
/// (own cookies, so a language switch in one test never leaks into another).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Playwright cannot download browsers here; the machine's Chromium is used instead.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync",
        // The app honours reduced motion (charts, the wall's count-up): the end states are what the tests assert, and a
        // software-rendered animation costs the machine the suite runs on.
        "--force-prefers-reduced-motion",
    ];

    /// <summary>
    /// How long a test waits for a live update to reach an open screen (milliseconds). A bound on a lost update, not a
    /// latency budget: how soon updates arrive is measured by the benchmarks (<c>capacity-live</c>, <c>reconnect</c>;
    /// see docs/performance.md), where a busy machine cannot turn a slow second into a failed build.
    /// </summary>
    public const float LiveUpdateTimeout = 15_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The app; wall screens keep their first panel (the headline figures and the feed) for the tests' whole length.</summary>
    public RedStationAppFactory App { get; } = new(settings: new Dictionary<string, string?> { ["WallDisplay:DefaultDwellSeconds"] = "600" });

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        await App.InsertStationGridNetworkAsync();
        await QuietTheClockDrivenAlertRulesAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// The screens' tests raise the alerts they need themselves (a station over capacity). The rules that fire as real time
    /// passes — an open station with nobody on duty, a quiet one — would open groups at the grid's stations at whatever
    /// hour the suite happens to run, and change the counts a test compares; they are off for this app.
    /// </summary>
    private async Task QuietTheClockDrivenAlertRulesAsync()
    {
        var alerts = App.Services.GetRequiredService<AlertService>();
        var settings = await alerts.SettingsAsync();
        foreach (var rule in new[] { AlertRule.NobodyOnDuty, AlertRule.StationQuiet })
        {
            var setting = settings[rule];
            var result = await alerts.UpdateRuleAsync(rule, enabled: false, setting.Threshold, setting.HoldSeconds);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"The {rule} rule could not be turned off: {result.Error?.Message}");
            }
        }
    }

    /// <summary>A fresh context whose browser speaks Chinese, as the city's users do, signed in as the administrator.</summary>
    public async Task<IPage> NewPageAsync(string locale = "zh-CN", bool signIn = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.ServerAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        if (signIn)
        {
            await SignInAsync(page, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
        }

        return page;
    }

    /// <summary>
    /// Signs in through the real sign-in page. It returns to <c>/healthz</c>, a page without a circuit, so that
    /// the test's own first page is the only one subscribed to the live feed.
    /// </summary>
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        // Fill the form only once the page has settled: typing into it while its scripts still start can be lost.
        await page.GotoAsync("account/login?ReturnUrl=%2Fhealthz", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.Locator("#login-user").FillAsync(userName);
        await page.Locator("#login-password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        // Password hashing is deliberately slow; on a machine busy with the rest of the suite, give it room.
        await page.WaitForURLAsync("**/healthz", new() { Timeout = 60_000 });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "End to end";
}
