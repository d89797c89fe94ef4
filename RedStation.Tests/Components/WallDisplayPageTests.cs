using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Features.WallDisplay;
using RedStation.Dashboard.Security;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>The wall screen: its scope, its figures, its playlist, live.</summary>
public sealed class WallDisplayPageTests : DashboardTestContext
{
    private static readonly Actor Organiser = new(ActorKind.Person, "user-7", "organiser");

    private LiveFeed Feed => Database.Get<LiveFeed>();

    private DisplayTokenService Tokens => Database.Get<DisplayTokenService>();

    private void AddWallServices()
    {
        Services.AddSingleton(Tokens);
        Services.AddSingleton(Database.Get<HighlightsDirectory>());
        Services.AddOptions<WallDisplayOptions>();
    }

    [Fact]
    public void TheCityWall_ShowsTheSnapshotsFiguresInItsCounters()
    {
        UseCulture("en");
        AddWallServices();
        var totals = Feed.Snapshot(LiveScope.All).Totals;

        var page = RenderWall(Person(StaffRoles.Organiser));

        page.WaitForAssertion(() => Assert.Equal("kpis", page.Find("[data-testid=wall-panel]").GetAttribute("data-panel")));
        Assert.Equal(totals.Today.CheckIns, Count(page, "wall-kpi-check-ins"));
        Assert.Equal(totals.VolunteersOnDuty, Count(page, "wall-kpi-on-duty"));
        Assert.Equal(totals.OpenWishes, Count(page, "wall-kpi-wishes"));
        Assert.Equal(totals.RedStationsOpen, Count(page, "wall-kpi-stations"));
        Assert.Contains("Ningde", page.Find("[data-testid=wall-scope]").TextContent);
    }

    [Fact]
    public async Task ADistrictDisplay_OpeningTheCityOrAnotherDistrict_IsRefused_AndShowsNoFigures()
    {
        UseCulture("zh-CN");
        AddWallServices();
        var districts = Feed.Snapshot(LiveScope.All).Districts;
        var token = await CreateTokenAsync($"district:{districts[0].DistrictId}");

        var city = RenderWall(DisplayOf(token));
        var other = RenderWall(DisplayOf(token), districtId: districts[1].DistrictId);
        var own = RenderWall(DisplayOf(token), districtId: districts[0].DistrictId);

        foreach (var refused in new[] { city, other })
        {
            refused.WaitForAssertion(() => Assert.NotNull(refused.Find("[data-testid=wall-refused]")));
            Assert.Empty(refused.FindAll("[data-testid=wall-panel]"));
        }

        own.WaitForAssertion(() => Assert.NotNull(own.Find("[data-testid=wall-panel]")));
        Assert.Equal(districts[0].Name, own.Find("[data-testid=wall-scope]").TextContent.Trim());
    }

    [Fact]
    public async Task ACheckIn_MovesTheCounter_AndAddsAMaskedLineToTheFeed()
    {
        UseCulture("zh-CN");
        AddWallServices();
        var volunteerId = await AddVolunteerAsync("张晓明");
        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open);
        var page = RenderWall(Person(StaffRoles.Administrator));
        page.WaitForAssertion(() => page.Find("[data-testid=wall-kpi-check-ins]"));
        var before = Count(page, "wall-kpi-check-ins");

        AssertSucceeded(await Database.Get<DutyService>().CheckInAsync(station.StationId, volunteerId));

        page.WaitForAssertion(() =>
        {
            Assert.Equal(before + 1, Count(page, "wall-kpi-check-ins"));
            Assert.Equal("张*明 签到", page.Find("[data-testid=wall-feed-line] .wall-feed-sentence").TextContent);
        });
        Assert.DoesNotContain("张晓明", page.Markup);
    }

    [Fact]
    public async Task AChangedPlaylist_ReachesTheOpenWall_AndTheFeedStaysCapped()
    {
        UseCulture("zh-CN");
        AddWallServices();
        var token = await CreateTokenAsync("all");
        AssertSucceeded(await Tokens.SetPlaylistAsync(token.Id, [new("kpis", 600)]));
        var page = RenderWall(DisplayOf(token));
        page.WaitForAssertion(() => Assert.Equal("kpis", page.Find("[data-testid=wall-panel]").GetAttribute("data-panel")));
        Assert.True(page.FindAll("[data-testid=wall-feed-line]").Count <= WallDisplayPage.KpiFeedLines);

        AssertSucceeded(await Tokens.SetPlaylistAsync(token.Id, [new("feed", 600), new("charts", 30)]));

        page.WaitForAssertion(() => Assert.Equal("feed", page.Find("[data-testid=wall-panel]").GetAttribute("data-panel")));
        Assert.Equal(2, page.FindAll(".wall-step").Count);
        Assert.True(page.FindAll("[data-testid=wall-feed-line]").Count <= new WallDisplayOptions().FeedLines);
    }

    [Fact]
    public async Task Disposing_TheWall_ReleasesItsFeedSubscription()
    {
        AddWallServices();
        var before = Feed.SubscriberCount;
        var page = RenderWall(Person(StaffRoles.Organiser));
        page.WaitForAssertion(() => page.Find("[data-testid=wall-panel]"));
        Assert.Equal(before + 1, Feed.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(before, Feed.SubscriberCount);
    }

    private IRenderedComponent<WallDisplayPage> RenderWall(ClaimsPrincipal user, int? districtId = null)
    {
        // The wall marks its live render (data-interactive) from RendererInfo, as a running circuit has it.
        UseInteractiveRenderer();
        return Render<WallDisplayPage>(parameters => parameters
            .Add(p => p.DistrictId, districtId)
            .AddCascadingValue(Task.FromResult(new AuthenticationState(user))));
    }

    private static int Count(IRenderedComponent<WallDisplayPage> page, string testId) =>
        int.Parse(page.Find($"[data-testid={testId}]").GetAttribute("data-value")!, CultureInfo.InvariantCulture);

    private static ClaimsPrincipal Person(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role)], "Identity.Application", ClaimTypes.Name, ClaimTypes.Role));

    private static ClaimsPrincipal DisplayOf((int Id, string Scope) token) =>
        DisplaySignIn.PrincipalFor(new DisplayTokenEntry(token.Id, "大厅大屏", [], token.Scope));

    private async Task<(int Id, string Scope)> CreateTokenAsync(string scope)
    {
        // Only an administrator issues tokens; organisers edit their playlists.
        using var _ = ActorContext.Begin(Organiser with { IsAdministrator = true });
        return (AssertSucceeded(await Tokens.CreateAsync("大厅大屏", scope)).Token.Id, scope);
    }

    private static T AssertSucceeded<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    private async Task<int> AddVolunteerAsync(string name)
    {
        await using var db = await Database.CreateContextAsync();
        var volunteer = new Volunteer
        {
            Name = name,
            PinyinInitials = "ZXM",
            Phone = "13800000001",
            MemberNumber = "NDDY900002",
            WorkUnit = "宁德市民政局",
            CommunityId = await db.Communities.Select(c => c.Id).FirstAsync(),
        };
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();
        return volunteer.Id;
    }
}
