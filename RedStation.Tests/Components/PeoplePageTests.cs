using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RedStation.Dashboard.Features.Admin;
using RedStation.Dashboard.Security;
using RedStation.Data.Auditing;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Tests.Components;

public sealed class PeoplePageTests : DashboardTestContext
{
    private const string Password = "component-test-password";

    /// <summary>A write goes through the domain writer (and an fsync) before the table reloads: more than bUnit's default second.</summary>
    private static readonly TimeSpan WriteTimeout = WaitTimeout;

    private StaffService Staff => Database.Get<StaffService>();

    [Fact]
    public async Task Table_ListsPeople_WithRoleChipsStationsAndState()
    {
        await CreateAsync("lin.fang", "林芳", StaffRoles.DutyStaff, 3);
        var locked = await CreateAsync("zhou.min", "周敏", StaffRoles.Organiser);
        Assert.True((await Staff.LockAsync(locked.Id)).Succeeded);

        var cut = RenderPage();

        cut.WaitForAssertion(() =>
        {
            var lin = Row(cut, "lin.fang");
            Assert.Contains("林芳", lin.TextContent);
            Assert.Contains("值班人员", lin.TextContent);
            Assert.Contains(StationName(3), lin.TextContent);
            Assert.Equal("正常", lin.QuerySelector("[data-testid=person-state]")!.TextContent.Trim());
            Assert.Equal("已停用", Row(cut, "zhou.min").QuerySelector("[data-testid=person-state]")!.TextContent.Trim());
            Assert.NotNull(Row(cut, "zhou.min").QuerySelector("[data-testid=person-unlock]"));
        });
    }

    [Fact]
    public async Task Search_NarrowsTheList()
    {
        await CreateAsync("lin.fang", "林芳", StaffRoles.Organiser);
        await CreateAsync("zhou.min", "周敏", StaffRoles.Organiser);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));

        cut.Find("[data-testid=people-search]").Input("周");

        cut.WaitForAssertion(() => Assert.Equal(["zhou.min"], UserNames(cut)), WriteTimeout);
    }

    [Fact]
    public async Task CreateDialog_CreatesAPerson_AndSaysSo()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Empty(UserNames(cut)));

        cut.Find("[data-testid=person-create]").Click();
        cut.WaitForElement("[data-testid=person-username-input]").Change("chen.jie");
        cut.Find("[data-testid=person-displayname-input]").Change("陈杰");
        cut.Find("[data-testid=person-password-input]").Change(Password);
        cut.Find("[data-testid=role-Organiser]").Change(true);
        cut.Find("[data-testid=person-save]").Click();

        cut.WaitForAssertion(
            () =>
            {
                Assert.Contains("已创建 chen.jie", cut.Find(".mud-snackbar").TextContent);
                Assert.Equal(["chen.jie"], UserNames(cut));
                Assert.Empty(cut.FindAll("[data-testid=person-dialog]"));
            },
            WriteTimeout);
        var created = Assert.Single(await Database.Get<PeopleDirectory>().SearchAsync(new PeopleQuery()));
        Assert.Equal([StaffRoles.Organiser], created.Roles);
    }

    [Fact]
    public void CreateDialog_WithAShortPassword_ShowsTheDomainsMessage_AndStaysOpen()
    {
        var cut = RenderPage();

        cut.Find("[data-testid=person-create]").Click();
        cut.WaitForElement("[data-testid=person-username-input]").Change("chen.jie");
        cut.Find("[data-testid=person-displayname-input]").Change("陈杰");
        cut.Find("[data-testid=person-password-input]").Change("short");
        cut.Find("[data-testid=role-Organiser]").Change(true);
        cut.Find("[data-testid=person-save]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("密码至少需要 10 个字符", cut.Find(".mud-snackbar").TextContent);
            Assert.NotEmpty(cut.FindAll("[data-testid=person-username-input]"));
        },
        WriteTimeout);
    }

    [Fact]
    public async Task EditDialog_ForDutyStaff_AddsAStationChosenByName()
    {
        var person = await CreateAsync("lin.fang", "林芳", StaffRoles.DutyStaff, 3);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Single(UserNames(cut)));

        Row(cut, "lin.fang").QuerySelector("[data-testid=person-edit]")!.Click();
        cut.WaitForElement("[data-testid=person-station-search]").Input(StationName(4));
        cut.WaitForElement(".mud-popover-open .mud-list-item").Click();
        cut.Find("[data-testid=person-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("已保存 lin.fang 的变更", cut.Find(".mud-snackbar").TextContent), WriteTimeout);
        Assert.Equal([3, 4], (await Database.Get<PeopleDirectory>().FindAsync(person.Id))!.Stations.Select(s => s.Id));
    }

    [Fact]
    public async Task Lock_AfterConfirmation_DisablesThePerson()
    {
        await CreateAsync("chief", "主管", StaffRoles.Administrator);
        await CreateAsync("zhou.min", "周敏", StaffRoles.Organiser);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(2, UserNames(cut).Count));

        Row(cut, "zhou.min").QuerySelector("[data-testid=person-lock]")!.Click();
        cut.WaitForElement(".mud-message-box");
        cut.FindAll(".mud-message-box button").Single(b => b.TextContent.Trim() == "停用").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("已停用 zhou.min", cut.Find(".mud-snackbar").TextContent);
            Assert.Equal("已停用", Row(cut, "zhou.min").QuerySelector("[data-testid=person-state]")!.TextContent.Trim());
        },
        WriteTimeout);
    }

    [Fact]
    public async Task Lock_OfTheLastAdministrator_ShowsTheRefusal()
    {
        await CreateAsync("chief", "主管", StaffRoles.Administrator);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Single(UserNames(cut)));

        Row(cut, "chief").QuerySelector("[data-testid=person-lock]")!.Click();
        cut.WaitForElement(".mud-message-box");
        cut.FindAll(".mud-message-box button").Single(b => b.TextContent.Trim() == "停用").Click();

        cut.WaitForAssertion(() => Assert.Contains("没有可登录的管理员", cut.Find(".mud-snackbar").TextContent), WriteTimeout);
        Assert.Equal("正常", Row(cut, "chief").QuerySelector("[data-testid=person-state]")!.TextContent.Trim());
    }

    [Fact]
    public async Task HostileDisplayNames_AreShownAsText()
    {
        await CreateAsync("hostile", "<img src=x onerror=alert(1)>", StaffRoles.Organiser);

        var cut = RenderPage();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", cut.Markup);
            Assert.Empty(cut.FindAll("img[src=x]"));
        });
    }

    [Fact]
    public void InEnglish_ShowsEnglishHeaders()
    {
        var cut = RenderPage("en");

        cut.WaitForAssertion(() => Assert.Equal(
            ["User name", "Display name", "Roles", "Stations", "State", "Last change", "Actions"],
            cut.FindAll("thead th").Select(th => th.TextContent.Trim())));
    }

    [Theory]
    [InlineData("zh-CN", "已锁定至 {0} · 来自 10.0.0.5 · 5 次失败", "无此账号")]
    [InlineData("en", "Locked out until {0} · from 10.0.0.5 · failed attempts: 5", "no such account")]
    public async Task ASignInLockout_ShowsUnderThePerson_AndWithUnknownNames_InTheRecentList(string culture, string chip, string unknown)
    {
        await CreateAsync("lin.fang", "林芳", StaffRoles.Organiser);
        await CreateAsync("zhou.min", "周敏", StaffRoles.Organiser);
        var lockout = await RecordLockoutAsync("lin.fang");
        await RecordLockoutAsync("ghost");

        var cut = RenderPage(culture);

        var ends = Database.Get<CityClock>().ToLocal(lockout.EndsAt).ToString("t", CultureInfo.GetCultureInfo(culture));
        cut.WaitForAssertion(() =>
        {
            Assert.Equal(string.Format(CultureInfo.InvariantCulture, chip, ends), Text(Row(cut, "lin.fang").QuerySelector("[data-testid=person-lockout-chip]")!));
            Assert.Empty(Row(cut, "zhou.min").QuerySelectorAll("[data-testid=person-lockout]"));
            var recent = cut.FindAll("[data-testid=recent-lockout]");
            Assert.Equal(
                [("ghost " + unknown).Replace(" ", string.Empty, StringComparison.Ordinal), "lin.fang"],
                recent.Select(r => Text(r.QuerySelector("[data-testid=recent-lockout-name]")!).Replace(" ", string.Empty, StringComparison.Ordinal)));
            Assert.Equal(2, cut.FindAll("[data-testid=recent-lockout-lift]").Count);
        });
    }

    [Fact]
    public async Task Lift_AfterConfirmation_EndsTheLockout_AndThisServersCounter()
    {
        await CreateAsync("lin.fang", "林芳", StaffRoles.Organiser);
        var cut = RenderPage();
        var attempts = Services.GetRequiredService<SignInAttemptLimiter>();
        var normalized = new UpperInvariantLookupNormalizer().NormalizeName("lin.fang");
        var started = Enumerable.Range(0, 5).SelectMany(_ => attempts.RecordFailure(normalized, "10.0.0.5")).Single();
        var lockout = await RecordLockoutAsync("lin.fang", started.Lockout);
        Assert.True(attempts.IsLockedOut(normalized, "10.0.0.5"));
        // The page lists what was recorded once it reloads (here: a search).
        cut.Find("[data-testid=people-search]").Input("lin");
        cut.WaitForAssertion(() => Assert.NotEmpty(Row(cut, "lin.fang").QuerySelectorAll("[data-testid=person-lockout]")), WriteTimeout);

        Row(cut, "lin.fang").QuerySelector("[data-testid=person-lockout-lift]")!.Click();
        cut.WaitForElement(".mud-message-box");
        cut.FindAll(".mud-message-box button").Single(b => b.TextContent.Trim() == "解除").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("已解除 lin.fang 来自 10.0.0.5 的登录锁定", cut.Find(".mud-snackbar").TextContent);
            Assert.Empty(Row(cut, "lin.fang").QuerySelectorAll("[data-testid=person-lockout]"));
            Assert.StartsWith("已由", Text(cut.Find("[data-testid=recent-lockout-state]")));
        },
        WriteTimeout);
        Assert.False(attempts.IsLockedOut(normalized, "10.0.0.5"));
        var lifted = Assert.Single(await Database.Get<SignInLockoutService>().ListRecentAsync());
        Assert.Equal(lockout.Id, lifted.Id);
        Assert.NotNull(lifted.LiftedAt);
    }

    [Fact]
    public void WithoutLockouts_TheRecentListSaysSo()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal("近 7 天没有登录锁定。", Text(cut.Find("[data-testid=recent-lockouts-empty]"))));
    }

    private async Task<SignInLockout> RecordLockoutAsync(string userName, FailureLockout? counted = null)
    {
        var now = Database.Time.GetUtcNow();
        var (since, until) = counted is null ? (now, now + TimeSpan.FromMinutes(15)) : (counted.Since, counted.Until);
        var result = await Database.Get<SignInLockoutService>().RecordAsync(new SignInLockoutStart(
            userName, new UpperInvariantLookupNormalizer().NormalizeName(userName), "10.0.0.5", 5, since.UtcDateTime, until.UtcDateTime));
        Assert.True(result.Succeeded, result.Error?.Message);
        Database.Time.Advance(TimeSpan.FromSeconds(1));
        return result.Value!;
    }

    private static string Text(IElement element) => WebUtility.HtmlDecode(element.TextContent).Trim();

    private async Task<PersonRow> CreateAsync(string userName, string displayName, string role, params int[] stations)
    {
        var result = await Staff.CreateAsync(new NewPerson(userName, displayName, Password, [role], stations));
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    private string StationName(int id)
    {
        using var db = Database.Get<IDbContextFactory<RedStation.Data.RedStationDbContext>>().CreateDbContext();
        return db.Stations.Single(s => s.Id == id).Name;
    }

    private IRenderedComponent<IComponent> RenderPage(string culture = "zh-CN")
    {
        UseCulture(culture);
        Services.AddSingleton(Database.Get<StaffService>());
        Services.AddSingleton(Database.Get<PeopleDirectory>());
        Services.AddSingleton(Database.Get<AuditLog>());
        Services.AddSingleton(Database.Get<SignInLockoutService>());
        Services.AddOptions<IdentityOptions>();
        Services.AddOptions<SecurityOptions>();
        Services.AddSingleton<SignInAttemptLimiter>();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<PeoplePage>(3);
            builder.CloseComponent();
        });
    }

    private static IElement Row(IRenderedComponent<IComponent> cut, string userName) =>
        cut.FindAll("[data-testid=people-table] tbody tr").Single(row => row.QuerySelector("[data-testid=person-username]")?.TextContent.Trim() == userName);

    private static List<string> UserNames(IRenderedComponent<IComponent> cut) =>
        cut.FindAll("[data-testid=person-username]").Select(td => td.TextContent.Trim()).ToList();
}
