using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>
/// The management pages, the import preview with its validation report, and the analytics page filtered to one district,
/// in <c>docs/screenshots</c>: Chinese and English at desktop width, and on a 390×844 phone.
/// </summary>
public sealed class ManagementScreenshots
{
    private static readonly ViewportSize Desktop = new() { Width = 1440, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Shot]
    public async Task ManagePagesImportPreviewAndFilteredAnalytics_InChineseEnglishAndOnAPhone()
    {
        await using var session = await ScreenshotSession.StartAsync(ownApp: true, seedDays: 30);
        var (district, community, districtName) = await FirstCommunityAsync(session.App!);
        foreach (var (culture, suffix) in new[] { ("zh-CN", "zh"), ("en", "en") })
        {
            var page = await NewPageAsync(session, culture, Desktop, isMobile: false);
            await ShootAnalyticsAsync(page, culture, district, Path.Combine(session.Folder, $"analytics-district-{suffix}.png"), fullPage: true);
            await ShootManagePagesAsync(page, session.Folder, suffix, fullPage: true);
            await ShootImportPreviewAsync(page, community, districtName, Path.Combine(session.Folder, $"manage-import-preview-{suffix}.png"), fullPage: true);
            await page.Context.CloseAsync();
        }

        var phone = await NewPageAsync(session, "zh-CN", Phone, isMobile: true);
        await ShootAnalyticsAsync(phone, "zh-CN", district, Path.Combine(session.Folder, "analytics-district-phone-zh.png"), fullPage: false);
        await phone.GotoAsync("manage/stations");
        await Expect(phone.GetByTestId("station-edit").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(session.Folder, "manage-stations-phone-zh.png") });
        await ShootImportPreviewAsync(phone, community, districtName, Path.Combine(session.Folder, "manage-import-preview-phone-zh.png"), fullPage: false);
        await phone.Context.CloseAsync();
    }

    private static async Task<IPage> NewPageAsync(ScreenshotSession session, string culture, ViewportSize viewport, bool isMobile)
    {
        var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = session.BaseUrl, Locale = culture, ViewportSize = viewport, IsMobile = isMobile, HasTouch = isMobile,
            ReducedMotion = ReducedMotion.Reduce, // charts drawn at once, not caught half animated
        });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2Fhealthz");
        return page;
    }

    private static async Task ShootAnalyticsAsync(IPage page, string culture, int district, string path, bool fullPage)
    {
        await page.GotoAsync($"analytics?preset=days30&district={district}");
        await Expect(page.GetByTestId("kpi-CheckIns")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("analytics-filter")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 60_000 });
        await Expect(page.Locator(".apexcharts-canvas").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await SettleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
    }

    private static async Task ShootManagePagesAsync(IPage page, string folder, string suffix, bool fullPage)
    {
        await page.GotoAsync("manage/stations");
        await Expect(page.GetByTestId("station-edit").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("station-create")).ToBeEnabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"manage-stations-{suffix}.png"), FullPage = fullPage });

        // The form with a refused code: the message stands under the field.
        await page.GetByTestId("station-create").ClickAsync();
        await page.GetByTestId("station-code").FillAsync(suffix == "zh" ? "驿站一号" : "station one");
        await page.GetByTestId("station-name").FillAsync(suffix == "zh" ? "东湖塘华侨社区红色驿站" : "Donghutang Red Station");
        await page.GetByTestId("station-save").ClickAsync();
        await Expect(page.Locator(".mud-dialog .mud-input-error").First).ToBeVisibleAsync();
        await SettleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"manage-station-dialog-{suffix}.png") });
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        await page.GotoAsync("manage/volunteers");
        await Expect(page.GetByTestId("volunteer-edit").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("volunteer-create")).ToBeEnabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"manage-volunteers-{suffix}.png"), FullPage = fullPage });

        await page.GotoAsync("manage/teams");
        await Expect(page.GetByTestId("team-table").Locator("tbody tr").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("team-create")).ToBeEnabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"manage-teams-{suffix}.png"), FullPage = fullPage });

        await page.GotoAsync("manage/activity-types");
        await Expect(page.GetByTestId("activity-type-table").Locator("tbody tr").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("activity-type-create")).ToBeEnabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"manage-activity-types-{suffix}.png"), FullPage = fullPage });
    }

    private static async Task ShootImportPreviewAsync(IPage page, string community, string district, string path, bool fullPage)
    {
        var csv = string.Join('\n',
            "姓名,手机号,党员编号,工作单位,社区,所属区县,技能特长,所属队伍",
            $"陈晓明,13912340001,IMPSHOT01,宁德市民政局,{community},{district},法律咨询,",
            $"林芳,12345,IMPSHOT02,宁德市教育局,{community},{district},,",
            $"黄建国,13912340003,IMPSHOT03,宁德市财政局,火星社区,{district},,",
            $"吴秀英,13912340001,IMPSHOT04,宁德市卫健委,{community},{district},,",
            $"郑志强,13912340005,,宁德市税务局,{community},{district},,不存在的队",
            $"刘海燕,13912340006,IMPSHOT06,宁德市文旅局,{community},{district},书法,");
        await page.GotoAsync("manage/volunteers/import");
        await Pages.ChooseFileAsync(page, "志愿者名单.csv", csv);
        await Expect(page.GetByTestId("import-problem").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await SettleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
    }

    /// <summary>Waits for transitions and chart animations to end, so that nothing is caught half drawn.</summary>
    private static Task SettleAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");

    private static async Task<(int DistrictId, string Community, string District)> FirstCommunityAsync(ScreenshotApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        var community = await db.Communities.OrderBy(c => c.DistrictId).ThenBy(c => c.Id)
            .Select(c => new { c.DistrictId, c.Name, District = c.District!.Name }).FirstAsync();
        return (community.DistrictId, community.Name, community.District);
    }
}
