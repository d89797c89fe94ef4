using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Dashboard.Features.SelfCheckIn;
using RedStation.Data;
using RedStation.Data.Entities;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>The screenshots in <c>docs/screenshots</c>, taken from the demo network.</summary>
public sealed class Screenshots
{
    [Shot]
    public async Task StationsPage_InChineseEnglishAndOnAPhone()
    {
        await using var session = await ScreenshotSession.StartAsync();
        var (folder, baseUrl, browser, app) = (session.Folder, session.BaseUrl, session.Browser, session.App);

        await ShootAsync(browser, baseUrl, "zh-CN", new ViewportSize { Width = 1440, Height = 900 }, Path.Combine(folder, "stations-zh.png"));
        await ShootAsync(browser, baseUrl, "en", new ViewportSize { Width = 1440, Height = 900 }, Path.Combine(folder, "stations-en.png"));
        await ShootAsync(browser, baseUrl, "zh-CN", new ViewportSize { Width = 360, Height = 780 }, Path.Combine(folder, "stations-phone-zh.png"), isMobile: true);
    }

    [Shot]
    public async Task OverviewAndOccupancyBoard_InChineseEnglishAndOnAPhone()
    {
        await using var session = await ScreenshotSession.StartAsync();
        var (folder, baseUrl, browser, app) = (session.Folder, session.BaseUrl, session.Browser, session.App);

        var desktop = new ViewportSize { Width = 1440, Height = 900 };
        var phone = new ViewportSize { Width = 360, Height = 780 };
        await ShootOverviewAsync(browser, baseUrl, "zh-CN", Path.Combine(folder, "overview-zh.png"));
        await ShootOverviewAsync(browser, baseUrl, "en", Path.Combine(folder, "overview-en.png"));
        await ShootOverviewAsync(browser, baseUrl, "zh-CN", Path.Combine(folder, "overview-phone-zh.png"), phone, isMobile: true);
        await ShootOverviewAsync(browser, baseUrl, "en", Path.Combine(folder, "overview-phone-en.png"), new ViewportSize { Width = 390, Height = 844 }, isMobile: true);
        await ShootOccupancyAsync(browser, baseUrl, "zh-CN", desktop, Path.Combine(folder, "occupancy-zh.png"));
        await ShootOccupancyAsync(browser, baseUrl, "en", desktop, Path.Combine(folder, "occupancy-en.png"));
        await ShootOccupancyAsync(browser, baseUrl, "zh-CN", phone, Path.Combine(folder, "occupancy-phone-zh.png"), isMobile: true);
    }

    [Shot]
    public async Task AlertsPage_InChineseAndEnglish_OnAPhone_ItsDistrictRollupAndTheSnoozeDialog()
    {
        // A month of history: wishes and cases old enough to have passed their limits.
        await using var session = await ScreenshotSession.StartAsync(seedDays: 30);
        var (folder, baseUrl, browser) = (session.Folder, session.BaseUrl, session.Browser);

        var desktop = new ViewportSize { Width = 1440, Height = 900 };
        foreach (var (culture, suffix, viewport, mobile) in new[]
        {
            ("zh-CN", "zh", desktop, false), ("en", "en", desktop, false), ("zh-CN", "phone-zh", new ViewportSize { Width = 390, Height = 844 }, true),
        })
        {
            var page = await NewPageAsync(browser, baseUrl, culture, viewport, isMobile: mobile);
            await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2Falerts");
            await Expect(page.GetByTestId("alert-rules")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            // The monitor's first evaluation after the start opens the demo's few alerts.
            await Expect(page.GetByTestId("alert-item").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            if (await page.GetByTestId("alert-expand").CountAsync() > 0)
            {
                await page.GetByTestId("alert-expand").First.ClickAsync();
                await Expect(page.GetByTestId("alert-members").First).ToBeVisibleAsync();
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"alerts-{suffix}.png"), FullPage = true });
            if (suffix == "zh")
            {
                await page.GetByRole(AriaRole.Tab, new() { Name = "按区县" }).ClickAsync();
                await page.GetByTestId("alerts-rollup-row").First.Locator("button").First.ClickAsync();
                await Expect(page.GetByTestId("alerts-rollup").GetByTestId("alert-item").First).ToBeVisibleAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "alerts-districts-zh.png") });
                await page.GetByRole(AriaRole.Tab, new() { Name = "未解除" }).ClickAsync();
                await page.GetByTestId("alert-silence").First.ClickAsync();
                await page.Locator(".mud-dialog textarea").FillAsync("驿站装修，本周暂停开放");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "alerts-snooze-zh.png") });
            }

            await page.Context.CloseAsync();
        }
    }

    [Shot]
    public async Task NetworkMap_OnTheOverviewInChineseAndEnglish_AtDisplaySize_AndDark()
    {
        await using var session = await ScreenshotSession.StartAsync();
        var (folder, baseUrl, browser) = (session.Folder, session.BaseUrl, session.Browser);

        var laptop = new ViewportSize { Width = 1440, Height = 900 };
        await ShootMapAsync(browser, baseUrl, "zh-CN", laptop, Path.Combine(folder, "map-overview-zh.png"));
        await ShootMapAsync(browser, baseUrl, "en", laptop, Path.Combine(folder, "map-overview-en.png"), hoverFirstFull: true);
        // A wall display's panel: the map alone, filling a 1920 × 1080 screen; and the same in the dark theme.
        var display = new ViewportSize { Width = 1920, Height = 1080 };
        await ShootMapAsync(browser, baseUrl, "zh-CN", display, Path.Combine(folder, "map-display-1920x1080-zh.png"), fillScreen: true);
        await ShootMapAsync(browser, baseUrl, "zh-CN", display, Path.Combine(folder, "map-display-dark-zh.png"), fillScreen: true, dark: true);
    }

    /// <summary>The Overview's map card; or, with <paramref name="fillScreen"/>, the map component alone at the screen's size.</summary>
    private static async Task ShootMapAsync(
        IBrowser browser, string baseUrl, string culture, ViewportSize viewport, string path,
        bool fillScreen = false, bool dark = false, bool hoverFirstFull = false)
    {
        var page = await NewPageAsync(browser, baseUrl, culture, viewport, isMobile: false);
        if (dark)
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "RedStation.Theme", Value = "dark", Url = baseUrl }]);
        }

        await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2F", new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.Locator(".map-dots circle.map-dot").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        // Wait for the circuit (the hover needs it) and for the charts, so the page is shot as its user sees it.
        await Expect(page.Locator(".apexcharts-canvas")).ToHaveCountAsync(4, new() { Timeout = 30_000 });
        if (fillScreen)
        {
            // The component sizes itself to its box: give the box the whole screen, as a display panel does.
            await page.AddStyleTagAsync(new()
            {
                Content = "[data-testid=network-map] { position: fixed !important; inset: 0; width: 100vw !important; height: 100vh !important; " +
                    "z-index: 2000; background: var(--mud-palette-background); }",
            });
        }

        if (hoverFirstFull)
        {
            // The dots are drawn not-open first, then band by band: the last is the fullest open station (at any hour, even
            // early in the morning when none is busy yet).
            var busiest = page.Locator(".map-dots circle.map-dot").Last;
            await busiest.HoverAsync(new() { Force = true });
            await Expect(page.GetByTestId("map-tile")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        }

        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        var target = fillScreen ? page.GetByTestId("network-map") : page.GetByTestId("overview-map");
        await target.ScrollIntoViewIfNeededAsync();
        await target.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        await page.Context.CloseAsync();
    }

    [Shot]
    public async Task SelfCheckIn_OnAPhoneInChineseAndEnglish_AndThePosterAtA4()
    {
        var folder = ScreenshotOptions.CreateFolder();
        await using var app = new ScreenshotApp(seedDemo: true);
        var baseUrl = app.ServerAddress.ToString();
        int stationId;
        string memberNumber, phoneTail;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync())
        {
            stationId = await db.Stations.Where(s => s.Status == StationStatus.Open && s.HostUnit != null).OrderBy(s => s.Code).Select(s => s.Id).FirstAsync();
            var volunteer = await db.Volunteers.Where(v => !db.DutySessions.Any(d => d.VolunteerId == v.Id && d.CheckedOutAt == null)).OrderBy(v => v.Id).FirstAsync();
            (memberNumber, phoneTail) = (volunteer.MemberNumber, volunteer.Phone[^4..]);
        }

        var link = app.Services.GetRequiredService<CheckInLinks>().PathFor(stationId);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ChromiumPath,
            Headless = true,
            Args = Chromium.ChromiumArgs,
        });

        var phone = new ViewportSize { Width = 360, Height = 740 };
        foreach (var (culture, suffix) in new[] { ("zh-CN", "zh"), ("en", "en") })
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseUrl, Locale = culture, ViewportSize = phone, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{link}?culture={culture}");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"checkin-phone-{suffix}.png") });
            if (suffix == "zh")
            {
                await page.Locator("#checkin-member").FillAsync(memberNumber);
                await page.Locator("#checkin-phone").FillAsync(phoneTail);
                await page.Locator("button[value=in]").ClickAsync();
                await Expect(page.GetByTestId("checkin-receipt")).ToBeVisibleAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "checkin-done-phone-zh.png") });
            }
        }

        // The poster as it prints: an A4 sheet at 96 dpi (794 × 1123 CSS px), and as a PDF to check it fits one page.
        await using var posterContext = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 794, Height = 1123 }, DeviceScaleFactor = 1.5f,
        });
        var poster = await posterContext.NewPageAsync();
        await Chromium.SignInAsync(poster, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
        await poster.GotoAsync($"stations/{stationId}/poster");
        await poster.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await poster.Locator("article.poster").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, "poster-a4.png") });
        await poster.PdfAsync(new PagePdfOptions { Path = Path.Combine(Path.GetTempPath(), "redstation-poster.pdf"), PreferCSSPageSize = true, PrintBackground = true });
    }

    [Shot]
    public async Task DutyDesk_OnAPhoneInChineseAndEnglish_AndOnATablet()
    {
        await using var session = await ScreenshotSession.StartAsync();
        var (folder, baseUrl, browser, app) = (session.Folder, session.BaseUrl, session.Browser, session.App);

        var phone = new ViewportSize { Width = 360, Height = 740 };
        await ShootDeskAsync(browser, baseUrl, "zh-CN", phone, Path.Combine(folder, "desk-phone-zh.png"), isMobile: true, search: "王");
        await ShootDeskAsync(browser, baseUrl, "en", phone, Path.Combine(folder, "desk-phone-en.png"), isMobile: true, search: "王");
        await ShootDeskAsync(browser, baseUrl, "zh-CN", phone, Path.Combine(folder, "desk-phone-headcount-zh.png"), isMobile: true, tab: 1);
        await ShootDeskAsync(browser, baseUrl, "zh-CN", phone, Path.Combine(folder, "desk-phone-wishes-zh.png"), isMobile: true, tab: 3);
        await ShootDeskAsync(browser, baseUrl, "zh-CN", new ViewportSize { Width = 800, Height = 1280 }, Path.Combine(folder, "desk-tablet-zh.png"), isMobile: true, tab: 2);
    }

    /// <summary>The desk of the demo <c>duty</c> account (development-only password), on one of its tabs.</summary>
    private static async Task ShootDeskAsync(
        IBrowser browser, string baseUrl, string culture, ViewportSize viewport, string path, bool isMobile, string? search = null, int tab = 0)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = culture,
            ViewportSize = viewport,
            IsMobile = isMobile,
            HasTouch = isMobile,
            DeviceScaleFactor = 2,
        });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, "duty", "DEV-ONLY-duty-2020");
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2Fdesk");
        await Expect(page.GetByTestId("desk-tabs")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // Wait for the circuit: the prerendered desk does not answer to typing or taps.
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('.mud-tab') !== null");
        await page.WaitForTimeoutAsync(1500);
        if (tab > 0)
        {
            await page.Locator(".mud-tab").Nth(tab).ClickAsync();
        }

        if (search is not null)
        {
            await page.GetByTestId("volunteer-search").FillAsync(search);
            await Expect(page.GetByTestId("search-result").First).ToBeVisibleAsync(new() { Timeout = 10_000 });
        }

        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        await context.CloseAsync();
    }

    [Shot]
    public async Task AdminPeopleAndAudit_InChineseEnglishAndPeopleOnAPhone()
    {
        await using var session = await ScreenshotSession.StartAsync();
        var (folder, baseUrl, browser, app) = (session.Folder, session.BaseUrl, session.Browser, session.App);

        var desktop = new ViewportSize { Width = 1440, Height = 900 };
        await ShootAdminAsync(browser, baseUrl, "zh-CN", desktop, "people", Path.Combine(folder, "people-zh.png"));
        await ShootAdminAsync(browser, baseUrl, "en", desktop, "people", Path.Combine(folder, "people-en.png"));
        await ShootAdminAsync(browser, baseUrl, "zh-CN", new ViewportSize { Width = 360, Height = 780 }, "people", Path.Combine(folder, "people-phone-zh.png"), isMobile: true);
        if (app is not null)
        {
            await WriteSomeAuditedChangesAsync(app);
        }

        await ShootAdminAsync(browser, baseUrl, "zh-CN", desktop, "audit", Path.Combine(folder, "audit-zh.png"));
        await ShootAdminAsync(browser, baseUrl, "en", desktop, "audit", Path.Combine(folder, "audit-en.png"));
    }

    /// <summary>The demo history is bulk-loaded, not written by anyone: give the audit page a morning's desk work to show.</summary>
    private static async Task WriteSomeAuditedChangesAsync(ScreenshotApp app)
    {
        List<int> stations, volunteers;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync())
        {
            stations = await db.Stations.Where(s => s.Status == StationStatus.Open).OrderBy(s => s.Code).Select(s => s.Id).Take(3).ToListAsync();
            volunteers = await db.Volunteers.Where(v => !db.DutySessions.Any(d => d.VolunteerId == v.Id && d.CheckedOutAt == null)).OrderBy(v => v.Id).Select(v => v.Id).Take(4).ToListAsync();
        }

        using var actor = RedStation.Data.Security.ActorContext.Begin(new(RedStation.Data.Security.ActorKind.Person, "duty", "duty"));
        var duty = app.Services.GetRequiredService<RedStation.Data.Services.DutyService>();
        var occupancy = app.Services.GetRequiredService<RedStation.Data.Services.OccupancyService>();
        for (var i = 0; i < volunteers.Count; i++)
        {
            await duty.CheckInAsync(stations[i % stations.Count], volunteers[i]);
        }

        await occupancy.ChangeAsync(stations[0], 3);
        await occupancy.ChangeAsync(stations[1], -1);
        await duty.CheckOutAsync(stations[0], volunteers[0]);
    }

    private static async Task ShootAdminAsync(IBrowser browser, string baseUrl, string culture, ViewportSize viewport, string section, string path, bool isMobile = false)
    {
        var page = await NewPageAsync(browser, baseUrl, culture, viewport, isMobile);
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2Fadmin%2F{section}");
        await Expect(page.GetByTestId(section == "people" ? "person-username" : "audit-at").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The buttons wait for the circuit; shoot the page as its user works with it, not while it starts.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('table button[disabled]').length === 0", null, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        await page.Context.CloseAsync();
    }

    private static async Task ShootOverviewAsync(IBrowser browser, string baseUrl, string culture, string path, ViewportSize? viewport = null, bool isMobile = false)
    {
        var page = await NewPageAsync(browser, baseUrl, culture, viewport ?? new ViewportSize { Width = 1440, Height = 900 }, isMobile);
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2F");
        // Four charts drawn, and the CSS animations (the ticker's highlight) over.
        await Expect(page.Locator(".apexcharts-canvas")).ToHaveCountAsync(4, new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        await page.Context.CloseAsync();
    }

    private static async Task ShootOccupancyAsync(IBrowser browser, string baseUrl, string culture, ViewportSize viewport, string path, bool isMobile = false)
    {
        var page = await NewPageAsync(browser, baseUrl, culture, viewport, isMobile);
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2Foccupancy");
        await Expect(page.GetByTestId("station-tile").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        await page.Context.CloseAsync();
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl, string culture, ViewportSize viewport, bool isMobile)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = culture,
            ViewportSize = viewport,
            IsMobile = isMobile,
            HasTouch = isMobile,
            DeviceScaleFactor = isMobile ? 2 : 1,
        });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
        return page;
    }

    private static async Task ShootAsync(IBrowser browser, string baseUrl, string culture, ViewportSize viewport, string path, bool isMobile = false)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = culture,
            ViewportSize = viewport,
            IsMobile = isMobile,
            HasTouch = isMobile,
            DeviceScaleFactor = isMobile ? 2 : 1,
        });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
        // Through the culture endpoint, as the language switch does, so that the cookie decides and not the browser.
        await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2Fstations");
        await Expect(page.Locator("tbody.mud-table-body tr.mud-table-row").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator(".mud-table-loading-progress")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
    }
}
