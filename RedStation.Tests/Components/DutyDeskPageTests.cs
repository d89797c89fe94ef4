using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RedStation.Dashboard.Features.DutyDesk;
using RedStation.Dashboard.Security;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>
/// The duty desk over the station grid: stations 3 and 4 are open and belong to the duty staff member here,
/// station 9 is open and belongs to someone else.
/// </summary>
public sealed class DutyDeskPageTests : DashboardTestContext
{
    private const int OwnStation = 3;
    private const int OtherOwnStation = 4;
    private const int ForeignStation = 9;

    private static readonly TimeSpan SearchTimeout = TimeSpan.FromMilliseconds(DutyPanel.SearchDebounceMilliseconds) + WaitTimeout;

    private LiveFeed Feed => Database.Get<LiveFeed>();

    public DutyDeskPageTests()
    {
        Services.AddSingleton(_ => Database.Get<DutyService>());
        Services.AddSingleton(_ => Database.Get<OccupancyService>());
        Services.AddSingleton(_ => Database.Get<ActivityService>());
        Services.AddSingleton(_ => Database.Get<WishService>());
        Services.AddSingleton(_ => Database.Get<MediationService>());
        Services.AddSingleton(_ => Database.Get<VolunteerDirectory>());
        Services.AddSingleton(_ => Database.Get<DeskDirectory>());
    }

    [Fact]
    public void StationPicker_ListsOnlyTheUsersOwnStations()
    {
        SignInAsDutyStaff(OwnStation, OtherOwnStation);

        var cut = RenderDesk();
        cut.Find("[data-testid=desk-station-picker]").Closest(".mud-input-control")!.MouseDown();

        cut.WaitForAssertion(() => Assert.Equal(
            [Name(OwnStation), Name(OtherOwnStation)],
            cut.FindAll(".mud-popover-open .mud-list-item").Select(item => item.TextContent.Trim())));
    }

    [Fact]
    public void StationInTheAddress_ThatIsNotTheUsers_IsRefusedWithoutAnyWriteControl()
    {
        SignInAsDutyStaff(OwnStation);

        var cut = RenderDesk(ForeignStation);

        Assert.Contains("不在您负责的驿站之列", cut.Find("[data-testid=desk-refused]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=desk-tabs]"));
        Assert.Empty(cut.FindAll("[data-testid=volunteer-search]"));
        Assert.Empty(cut.FindAll("button"));
    }

    [Fact]
    public void Administrator_MayRunAnyOpenStation()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(StaffRoles.Administrator);

        var cut = RenderDesk(ForeignStation);

        Assert.Empty(cut.FindAll("[data-testid=desk-refused]"));
        Assert.NotNull(cut.Find("[data-testid=volunteer-search]"));
    }

    [Fact]
    public async Task CheckIn_FromTheSearch_OpensASession_AndListsTheVolunteerOnDuty()
    {
        var volunteerId = await AddVolunteerAsync("林晓燕", "LXY", "13905931234");
        SignInAsDutyStaff(OwnStation);
        var cut = RenderDesk();

        cut.Find("[data-testid=volunteer-search]").Input("1234");
        cut.WaitForElement("[data-testid=result-check-in]", SearchTimeout);
        Assert.Contains("尾号 1234", cut.Find("[data-testid=search-result]").TextContent);
        Assert.DoesNotContain("13905931234", cut.Markup);
        cut.Find("[data-testid=result-check-in]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("林晓燕", cut.Find("[data-testid=on-duty-row] .desk-row-title").TextContent);
            Assert.Contains("林晓燕 已签到", cut.Find(".mud-snackbar").TextContent);
            Assert.NotNull(cut.Find("[data-testid=undo]"));
        });
        await using var db = await Database.CreateContextAsync();
        var session = await db.DutySessions.SingleAsync();
        Assert.Equal((OwnStation, volunteerId, (DateTime?)null), (session.StationId, session.VolunteerId, session.CheckedOutAt));
    }

    [Fact]
    public async Task Undo_AfterACheckIn_TakesTheVolunteerOffTheList()
    {
        await AddVolunteerAsync("郑海峰", "ZHF", "13905935678");
        SignInAsDutyStaff(OwnStation);
        var cut = RenderDesk();
        cut.Find("[data-testid=volunteer-search]").Input("ZHF");
        cut.WaitForElement("[data-testid=result-check-in]", SearchTimeout).Click();
        cut.WaitForElement("[data-testid=on-duty-row]");

        cut.Find("[data-testid=undo]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=on-duty-row]"));
            Assert.Empty(cut.FindAll("[data-testid=undo]"));
        });
        await using var db = await Database.CreateContextAsync();
        Assert.False(await db.DutySessions.AnyAsync());
    }

    [Fact]
    public async Task CheckIn_OfAVolunteerOnDutyElsewhere_ShowsTheDomainsRefusalAsASnackbar()
    {
        var volunteerId = await AddVolunteerAsync("黄志强", "HZQ", "13905930001");
        Assert.True((await Database.Get<DutyService>().CheckInAsync(OtherOwnStation, volunteerId)).Succeeded);
        SignInAsDutyStaff(OwnStation);
        var cut = RenderDesk();

        cut.Find("[data-testid=volunteer-search]").Input("黄志强");
        cut.WaitForElement("[data-testid=result-check-in]", SearchTimeout).Click();

        cut.WaitForAssertion(() =>
        {
            var snackbar = cut.Find(".mud-snackbar").TextContent;
            Assert.Contains("黄志强", snackbar);
            Assert.Contains(Name(OtherOwnStation), snackbar);
        });
        Assert.Empty(cut.FindAll("[data-testid=on-duty-row]"));
    }

    [Fact]
    public async Task LoggingAnActivity_WithoutATitle_ShowsTheValidationMessage_AndWithOne_ListsIt()
    {
        await AddActivityTypeAsync();
        SignInAsDutyStaff(OwnStation);
        var cut = RenderDesk();
        OpenTab(cut, "活动");
        cut.WaitForElement("[data-testid=activity-type]").Closest(".mud-input-control")!.MouseDown();
        cut.WaitForElement(".mud-popover-open .mud-list-item").Click();

        cut.Find("[data-testid=activity-log]").Click();
        cut.WaitForAssertion(() => Assert.Contains("标题不能为空", cut.Find(".mud-snackbar").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=activity-row]"));

        cut.Find("[data-testid=activity-title]").Change("周末讲堂：垃圾分类");
        cut.Find("[data-testid=activity-log]").Click();
        cut.WaitForAssertion(() => Assert.Contains("周末讲堂：垃圾分类", cut.Find("[data-testid=activity-row]").TextContent));
        Assert.Contains("12:00–13:00", cut.Find("[data-testid=activity-row]").TextContent);
    }

    [Theory]
    [InlineData(18, null)]
    [InlineData(19, "busy")]
    [InlineData(23, "full")]
    [InlineData(30, "full")]
    public void HeadCount_WarnsFromEightyAndAtAHundredPercent(int count, string? expectedLevel)
    {
        // Station 3 holds 23: 80 % of it is 18.4, so 18 is comfortable and 19 busy.
        SignInAsDutyStaff(OwnStation);
        var cut = RenderDesk();
        OpenTab(cut, "人数");

        cut.WaitForElement("[data-testid=headcount-exact]").Input(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cut.Find("[data-testid=headcount-set]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=headcount-value]").TextContent);
            Assert.Equal(expectedLevel, cut.FindAll("[data-testid=headcount-warning]").SingleOrDefault()?.GetAttribute("data-level"));
        });
    }

    [Fact]
    public void PlusOne_ChangesTheHeadCountThroughTheService_AndTheLiveFeedSeesIt()
    {
        SignInAsDutyStaff(OwnStation);
        var before = Feed.Stations([OwnStation]).Single().Occupancy;
        var cut = RenderDesk();
        OpenTab(cut, "人数");

        cut.WaitForElement("[data-testid=headcount-plus]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(before + 1, Feed.Stations([OwnStation]).Single().Occupancy);
            Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=headcount-value]").TextContent);
        });
    }

    private void SignInAsDutyStaff(params int[] stations)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("duty");
        auth.SetRoles(StaffRoles.DutyStaff);
        auth.SetClaims([.. stations.Select(id => new Claim(SecurityClaims.Station, id.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
    }

    private IRenderedComponent<IComponent> RenderDesk(int? stationId = null)
    {
        UseCulture("zh-CN");
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        // The providers host the select's options and the snackbars, as the layout does in the app.
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<DutyDeskPage>(2);
            builder.AddAttribute(3, nameof(DutyDeskPage.StationId), stationId);
            builder.CloseComponent();
        });
    }

    private static void OpenTab(IRenderedComponent<IComponent> cut, string label) =>
        cut.FindAll(".mud-tab").Single(tab => tab.TextContent.Trim() == label).Click();

    private string Name(int stationId) => Feed.Stations([stationId]).Single().Name;

    private async Task AddActivityTypeAsync()
    {
        await using var db = await Database.CreateContextAsync();
        db.ActivityTypes.Add(new ActivityType { Code = "weekend-lecture", Name = "周末讲堂", NameEn = "Weekend lecture" });
        await db.SaveChangesAsync();
    }

    private async Task<int> AddVolunteerAsync(string name, string initials, string phone)
    {
        await using var db = await Database.CreateContextAsync();
        var volunteer = new Volunteer
        {
            Name = name,
            PinyinInitials = initials,
            Phone = phone,
            MemberNumber = $"NDDY{phone[^6..]}",
            WorkUnit = "宁德市民政局",
            CommunityId = await db.Communities.Select(c => c.Id).FirstAsync(),
        };
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();
        return volunteer.Id;
    }
}
