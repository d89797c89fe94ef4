using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

/// <summary>An organiser manages stations and imports volunteers in the real browser; other open screens follow live.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ManagementEndToEndTests(BrowserFixture fixture)
{
    private const string OrganiserName = "e2e.organiser";
    private const string OrganiserPassword = "E2E-only-organiser-password-2026";

    [Fact]
    public async Task Organiser_CreatesAStationAfterABadCode_EditsItsCapacity_AndClosesIt_WhileTheOccupancyPageFollowsLive()
    {
        // An app of its own: the station written here must not change what the other browser tests see.
        await using var app = await StartAppAsync();
        var before = await StationCountAsync(app);
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var manage = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(manage, OrganiserName, OrganiserPassword);

        // The other screen: the live occupancy tiles, planned stations shown.
        var occupancy = await context.NewPageAsync();
        await occupancy.GotoAsync("occupancy");
        await Expect(occupancy.GetByTestId("occupancy-filter")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 30_000 });
        var showPlanned = occupancy.GetByRole(AriaRole.Switch, new() { Name = "显示筹建中站点" });
        await showPlanned.CheckAsync();
        await Expect(showPlanned).ToBeCheckedAsync();

        await manage.GotoAsync("manage/stations");
        await Expect(manage.GetByTestId("station-create")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await manage.GetByTestId("station-create").ClickAsync();
        await manage.GetByTestId("station-code").FillAsync("驿站一号");
        await manage.GetByTestId("station-name").FillAsync("端到端新驿站");
        await manage.GetByTestId("station-save").ClickAsync();

        await Expect(manage.Locator(".mud-dialog")).ToContainTextAsync(Message(app, e => e.Invalid(ErrorCodes.StationCodeInvalid, TextLimits.Code)));
        Assert.Equal(before, await StationCountAsync(app));

        await manage.GetByTestId("station-code").FillAsync("E2E-NEW-01");
        await manage.GetByTestId("station-save").ClickAsync();
        await Expect(manage.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Expect(manage.Locator(".mud-snackbar")).ToContainTextAsync("端到端新驿站");
        Assert.Equal(before + 1, await StationCountAsync(app));

        var tile = occupancy.GetByTestId("station-tile").Filter(new() { HasText = "端到端新驿站" });
        await Expect(tile).ToContainTextAsync("/ 50");

        await manage.GetByTestId("manage-station-search").FillAsync("端到端新驿站");
        var row = manage.GetByRole(AriaRole.Row).Filter(new() { HasText = "E2E-NEW-01" });
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByTestId("station-edit").ClickAsync();
        await manage.GetByTestId("station-capacity").FillAsync("80");
        await manage.GetByTestId("station-save").ClickAsync();
        await Expect(manage.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Expect(row.GetByTestId("station-capacity-cell")).ToHaveTextAsync("80");

        // Without a reload, the other page shows the new capacity.
        await Expect(tile).ToContainTextAsync("/ 80");
        Assert.Equal(80, await StationAsync(app, "E2E-NEW-01", s => s.Capacity));

        await row.GetByTestId("station-close").ClickAsync();
        await manage.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "关闭站点" }).ClickAsync();
        await Expect(row.GetByTestId("station-close")).ToHaveCountAsync(0);
        Assert.Equal(StationStatus.Closed, await StationAsync(app, "E2E-NEW-01", s => s.Status));
        await Expect(tile).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Organiser_ImportsAFileWithGoodAndBadRows_SeesEachBadRowAndWhy_AndConfirmingImportsTheGoodRowsOnly()
    {
        await using var app = await StartAppAsync();
        var community = await StationAsync(app, "RS-001", s => s.Community!.Name);
        var district = await StationAsync(app, "RS-001", s => s.Community!.District!.Name);
        var before = await VolunteerPhonesAsync(app);
        var csv = string.Join('\n',
            "姓名,手机号,党员编号,工作单位,社区,所属区县,技能特长,所属队伍",
            $"陈导入,13912340001,E2EIMP001,宁德市民政局,{community},{district},书法,",
            $"林号码,12345,E2EIMP002,宁德市民政局,{community},{district},,",
            $"黄社区,13912340003,E2EIMP003,宁德市民政局,火星社区,{district},,",
            $"吴重复,13912340001,E2EIMP004,宁德市民政局,{community},{district},,",
            $"郑导入,13912340005,E2EIMP005,宁德市民政局,{community},{district},,");

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, OrganiserName, OrganiserPassword);
        await page.GotoAsync("manage/volunteers/import");
        await ChooseFileAsync(page, "志愿者.csv", csv);

        await Expect(page.GetByTestId("import-preview")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("import-valid")).ToContainTextAsync("2");
        await Expect(page.GetByTestId("import-invalid")).ToContainTextAsync("3");
        var rows = page.GetByTestId("import-rows").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await ExpectProblemAsync(rows, 3, Message(app, e => e.Invalid(ErrorCodes.PhoneInvalid, "12345")));
        await ExpectProblemAsync(rows, 4, Message(app, e => e.Invalid(ErrorCodes.CommunityUnknown, $"{district} 火星社区")));
        await ExpectProblemAsync(rows, 5, Message(app, e => e.Invalid(ErrorCodes.DuplicateInFile, e.Field("Phone"), "13912340001", 2)));
        await Expect(page.GetByTestId("import-confirm")).ToBeDisabledAsync();
        Assert.Equal(before, await VolunteerPhonesAsync(app));

        await page.GetByTestId("import-skip").ClickAsync();

        await Expect(page.GetByTestId("import-done")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal([.. before, "13912340001", "13912340005"], (await VolunteerPhonesAsync(app)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Organiser_ImportsDistricts_SeesTheBadRowAndWhy_AndImportingTheValidRowsAddsTheDistrict()
    {
        await using var app = await StartAppAsync();
        var csv = string.Join('\n', "区县编号,区县名称,英文名称,排序", "E2E-NEW,端到端区,E2E District,90", "坏编号,错误区,Bad District,91");

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, OrganiserName, OrganiserPassword);
        await page.GotoAsync("manage/import");
        await Expect(page.GetByTestId("template-csv")).ToHaveAttributeAsync("href", "manage/import/template/districts.csv");
        await ChooseFileAsync(page, "区县.csv", csv);

        await Expect(page.GetByTestId("import-preview")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("import-valid")).ToContainTextAsync("1");
        await Expect(page.GetByTestId("import-invalid")).ToContainTextAsync("1");
        var rows = page.GetByTestId("import-rows").Locator("tbody tr");
        await ExpectProblemAsync(rows, 3, "区县编号：" + Message(app, e => e.Invalid(ErrorCodes.ImportCodeInvalid, TextLimits.Code)));
        await Expect(page.GetByTestId("import-confirm")).ToBeDisabledAsync();
        Assert.False(await DistrictExistsAsync(app, "E2E-NEW"));

        await page.GetByTestId("import-skip").ClickAsync();

        await Expect(page.GetByTestId("import-done")).ToContainTextAsync("新增 1 条", new() { Timeout = 30_000 });
        Assert.True(await DistrictExistsAsync(app, "E2E-NEW"));
        Assert.False(await DistrictExistsAsync(app, "坏编号"));
    }

    private static async Task<bool> DistrictExistsAsync(RedStationAppFactory app, string code)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        return await db.Districts.AnyAsync(d => d.Code == code);
    }

    private static async Task<RedStationAppFactory> StartAppAsync()
    {
        var app = new RedStationAppFactory();
        await app.InsertStationGridNetworkAsync();
        using var _ = ActorContext.Begin(new Actor(ActorKind.System, "e2e", "e2e"));
        var created = await app.Services.GetRequiredService<StaffService>().CreateAsync(
            new NewPerson(OrganiserName, "端到端组织员", OrganiserPassword, [StaffRoles.Organiser], []));
        Assert.True(created.Succeeded, created.Error?.Message);
        return app;
    }

    /// <summary>Chooses a file the way a person does: the button opens the browser's file chooser, which is answered with the file.</summary>
    internal static async Task ChooseFileAsync(IPage page, string name, string csv)
    {
        await Expect(page.GetByTestId("import-choose")).ToBeEnabledAsync(new() { Timeout = 60_000 });
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByTestId("import-choose").ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
    }

    private static async Task ExpectProblemAsync(ILocator rows, int rowNumber, string message)
    {
        var row = rows.Filter(new() { Has = rows.Page.Locator("td:first-child", new() { HasTextRegex = new Regex($@"^\s*{rowNumber}\s*$") }) });
        await Expect(row.GetByTestId("import-problem")).ToContainTextAsync(message);
    }

    /// <summary>A domain message as the Chinese page shows it.</summary>
    private static string Message(RedStationAppFactory app, Func<DomainErrors, DomainError> error)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            return error(app.Services.GetRequiredService<DomainErrors>()).Message;
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static async Task<int> StationCountAsync(RedStationAppFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        return await db.Stations.CountAsync();
    }

    private static async Task<T> StationAsync<T>(RedStationAppFactory app, string code, System.Linq.Expressions.Expression<Func<Station, T>> select)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        return await db.Stations.Where(s => s.Code == code).Select(select).SingleAsync();
    }

    private static async Task<List<string>> VolunteerPhonesAsync(RedStationAppFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        return (await db.Volunteers.Select(v => v.Phone).ToListAsync()).Order(StringComparer.Ordinal).ToList();
    }
}
