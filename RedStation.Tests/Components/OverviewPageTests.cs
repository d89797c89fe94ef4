using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using RedStation.Dashboard.Features.Overview;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>The overview's headline figures, live from the feed.</summary>
public sealed class OverviewPageTests : DashboardTestContext
{
    private LiveFeed Feed => Database.Get<LiveFeed>();

    [Fact]
    public void KpiTiles_ShowTheSnapshotsFigures()
    {
        UseCulture("en");
        var totals = Feed.Snapshot(LiveScope.All).Totals;

        UseInteractiveRenderer();
        var page = Render<OverviewPage>();

        Assert.Equal($"{totals.RedStationsOpen} / {totals.RedStationsPlanned}", Value(page, "kpi-stations"));
        Assert.Equal($"Shared venues open: {totals.SharedVenuesOpen}", Detail(page, "kpi-stations"));
        Assert.Equal(N(totals.VolunteersOnDuty), Value(page, "kpi-on-duty"));
        Assert.Equal(N(totals.Today.CheckIns), Value(page, "kpi-check-ins"));
        Assert.Equal(N(totals.Today.Activities), Value(page, "kpi-activities"));
        Assert.Equal($"{N(totals.Today.Attendance)} attending", Detail(page, "kpi-activities"));
        Assert.Equal(N(totals.OpenWishes), Value(page, "kpi-wishes"));
        Assert.Equal(N(totals.CasesResolvedThisMonth), Value(page, "kpi-mediation"));
    }

    [Fact]
    public async Task CheckIn_AppearsOnThePage_WithoutAReload()
    {
        UseCulture("zh-CN");
        var volunteerId = await AddVolunteerAsync("张晓明");
        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open);
        UseInteractiveRenderer();
        var page = Render<OverviewPage>();
        var before = int.Parse(Value(page, "kpi-on-duty"), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

        var result = await Database.Get<DutyService>().CheckInAsync(station.StationId, volunteerId);

        Assert.True(result.Succeeded, result.Error?.Message);
        page.WaitForAssertion(() =>
        {
            Assert.Equal((before + 1).ToString(CultureInfo.InvariantCulture), Value(page, "kpi-on-duty"));
            Assert.Equal("张*明 签到", page.Find("[data-testid=ticker-line] .ticker-sentence").TextContent);
            Assert.StartsWith(station.Name, page.Find("[data-testid=ticker-line] .ticker-where").TextContent);
        });
    }

    [Fact]
    public async Task TickerLinesRebuiltFromTheDatabase_AndALiveOne_RenderTogether()
    {
        UseCulture("zh-CN");
        var stationId = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open).StationId;
        var duty = Database.Get<DutyService>();
        Assert.True((await duty.CheckInAsync(stationId, await AddVolunteerAsync("李小红", "NDDY900002"))).Succeeded);
        Assert.True((await duty.CheckInAsync(stationId, await AddVolunteerAsync("王大海", "NDDY900003"))).Succeeded);
        // A rebuild (a restart, a resynchronisation) loads the recent lines from the database, all with sequence 0.
        await Feed.RebuildAsync(Database.Get<DomainWriter>());
        UseInteractiveRenderer();
        var page = Render<OverviewPage>();
        var before = page.FindAll("[data-testid=ticker-line]").Count;

        Assert.True((await duty.CheckInAsync(stationId, await AddVolunteerAsync("张晓明"))).Succeeded);

        page.WaitForAssertion(() =>
        {
            Assert.Equal(Math.Min(before + 1, OverviewPage.TickerLines), page.FindAll("[data-testid=ticker-line]").Count);
            Assert.Equal("张*明 签到", page.Find("[data-testid=ticker-line] .ticker-sentence").TextContent);
        });
    }

    [Fact]
    public async Task Disposing_ThePage_ReleasesItsSubscription()
    {
        var before = Feed.SubscriberCount;

        UseInteractiveRenderer();
        Render<OverviewPage>();
        Assert.Equal(before + 1, Feed.SubscriberCount);

        await DisposeComponentsAsync();
        Assert.Equal(before, Feed.SubscriberCount);
    }

    [Theory]
    [InlineData("张晓明", "张*明")]
    [InlineData("欧阳晓明", "欧*明")]
    [InlineData("张明", "张*")]
    [InlineData("张", "张")]
    [InlineData("", "")]
    public void PublicName_MasksAllButTheFirstAndLastCharacter(string name, string expected) =>
        Assert.Equal(expected, PublicName.Mask(name));

    private async Task<int> AddVolunteerAsync(string name, string memberNumber = "NDDY900001")
    {
        await using var db = await Database.CreateContextAsync();
        var volunteer = new Volunteer
        {
            Name = name,
            PinyinInitials = "ZXM",
            Phone = "138000" + memberNumber[^5..],
            MemberNumber = memberNumber,
            WorkUnit = "宁德市民政局",
            CommunityId = await db.Communities.Select(c => c.Id).FirstAsync(),
        };
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();
        return volunteer.Id;
    }

    private static string Value(IRenderedComponent<OverviewPage> page, string testId) =>
        page.Find($"[data-testid={testId}-value]").TextContent.Trim();

    private static string Detail(IRenderedComponent<OverviewPage> page, string testId) =>
        page.Find($"[data-testid={testId}-detail]").TextContent.Trim();

    private static string N(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("en"));
}
