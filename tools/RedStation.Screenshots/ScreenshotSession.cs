using Microsoft.Playwright;

namespace RedStation.Screenshots;

/// <summary>
/// What most screenshots start with: the output folder, the app (a running one from
/// <see cref="ScreenshotOptions.Url"/>, or a fresh one with the demo network) and a headless Chromium.
/// </summary>
public sealed class ScreenshotSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private ScreenshotSession(string folder, string baseUrl, ScreenshotApp? app, IPlaywright playwright, IBrowser browser)
    {
        (Folder, BaseUrl, App, _playwright, Browser) = (folder, baseUrl, app, playwright, browser);
    }

    public string Folder { get; }
    public string BaseUrl { get; }

    /// <summary>The app this session started; null when the screenshots are of an already running app.</summary>
    public ScreenshotApp? App { get; }

    public IBrowser Browser { get; }

    /// <param name="ownApp">Always start a fresh app, even when a running one is configured (for screenshots that need its services).</param>
    /// <param name="seedDays">Days of demo history in a fresh app: a month fills the analytics charts.</param>
    public static async Task<ScreenshotSession> StartAsync(bool ownApp = false, int seedDays = 2)
    {
        var folder = ScreenshotOptions.CreateFolder();
        var runningApp = ownApp ? null : ScreenshotOptions.Url;
        var app = string.IsNullOrWhiteSpace(runningApp) ? new ScreenshotApp(seedDemo: true, settings: new Dictionary<string, string?> { ["Seed:Days"] = seedDays.ToString(System.Globalization.CultureInfo.InvariantCulture) }) : null;
        var baseUrl = string.IsNullOrWhiteSpace(runningApp) ? app!.ServerAddress.ToString() : runningApp;

        var playwright = await Playwright.CreateAsync();
        var browser = await Chromium.LaunchAsync(playwright);
        return new ScreenshotSession(folder, baseUrl, app, playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}
