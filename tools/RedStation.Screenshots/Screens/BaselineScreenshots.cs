using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data;
using RedStation.Data.Services;
using RedStation.Data.Time;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>Admin → Historical baselines with the programme's real figures, in zh-CN and en (skipped unless screenshots are asked for).</summary>
public sealed class BaselineScreenshots
{
    [Shot]
    public async Task BaselinesPage_InChineseAndEnglish()
    {
        await using var session = await ScreenshotSession.StartAsync(ownApp: true);
        var services = session.App!.Services;
        var baselines = services.GetRequiredService<BaselineService>();
        var asOf = services.GetRequiredService<CityClock>().Today.AddDays(-3);
        await baselines.SaveAsync(new ProgrammeBaselineInput(new DateOnly(2020, 7, 1), asOf, 52_000, 6_800, 900, 17_000, 0, "宁德市委组织部 2020 年通报"));
        await using (var db = await services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync())
        {
            var studio = await db.Stations.Where(s => s.Name.Contains("万达")).OrderBy(s => s.Code).Select(s => s.Id).FirstOrDefaultAsync();
            await baselines.SetStationAsync(studio > 0 ? studio : await db.Stations.OrderBy(s => s.Code).Select(s => s.Id).FirstAsync(), 107);
        }

        foreach (var (culture, suffix) in new[] { ("zh-CN", "zh"), ("en", "en") })
        {
            var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = session.BaseUrl,
                Locale = culture,
                ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            });
            var page = await context.NewPageAsync();
            await Chromium.SignInAsync(page, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
            await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2Fadmin%2Fbaselines");
            await Expect(page.GetByTestId("baseline-station-row")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("baseline-save")).ToBeEnabledAsync(new() { Timeout = 30_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(session.Folder, $"admin-baselines-{suffix}.png"), FullPage = true });
            await context.CloseAsync();
        }
    }
}
