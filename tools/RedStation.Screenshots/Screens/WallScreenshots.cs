using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Dashboard.Features.WallDisplay;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>The wall display's screenshots in <c>docs/screenshots</c>: every panel at 1920×1080, and 4K, portrait and English.</summary>
public sealed class WallScreenshots
{
    [Shot]
    public async Task TheWall_AtFullHd4kAndPortrait_InChineseAndEnglish()
    {
        await using var session = await ScreenshotSession.StartAsync(ownApp: true, seedDays: 14);
        var app = session.App!;
        var tokens = app.Services.GetRequiredService<DisplayTokenService>();
        using var actor = ActorContext.Begin(new Actor(ActorKind.Person, "screenshots", "admin") { IsAdministrator = true });
        var city = (await tokens.CreateAsync("市委组织部大厅", "all")).Value!;
        var feed = app.Services.GetRequiredService<LiveFeed>().Snapshot(LiveScope.All);
        var district = (await tokens.CreateAsync("福安市大厅", $"district:{feed.Districts.First(d => d.Name == "福安市").DistrictId}")).Value!;
        var station = (await tokens.CreateAsync("驿站大厅", $"station:{feed.Stations.Where(s => s.Status == StationStatus.Open).OrderByDescending(s => s.Today.CheckIns).First().StationId}")).Value!;

        Task ShootAsync(string file, int width, int height, string locale, params string[] panels) => ShootWithAsync(city, file, width, height, locale, panels);

        async Task ShootWithAsync(CreatedDisplayToken created, string file, int width, int height, string locale, params string[] panels)
        {
            var link = $"{session.BaseUrl.TrimEnd('/')}/display/connect?token={Uri.EscapeDataString(created.Secret)}";
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
                Pages.Ensure(alone.Succeeded, alone.Error?.Message);
                await Expect(page.GetByTestId("wall-panel")).ToHaveAttributeAsync("data-panel", panel);
                var all = await tokens.SetPlaylistAsync(created.Token.Id, DisplayPlaylist.Panels.Where(p => WallPlaylist.AppliesTo(p, ScopeOf(created))).Select(p => new DisplayPlaylistItem(p, 600)).OrderBy(p => p.Panel != panel).ToList());
                Pages.Ensure(all.Succeeded, all.Error?.Message);
                await Expect(page.GetByTestId("wall-panel")).ToHaveAttributeAsync("data-panel", panel);
                await Expect(page.Locator(".wall-muted")).ToHaveCountAsync(0);
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
        await ShootAsync("wall-{panel}-en.png", 1920, 1080, "en", DisplayPlaylist.Cumulative, DisplayPlaylist.Kpis, DisplayPlaylist.Honours, DisplayPlaylist.Ranking);
        await ShootAsync("wall-{panel}-4k-zh.png", 3840, 2160, "zh-CN", DisplayPlaylist.Cumulative, DisplayPlaylist.Occupancy, DisplayPlaylist.Kpis);
        await ShootAsync("wall-honours-4k-en.png", 3840, 2160, "en", DisplayPlaylist.Honours);
        await ShootAsync("wall-{panel}-portrait-zh.png", 1080, 1920, "zh-CN", DisplayPlaylist.Cumulative, DisplayPlaylist.Kpis, DisplayPlaylist.Charts);
        await ShootAsync("wall-{panel}-portrait-en.png", 1080, 1920, "en", DisplayPlaylist.Honours, DisplayPlaylist.Ranking);
        await ShootWithAsync(district, "wall-district-{panel}-zh.png", 1920, 1080, "zh-CN", DisplayPlaylist.Map, DisplayPlaylist.Cumulative);
        await ShootWithAsync(station, "wall-station-{panel}-zh.png", 1920, 1080, "zh-CN", DisplayPlaylist.Map, DisplayPlaylist.Honours);
        await ShootWithAsync(station, "wall-station-cumulative-en.png", 1920, 1080, "en", DisplayPlaylist.Cumulative);
    }

    private static LiveScope ScopeOf(CreatedDisplayToken created) => created.Token.Scope switch
    {
        var s when s.StartsWith("station:", StringComparison.Ordinal) => LiveScope.Station(int.Parse(s[8..], System.Globalization.CultureInfo.InvariantCulture)),
        var s when s.StartsWith("district:", StringComparison.Ordinal) => LiveScope.District(int.Parse(s[9..], System.Globalization.CultureInfo.InvariantCulture)),
        _ => LiveScope.All,
    };
}
