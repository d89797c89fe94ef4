using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

/// <summary>The wall display's screenshots in <c>docs/screenshots</c>: every panel at 1920×1080, and 4K, portrait and English.</summary>
public sealed class WallScreenshots
{
    [ScreenshotFact]
    [Trait("Category", "Screenshots")]
    public async Task TheWall_AtFullHd4kAndPortrait_InChineseAndEnglish()
    {
        await using var session = await ScreenshotSession.StartAsync(ownApp: true);
        var app = session.App!;
        var tokens = app.Services.GetRequiredService<DisplayTokenService>();
        using var actor = ActorContext.Begin(new Actor(ActorKind.Person, "screenshots", "admin") { IsAdministrator = true });
        var created = (await tokens.CreateAsync("市委组织部大厅", "all")).Value!;
        var link = $"{session.BaseUrl.TrimEnd('/')}/display/connect?token={Uri.EscapeDataString(created.Secret)}";

        async Task ShootAsync(string file, int width, int height, string locale, params string[] panels)
        {
            await using var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                Locale = locale,
                ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync(link);
            foreach (var panel in panels)
            {
                // The panel alone (the screen switches to it live), then the whole playlist from it (the screen stays on it).
                var alone = await tokens.SetPlaylistAsync(created.Token.Id, [new DisplayPlaylistItem(panel, 600)]);
                Assert.True(alone.Succeeded, alone.Error?.Message);
                await Expect(page.GetByTestId("wall-panel")).ToHaveAttributeAsync("data-panel", panel);
                var all = await tokens.SetPlaylistAsync(created.Token.Id, DisplayPlaylist.Panels.Select(p => new DisplayPlaylistItem(p, 600)).OrderBy(p => p.Panel != panel).ToList());
                Assert.True(all.Succeeded, all.Error?.Message);
                await Expect(page.GetByTestId("wall-panel")).ToHaveAttributeAsync("data-panel", panel);
                if (panel is DisplayPlaylist.Charts or DisplayPlaylist.Spotlight)
                {
                    await Expect(page.Locator(".apexcharts-svg").First).ToBeVisibleAsync();
                }

                // Counters count up and panels fade in: let them settle for the picture.
                await page.WaitForTimeoutAsync(1_500);
                var name = panels.Length == 1 ? file : file.Replace("{panel}", panel, StringComparison.Ordinal);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(session.Folder, name) });
            }
        }

        await ShootAsync("wall-{panel}-zh.png", 1920, 1080, "zh-CN", [.. DisplayPlaylist.Panels]);
        await ShootAsync("wall-kpis-en.png", 1920, 1080, "en", DisplayPlaylist.Kpis);
        await ShootAsync("wall-occupancy-4k-zh.png", 3840, 2160, "zh-CN", DisplayPlaylist.Occupancy);
        await ShootAsync("wall-kpis-4k-zh.png", 3840, 2160, "zh-CN", DisplayPlaylist.Kpis);
        await ShootAsync("wall-kpis-portrait-zh.png", 1080, 1920, "zh-CN", DisplayPlaylist.Kpis);
        await ShootAsync("wall-charts-portrait-zh.png", 1080, 1920, "zh-CN", DisplayPlaylist.Charts);
    }
}
