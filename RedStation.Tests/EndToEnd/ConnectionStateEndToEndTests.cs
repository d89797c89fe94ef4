using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Live;
using RedStation.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

/// <summary>
/// The Overview in a real Chromium tells the truth about its connection, in Chinese and in English: live before,
/// "reconnecting" as soon as the server is gone, live again (reloaded, with the database's figures) after it returns,
/// and "data may lag" while the server is up but cannot vouch for its live state.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ConnectionStateEndToEndTests(BrowserFixture fixture)
{
    /// <summary>The reconnecting state shows once the loss is noticed (how soon: the <c>reconnect</c> benchmark).</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions Promptly = new() { Timeout = BrowserFixture.LiveUpdateTimeout };

    internal static readonly Language Chinese = new("zh-CN", "实时 · ", "连接中断，正在重新连接…",
        "与服务器的连接中断，正在重新连接……页面上的数据可能已过时", "数据可能滞后：其他服务器的更新暂未到达");

    internal static readonly Language English = new("en", "Live · ", "Reconnecting…",
        "Connection to the server lost — reconnecting. Figures on this page may be out of date.",
        "Data may lag: other servers' updates are not arriving");

    [Fact]
    public async Task WhenTheServerStops_TheOverviewSaysReconnecting_AndAfterTheRestartItIsLiveAgainWithTheDatabasesFigures()
    {
        // Its own app, on a port of its own that the restarted server takes again, over the same database file.
        var folder = Path.Combine(Path.GetTempPath(), "redstation-app-tests", Guid.NewGuid().ToString("N"));
        var port = ExternalProgram.FreePort();
        var app = new RedStationAppFactory(folder: folder, port: port);
        var pages = new List<(Language Language, IPage Page)>();
        try
        {
            await app.InsertStationGridNetworkAsync();
            foreach (var language in new[] { Chinese, English })
            {
                var page = await OpenOverviewAsync(fixture.Browser, app, language);
                pages.Add((language, page));
                await Expect(Server(page)).ToContainTextAsync(language.Live);
                await Expect(Lost(page)).ToBeHiddenAsync();
            }

            await app.DisposeAsync();

            foreach (var (language, page) in pages)
            {
                await Expect(Lost(page)).ToBeVisibleAsync(Promptly);
                await Expect(Lost(page)).ToHaveTextAsync(language.Reconnecting);
                await Expect(Server(page)).ToBeHiddenAsync();
                await Expect(page.GetByTestId("connection-lost")).ToHaveTextAsync(language.Banner);
                // Ours replaces Blazor's own dialog ("Rejoin failed…"), which speaks English only.
                await Expect(page.Locator("#components-reconnect-modal")).ToHaveCountAsync(0);
            }

            app = new RedStationAppFactory(folder: folder, port: port);
            await WallDisplayEndToEndTests.CheckInThroughTheApiAsync(app, "司马青云", "13900002031");
            var checkIns = await CheckInsTodayFromTheApiAsync(app);

            // No human action: each page finds its circuit gone, waits for the server, reloads and shows today's figures.
            foreach (var (language, page) in pages)
            {
                await Expect(page.GetByTestId("kpi-check-ins-value")).ToHaveTextAsync(
                    checkIns.ToString("N0", CultureInfo.GetCultureInfo(language.Culture)), new() { Timeout = 30_000 });
                await Expect(Server(page)).ToContainTextAsync(language.Live);
                await Expect(Lost(page)).ToBeHiddenAsync();
                await Expect(page.GetByTestId("connection-lost")).ToHaveCountAsync(0);
            }
        }
        finally
        {
            foreach (var (_, page) in pages)
            {
                await page.Context.CloseAsync();
            }

            await app.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS's temporary-folder cleaning.
            }
        }
    }

    [Fact]
    public async Task WhileTheFeedCannotHearTheOtherServers_TheOverviewSaysTheDataMayLag_AndLiveAgainWhenItCan()
    {
        var feed = fixture.App.Services.GetRequiredService<LiveFeed>();
        var pages = new List<(Language Language, IPage Page)>();
        try
        {
            foreach (var language in new[] { Chinese, English })
            {
                var page = await OpenOverviewAsync(fixture.Browser, fixture.App, language);
                pages.Add((language, page));
                await Expect(Server(page)).ToContainTextAsync(language.Live);
            }

            feed.SetLagging(LiveLag.PeersUnreachable, true);

            foreach (var (language, page) in pages)
            {
                await Expect(Server(page)).ToHaveTextAsync(language.Degraded);
                await Expect(page.GetByTestId("live-indicator")).ToHaveAttributeAsync("data-state", "degraded");
            }

            feed.SetLagging(LiveLag.PeersUnreachable, false);

            foreach (var (language, page) in pages)
            {
                await Expect(Server(page)).ToContainTextAsync(language.Live);
                await Expect(page.GetByTestId("live-indicator")).ToHaveAttributeAsync("data-state", "live");
            }
        }
        finally
        {
            feed.SetLagging(LiveLag.PeersUnreachable, false);
            foreach (var (_, page) in pages)
            {
                await page.Context.CloseAsync();
            }
        }
    }

    /// <summary>A signed-in browser in the language's locale (the request's Accept-Language picks the culture) on the Overview, its circuit up.</summary>
    internal static async Task<IPage> OpenOverviewAsync(IBrowser browser, RedStationAppFactory app, Language language, int width = 1440, int height = 900)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString(),
            Locale = language.Culture,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
        await page.GotoAsync("");
        await Expect(page.Locator(".overview[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
        return page;
    }

    private static ILocator Server(IPage page) => page.GetByTestId("live-indicator-server");

    private static ILocator Lost(IPage page) => page.GetByTestId("live-indicator-lost");

    private static async Task<int> CheckInsTodayFromTheApiAsync(RedStationAppFactory app)
    {
        using var client = app.CreateClient();
        using var live = await client.GetFromJsonAsync<JsonDocument>("api/v1/live");
        return live!.RootElement.GetProperty("totals").GetProperty("today").GetProperty("checkIns").GetInt32();
    }

    internal sealed record Language(string Culture, string Live, string Reconnecting, string Banner, string Degraded);
}
