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
using RedStation.Data.Time;

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
        Services.AddSingleton(Database.Get<PublicFiguresDirectory>());
        Services.AddOptions<WallDisplayOptions>();
    }

    [Fact]
    public async Task TheCityWall_ShowsTheSnapshotsFiguresInItsCounters()
    {
        UseCulture("en");
        AddWallServices();
        var totals = Feed.Snapshot(LiveScope.All).Totals;
        var token = await CreateTokenAsync("all", new DisplayPlaylistItem(DisplayPlaylist.Kpis, 600));

        var page = RenderWall(Person(StaffRoles.Organiser), previewToken: token.Id);

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
        var token = await CreateTokenAsync("all", new DisplayPlaylistItem(DisplayPlaylist.Kpis, 600));
        var page = RenderWall(Person(StaffRoles.Administrator), previewToken: token.Id);
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

    [Fact]
    public async Task ATokenWall_WithOpenAlerts_ShowsNone_UntilItsPlaylistNamesTheAlertsPanel()
    {
        UseCulture("zh-CN");
        AddWallServices();
        var station = await OpenAnOverCapacityAlertAsync();
        var token = await CreateTokenAsync("all");

        var page = RenderWall(DisplayOf(token));

        // The default playlist: the cumulative figures first, and no alert on any of its panels.
        page.WaitForAssertion(() => Assert.Equal(DisplayPlaylist.Cumulative, page.Find("[data-testid=wall-panel]").GetAttribute("data-panel")));
        Assert.DoesNotContain(DisplayPlaylist.Alerts, page.FindAll(".wall-step").Select(s => s.TextContent));
        Assert.Equal(DisplayPlaylist.DefaultPanels.Count, page.FindAll(".wall-step").Count);
        Assert.Empty(page.FindAll("[data-testid=wall-alerts]"));
        Assert.DoesNotContain("告警", page.Markup);

        AssertSucceeded(await Tokens.SetPlaylistAsync(token.Id, [new(DisplayPlaylist.Alerts, 600)]));

        page.WaitForAssertion(() => Assert.Equal(DisplayPlaylist.Alerts, page.Find("[data-testid=wall-panel]").GetAttribute("data-panel")));
        var row = Assert.Single(page.FindAll("[data-testid=wall-alert-row]"), r => r.GetAttribute("data-station") == station.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(nameof(AlertRule.OverCapacity), row.GetAttribute("data-rule"));
    }

    [Fact]
    public async Task TheCumulativePanel_EqualsTheDatabaseSinceTheProgrammesStart_AndCountsACheckInAtOnce()
    {
        UseCulture("zh-CN");
        AddWallServices();
        var start = new DateOnly(2026, 11, 1);
        Services.Configure<WallDisplayOptions>(o => o.ProgrammeStart = start);
        var volunteerId = await AddVolunteerAsync("张晓明");
        await AddClosedSessionAsync(volunteerId, TimeSpan.FromHours(10));
        var token = await CreateTokenAsync("all", new DisplayPlaylistItem(DisplayPlaylist.Cumulative, 600));

        var page = RenderWall(DisplayOf(token));

        var clock = Database.Get<CityClock>();
        var from = clock.StartOfDayUtc(start);
        int checkInsBefore;
        await using (var db = await Database.CreateContextAsync())
        {
            var sessions = await db.DutySessions.Where(d => d.CheckedInAt >= from).Select(d => new { d.CheckedInAt, d.CheckedOutAt }).ToListAsync();
            var hours = sessions.Sum(d => ((d.CheckedOutAt ?? clock.UtcNow) - d.CheckedInAt).TotalHours);
            var wishes = await db.MicroWishes.CountAsync(w => w.ClaimedAt >= from);
            var volunteers = await db.Volunteers.CountAsync();
            var red = await db.Stations.Where(s => s.Kind != StationKind.SharedVenue).Select(s => s.Status).ToListAsync();
            checkInsBefore = sessions.Count;
            page.WaitForAssertion(() => Assert.Equal(checkInsBefore, Count(page, "wall-cumulative-check-ins")));
            Assert.True(sessions.Count > 0 && hours >= 10);
            Assert.Equal((int)Math.Floor(hours), Count(page, "wall-cumulative-hours"));
            Assert.Equal(wishes, Count(page, "wall-cumulative-wishes"));
            Assert.Equal(volunteers, Count(page, "wall-cumulative-volunteers"));
            Assert.Equal(red.Count(s => s == StationStatus.Open), Count(page, "wall-cumulative-stations"));
            Assert.Contains("2026年11月1日", page.Find("[data-testid=wall-cumulative-since]").TextContent);
        }

        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open);
        var other = await AddVolunteerAsync("李明", phone: "13800000002", member: "NDDY900003");
        AssertSucceeded(await Database.Get<DutyService>().CheckInAsync(station.StationId, other));

        // Counted from the database before the write: reading the panel here could already include the new check-in.
        page.WaitForAssertion(() => Assert.Equal(checkInsBefore + 1, Count(page, "wall-cumulative-check-ins")));
    }

    [Fact]
    public async Task TheCumulativePanel_AddsTheHistoricalBaseline_AsSoonAsAnAdministratorSavesIt()
    {
        UseCulture("zh-CN");
        AddWallServices();
        var volunteerId = await AddVolunteerAsync("张晓明");
        await AddClosedSessionAsync(volunteerId, TimeSpan.FromHours(10));
        var token = await CreateTokenAsync("all", new DisplayPlaylistItem(DisplayPlaylist.Cumulative, 600));
        var page = RenderWall(DisplayOf(token));
        page.WaitForAssertion(() => Assert.Contains("2020年7月1日", page.Find("[data-testid=wall-cumulative-since]").TextContent), WaitTimeout);
        var clock = Database.Get<CityClock>();
        var asOf = clock.Today.AddDays(-2);

        AssertSucceeded(await Database.Get<BaselineService>().SaveAsync(
            new ProgrammeBaselineInput(new DateOnly(2020, 5, 1), asOf, 52_000, 6_800, 900, 17_000, 3)));

        // The baseline plus what the database recorded after its last day; the wall re-reads at once, not in 15 s.
        var after = clock.StartOfDayUtc(asOf.AddDays(1));
        await using var db = await Database.CreateContextAsync();
        var sessions = await db.DutySessions.Where(d => d.CheckedInAt >= after).Select(d => new { d.CheckedInAt, d.CheckedOutAt }).ToListAsync();
        var hours = sessions.Sum(d => ((d.CheckedOutAt ?? clock.UtcNow) - d.CheckedInAt).TotalHours);
        var claimed = await db.MicroWishes.CountAsync(w => w.ClaimedAt >= after);
        var registered = await db.Volunteers.CountAsync(v => v.RegisteredAt >= after);
        var open = await db.Stations.CountAsync(s => s.Kind != StationKind.SharedVenue && s.Status == StationStatus.Open);
        page.WaitForAssertion(() => Assert.Contains("2020年5月1日", page.Find("[data-testid=wall-cumulative-since]").TextContent), WaitTimeout);
        Assert.True(sessions.Count > 0);
        Assert.Equal(52_000 + (int)Math.Floor(hours), Count(page, "wall-cumulative-hours"));
        Assert.Equal(sessions.Count, Count(page, "wall-cumulative-check-ins"));
        Assert.Equal(6_800 + claimed, Count(page, "wall-cumulative-wishes"));
        Assert.Equal(17_000 + registered, Count(page, "wall-cumulative-volunteers"));
        Assert.Equal(open + 3, Count(page, "wall-cumulative-stations"));
    }

    [Fact]
    public async Task AStudiosWall_ShowsTheDisputesItSettled_ItsBaselineIncluded()
    {
        UseCulture("en");
        AddWallServices();
        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open).StationId;
        var baselines = Database.Get<BaselineService>();
        var clock = Database.Get<CityClock>();
        AssertSucceeded(await baselines.SaveAsync(new ProgrammeBaselineInput(new DateOnly(2020, 7, 1), clock.Today.AddDays(-2), 0, 0, 0, 0, 0)));
        AssertSucceeded(await baselines.SetStationAsync(station, 107));
        await using (var db = await Database.CreateContextAsync())
        {
            db.MediationCases.Add(new MediationCase
            {
                StationId = station, Category = MediationCategory.OwnersAndProperty, Summary = "停车位", Status = MediationStatus.Resolved, PartyCount = 2,
                OpenedAt = clock.UtcNow.AddHours(-5), ClosedAt = clock.UtcNow.AddHours(-1),
            });
            await db.SaveChangesAsync();
        }

        var token = await CreateTokenAsync($"station:{station}", new DisplayPlaylistItem(DisplayPlaylist.Cumulative, 600));
        var page = RenderWall(DisplayOf(token), stationId: station);

        // The figures are read in the background: on a loaded machine that can take a few seconds.
        page.WaitForAssertion(() => Assert.Equal(108, Count(page, "wall-cumulative-disputes")), WaitTimeout);
        Assert.Contains("Disputes settled", page.Find("[data-testid=wall-cumulative]").TextContent);
    }

    [Fact]
    public async Task ATokenWall_NeverRendersAFullName_OnAnyPanel_AndItsHonourRollNamesTheVolunteerMasked()
    {
        UseCulture("zh-CN");
        AddWallServices();
        var volunteerId = await AddVolunteerAsync("欧阳晓明");
        var station = await AddClosedSessionAsync(volunteerId, TimeSpan.FromHours(30));
        AssertSucceeded(await Database.Get<DutyService>().CheckInAsync(station, volunteerId));
        var token = await CreateTokenAsync("all");

        var page = RenderWall(DisplayOf(token));

        foreach (var panel in DisplayPlaylist.Panels)
        {
            AssertSucceeded(await Tokens.SetPlaylistAsync(token.Id, [new(panel, 600)]));
            page.WaitForAssertion(() => Assert.Equal(panel, page.Find("[data-testid=wall-panel]").GetAttribute("data-panel")));
            if (panel == DisplayPlaylist.Honours)
            {
                page.WaitForAssertion(() => Assert.Contains("欧*明", page.Find("[data-testid=wall-honours-volunteers]").TextContent));
                Assert.Equal("欧*明", page.Find("[data-testid=wall-honours-volunteers] .wall-honour-name").TextContent);
            }

            Assert.DoesNotContain("欧阳晓明", page.Markup);
        }
    }

    [Fact]
    public void TheHeader_NamesTheOrganiser_AndTheSlogan_InThePagesLanguage()
    {
        UseCulture("en");
        AddWallServices();
        Services.Configure<WallDisplayOptions>(o => (o.OrganiserEn, o.SloganEn) = ("Ningde Organisation Department", "Serve the people"));

        var page = RenderWall(Person(StaffRoles.Organiser));

        page.WaitForAssertion(() => Assert.Equal("Ningde Organisation Department", page.Find("[data-testid=wall-organiser]").TextContent));
        Assert.Equal("Serve the people", page.Find("[data-testid=wall-slogan]").TextContent);
    }

    private async Task<int> OpenAnOverCapacityAlertAsync()
    {
        var alerts = Database.Get<RedStation.Data.Alerts.AlertService>();
        foreach (var setting in RedStation.Data.Alerts.AlertRuleDefaults.All)
        {
            Assert.True((await alerts.UpdateRuleAsync(setting.Rule, setting.Rule == AlertRule.OverCapacity, setting.Threshold, 0)).Succeeded);
        }

        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open && s.Capacity > 0);
        Assert.True((await Database.Get<OccupancyService>().SetAsync(station.StationId, station.Capacity)).Succeeded);
        Assert.Equal(1, (await alerts.EvaluateAsync()).Opened);
        return station.StationId;
    }

    /// <summary>A finished duty this month (ended an hour ago), through a context: the summaries follow on their own.</summary>
    private async Task<int> AddClosedSessionAsync(int volunteerId, TimeSpan length)
    {
        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open).StationId;
        var end = Database.Get<CityClock>().UtcNow.AddHours(-1);
        await using var db = await Database.CreateContextAsync();
        db.DutySessions.Add(new DutySession { VolunteerId = volunteerId, StationId = station, CheckedInAt = end - length, CheckedOutAt = end });
        await db.SaveChangesAsync();
        return station;
    }

    private IRenderedComponent<WallDisplayPage> RenderWall(ClaimsPrincipal user, int? districtId = null, int? previewToken = null, int? stationId = null)
    {
        // The wall marks its live render (data-interactive) from RendererInfo, as a running circuit has it.
        UseInteractiveRenderer();
        if (previewToken is { } token)
        {
            // An organiser's preview of a token's playlist: /display?token={id}.
            var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
            navigation.NavigateTo($"display?token={token.ToString(CultureInfo.InvariantCulture)}");
        }

        return Render<WallDisplayPage>(parameters => parameters
            .Add(p => p.DistrictId, districtId)
            .Add(p => p.StationId, stationId)
            .AddCascadingValue(Task.FromResult(new AuthenticationState(user))));
    }

    private static int Count(IRenderedComponent<WallDisplayPage> page, string testId) =>
        int.Parse(page.Find($"[data-testid={testId}]").GetAttribute("data-value")!, CultureInfo.InvariantCulture);

    private static ClaimsPrincipal Person(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role)], "Identity.Application", ClaimTypes.Name, ClaimTypes.Role));

    private static ClaimsPrincipal DisplayOf((int Id, string Scope) token) =>
        DisplaySignIn.PrincipalFor(new DisplayTokenEntry(token.Id, "大厅大屏", [], token.Scope));

    private async Task<(int Id, string Scope)> CreateTokenAsync(string scope, params DisplayPlaylistItem[] playlist)
    {
        // Only an administrator issues tokens; organisers edit their playlists.
        using var _ = ActorContext.Begin(Organiser with { IsAdministrator = true });
        var id = AssertSucceeded(await Tokens.CreateAsync("大厅大屏", scope)).Token.Id;
        if (playlist.Length > 0)
        {
            AssertSucceeded(await Tokens.SetPlaylistAsync(id, playlist));
        }

        return (id, scope);
    }

    private static T AssertSucceeded<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    private async Task<int> AddVolunteerAsync(string name, string phone = "13800000001", string member = "NDDY900002")
    {
        await using var db = await Database.CreateContextAsync();
        var volunteer = new Volunteer
        {
            Name = name,
            PinyinInitials = "ZXM",
            Phone = phone,
            MemberNumber = member,
            WorkUnit = "宁德市民政局",
            CommunityId = await db.Communities.Select(c => c.Id).FirstAsync(),
        };
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();
        return volunteer.Id;
    }
}
