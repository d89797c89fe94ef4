using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Live;
using static Microsoft.Playwright.Assertions;
using static RedStation.Screenshots.Pages;

namespace RedStation.Screenshots;

/// <summary>The Overview's connection indicator in each state (docs/screenshots/overview-{state}-{language}.png).</summary>
public sealed class ConnectionStateScreenshots
{
    [Shot]
    public async Task OverviewIndicator_LiveDegradedAndReconnecting_InChineseEnglishAndOnAPhone()
    {
        await using var session = await ScreenshotSession.StartAsync(ownApp: true);
        var app = session.App!;
        var shots = new List<(IPage Page, string Name, bool Phone)>();
        foreach (var (language, suffix) in new[] { (Chinese, "zh"), (English, "en") })
        {
            shots.Add((await OpenOverviewAsync(session.Browser, app, language), suffix, false));
            shots.Add((await OpenOverviewAsync(session.Browser, app, language, width: 390, height: 844), $"phone-{suffix}", true));
        }

        await ShootAsync(session.Folder, shots, "live");

        var feed = app.Services.GetRequiredService<LiveFeed>();
        feed.SetLagging(LiveLag.PeersUnreachable, true);
        foreach (var (page, _, _) in shots)
        {
            await Expect(page.GetByTestId("live-indicator")).ToHaveAttributeAsync("data-state", "degraded");
        }

        await ShootAsync(session.Folder, shots, "degraded");
        await ShootWallHeaderAsync(session, app, "wall-degraded-zh.png");

        await app.DisposeAsync();
        foreach (var (page, _, _) in shots)
        {
            await Expect(page.GetByTestId("connection-lost")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        }

        await ShootAsync(session.Folder, shots, "reconnecting");
    }

    /// <summary>The wall's header, where the indicator sits beside the "updated N s ago" stamp.</summary>
    private static async Task ShootWallHeaderAsync(ScreenshotSession session, ScreenshotApp app, string name)
    {
        var wall = await Pages.NewScreenAsync(session.Browser, app);
        await wall.GotoAsync(await Pages.CreateDisplayLinkAsync(app, "all"));
        await Expect(wall.GetByTestId("wall-clock")).Not.ToBeEmptyAsync();
        await wall.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(session.Folder, name),
            Clip = new Clip { X = 0, Y = 0, Width = 1920, Height = 200 },
        });
        await wall.Context.CloseAsync();
    }

    /// <summary>The page's head (where the indicator is) on a desktop; the first screen on a phone; the banner at the foot.</summary>
    private static async Task ShootAsync(string folder, IEnumerable<(IPage Page, string Name, bool Phone)> shots, string state)
    {
        foreach (var (page, name, phone) in shots)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(folder, $"overview-{state}-{name}.png"),
                Clip = phone ? null : new Clip { X = 0, Y = 0, Width = 1440, Height = 240 },
            });
            if (!phone && state == "reconnecting")
            {
                await page.GetByTestId("connection-lost").ScreenshotAsync(new LocatorScreenshotOptions
                {
                    Path = Path.Combine(folder, $"overview-{state}-banner-{name}.png"),
                });
            }
        }
    }
}
