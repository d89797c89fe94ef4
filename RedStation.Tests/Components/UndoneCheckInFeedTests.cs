using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Features.Overview;
using RedStation.Dashboard.Features.WallDisplay;
using RedStation.Data.Security;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>
/// A check-in taken back at the desk never happened as far as any feed is concerned: its line leaves the wall's feed and
/// the Overview's ticker, live, and the undo itself is no line of its own.
/// </summary>
public sealed class UndoneCheckInFeedTests : DashboardTestContext
{
    private LiveFeed Feed => Database.Get<LiveFeed>();

    [Fact]
    public async Task AnUndoneCheckIn_LeavesTheWallsFeed()
    {
        UseCulture("zh-CN");
        Services.AddSingleton(Database.Get<DisplayTokenService>());
        Services.AddSingleton(Database.Get<HighlightsDirectory>());
        Services.AddSingleton(Database.Get<PublicFiguresDirectory>());
        Services.AddOptions<WallDisplayOptions>();
        var (stationId, kept, undone) = (OpenStation(), await AddVolunteerAsync("李小红", "NDDY900002"), await AddVolunteerAsync("黄志勇", "NDDY900003"));
        // A wall whose playlist is the feed alone (the default opens on the cumulative figures): /display?token={id}.
        int tokenId;
        using (ActorContext.Begin(new Actor(ActorKind.Person, "user-1", "admin") { IsAdministrator = true }))
        {
            var tokens = Database.Get<DisplayTokenService>();
            tokenId = AssertSucceeded(await tokens.CreateAsync("大厅大屏", "all")).Token.Id;
            AssertSucceeded(await tokens.SetPlaylistAsync(tokenId, [new DisplayPlaylistItem(DisplayPlaylist.Feed, 600)]));
        }

        Services.GetRequiredService<NavigationManager>().NavigateTo($"display?token={tokenId.ToString(CultureInfo.InvariantCulture)}");
        UseInteractiveRenderer();
        var page = Render<WallDisplayPage>(p => p.AddCascadingValue(Task.FromResult(new AuthenticationState(Organiser()))));
        var duty = Database.Get<DutyService>();
        AssertSucceeded(await duty.CheckInAsync(stationId, kept));
        var session = AssertSucceeded(await duty.CheckInAsync(stationId, undone));
        page.WaitForAssertion(() => Assert.Equal(["黄*勇 签到", "李*红 签到"], WallLines(page).Take(2)));

        AssertSucceeded(await duty.UndoAsync(stationId, session.Id));

        page.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("黄*勇 签到", WallLines(page));
            Assert.Equal("李*红 签到", WallLines(page)[0]);
        });
    }

    [Fact]
    public async Task AnUndoneCheckIn_LeavesTheOverviewsTicker_AndTheUndoIsNoLineOfItsOwn()
    {
        UseCulture("zh-CN");
        var (stationId, kept, undone) = (OpenStation(), await AddVolunteerAsync("李小红", "NDDY900002"), await AddVolunteerAsync("黄志勇", "NDDY900003"));
        UseInteractiveRenderer();
        var page = Render<OverviewPage>();
        var duty = Database.Get<DutyService>();
        AssertSucceeded(await duty.CheckInAsync(stationId, kept));
        var session = AssertSucceeded(await duty.CheckInAsync(stationId, undone));
        page.WaitForAssertion(() => Assert.Equal(["黄*勇 签到", "李*红 签到"], TickerLines(page).Take(2)));
        var before = TickerLines(page).Count;

        AssertSucceeded(await duty.UndoAsync(stationId, session.Id));

        page.WaitForAssertion(() =>
        {
            Assert.Equal(before - 1, TickerLines(page).Count);
            Assert.Equal("李*红 签到", TickerLines(page)[0]);
            Assert.DoesNotContain(TickerLines(page), line => line.Contains("黄*勇", StringComparison.Ordinal));
        });
        Assert.DoesNotContain(Feed.Snapshot(LiveScope.All).Recent, e => e is DutyUndone || (e is VolunteerCheckedIn c && c.SessionId == session.Id));
    }

    private int OpenStation() => Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open).StationId;

    private static List<string> WallLines(IRenderedComponent<WallDisplayPage> page) =>
        [.. page.FindAll("[data-testid=wall-feed-line] .wall-feed-sentence").Select(l => l.TextContent)];

    private static List<string> TickerLines(IRenderedComponent<OverviewPage> page) =>
        [.. page.FindAll("[data-testid=ticker-line] .ticker-sentence").Select(l => l.TextContent)];

    private static ClaimsPrincipal Organiser() =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, StaffRoles.Organiser)], "Identity.Application", ClaimTypes.Name, ClaimTypes.Role));

    private static T AssertSucceeded<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    private async Task<int> AddVolunteerAsync(string name, string memberNumber)
    {
        await using var db = await Database.CreateContextAsync();
        var volunteer = new Volunteer
        {
            Name = name,
            PinyinInitials = "LXH",
            Phone = "138000" + memberNumber[^5..],
            MemberNumber = memberNumber,
            WorkUnit = "宁德市民政局",
            CommunityId = await db.Communities.Select(c => c.Id).FirstAsync(),
        };
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();
        return volunteer.Id;
    }
}
