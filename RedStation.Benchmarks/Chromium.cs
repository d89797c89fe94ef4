using Microsoft.Playwright;

namespace RedStation.Benchmarks;

/// <summary>
/// The machine's Chromium as the screen benchmarks drive it (headless, one browser for every page), and a signed-in
/// session for the dashboards: the in-process app is started with a bootstrap administrator (<see cref="AdminSettings"/>).
/// </summary>
internal static class Chromium
{
    public const string AdminName = "capacity-admin";
    public const string AdminPassword = "Capacity-benchmark-only-2026";

    /// <summary>The settings that give a benchmark's <see cref="BenchmarkApp"/> an administrator to sign in with.</summary>
    public static Dictionary<string, string> AdminSettings() => new()
    {
        ["Security:BootstrapAdmin:UserName"] = AdminName,
        ["Security:BootstrapAdmin:Password"] = AdminPassword,
    };

    /// <remarks>
    /// Playwright adds the switches that keep background pages running at full speed (no timer throttling, no
    /// renderer backgrounding), so fifty pages in one headless browser all render as a screen on a wall would.
    /// </remarks>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-sync"],
        });

    /// <summary>Signs in as the benchmark's administrator and returns the session's storage state for new contexts.</summary>
    public static async Task<string> SignInAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        await page.GotoAsync("account/login?ReturnUrl=%2Fhealthz", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.Locator("#login-user").FillAsync(AdminName);
        await page.Locator("#login-password").FillAsync(AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/healthz");
        var state = await context.StorageStateAsync();
        await context.CloseAsync();
        return state;
    }

    /// <summary>A wall screen's size and the city's language: what every screen benchmark opens its pages with.</summary>
    public static BrowserNewContextOptions ScreenContext(string? storageState = null) =>
        new() { StorageState = storageState, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "zh-CN" };
}
