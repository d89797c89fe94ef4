using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

/// <summary>The duty desk on a 360 px phone, with an organiser's screens open elsewhere.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DutyDeskEndToEndTests(BrowserFixture fixture)
{
    /// <summary>The station grid's first open station, which the test's <c>duty</c> account runs (with the second).</summary>
    private const int StationId = 3;

    private const string DutyUserName = "duty";
    private const string DutyPassword = "test-only-duty-password";

    private LiveFeed Feed => fixture.App.Services.GetRequiredService<LiveFeed>();

    [Fact]
    public async Task DutyStaffOnAPhone_ChecksAVolunteerIn_AddsOneToTheHeadCount_AndLogsAnActivity_WhileOverviewAndBoardFollowLive()
    {
        await EnsureDutyAccountAsync();
        var volunteerName = "欧阳明辉";
        await AddVolunteerAsync(volunteerName, "OYMH", "13905937788");
        await EnsureActivityTypeAsync();
        var station = Feed.Stations([StationId]).Single();

        var overview = await fixture.NewPageAsync();
        var board = await fixture.NewPageAsync();
        var desk = await NewPhonePageAsync();
        try
        {
            var subscribers = Feed.SubscriberCount;
            await overview.GotoAsync("");
            var onDuty = overview.GetByTestId("kpi-on-duty-value");
            var onDutyBefore = Feed.Snapshot(LiveScope.All).Totals.VolunteersOnDuty;
            await Expect(onDuty).ToHaveTextAsync(N(onDutyBefore));
            await board.GotoAsync("occupancy");
            var tile = board.Locator($"[data-testid=station-tile][data-station-id='{StationId}'] [data-testid=tile-occupancy]");
            await Expect(tile).ToHaveTextAsync(N(station.Occupancy));

            await desk.GotoAsync($"desk/{StationId}");
            // The prerendered desk is static: typing into it before the circuit takes over would be lost.
            await Expect(desk.Locator(".desk[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await EventuallyAsync(() => Feed.SubscriberCount >= subscribers + 3, "the three pages' circuits subscribed to the feed");

            await desk.GetByTestId("volunteer-search").FillAsync("OYMH");
            await desk.GetByTestId("result-check-in").ClickAsync();

            // Other tests of the collection may have someone on duty here already.
            await Expect(desk.GetByTestId("on-duty-row").Filter(new() { HasText = volunteerName })).ToBeVisibleAsync();
            await Expect(desk.Locator(".mud-snackbar").Filter(new() { HasText = $"{volunteerName} 已签到" })).ToBeVisibleAsync();
            await Expect(onDuty).ToHaveTextAsync(N(onDutyBefore + 1), new() { Timeout = BrowserFixture.LiveUpdateTimeout });
            await Expect(overview.GetByTestId("ticker-line").First).ToContainTextAsync("欧*辉 签到", new() { Timeout = BrowserFixture.LiveUpdateTimeout });

            await desk.Locator(".mud-tab", new() { HasText = "人数" }).ClickAsync();
            await desk.GetByTestId("headcount-plus").ClickAsync();

            await Expect(desk.GetByTestId("headcount-value")).ToHaveTextAsync(N(station.Occupancy + 1));
            await Expect(tile).ToHaveTextAsync(N(station.Occupancy + 1), new() { Timeout = BrowserFixture.LiveUpdateTimeout });

            await desk.Locator(".mud-tab", new() { HasText = "活动" }).ClickAsync();
            // MudSelect opens on mouse-down of its input control.
            await desk.GetByTestId("activity-type").Locator("xpath=ancestor::div[contains(@class,'mud-input-control')][1]").DispatchEventAsync("mousedown");
            await desk.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
            await desk.GetByTestId("activity-title").FillAsync("端到端读书会");
            await desk.GetByTestId("activity-attendance").FillAsync("12");
            await desk.GetByTestId("activity-log").ClickAsync();

            await Expect(desk.GetByTestId("activity-row").Filter(new() { HasText = "端到端读书会" })).ToBeVisibleAsync();
            await Expect(overview.GetByTestId("ticker-line").First).ToContainTextAsync("登记活动「端到端读书会」，12 人参加", new() { Timeout = BrowserFixture.LiveUpdateTimeout });

            // Phone first: nothing on the desk is wider than the 360 px screen.
            Assert.True(await desk.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        }
        finally
        {
            foreach (var page in new[] { overview, board, desk })
            {
                await page.CloseAsync(new() { RunBeforeUnload = true });
                await page.Context.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task DutyStaff_TypingAnotherStationsDesk_AreRefused()
    {
        await EnsureDutyAccountAsync();
        var desk = await NewPhonePageAsync();
        try
        {
            // Station 9 is open, but not theirs.
            await desk.GotoAsync("desk/9");

            await Expect(desk.GetByTestId("desk-refused")).ToBeVisibleAsync();
            await Expect(desk.GetByTestId("volunteer-search")).ToHaveCountAsync(0);
            await Expect(desk.GetByTestId("desk-tabs")).ToHaveCountAsync(0);
        }
        finally
        {
            // Closing runs the page's unload, whose beacon ends the circuit at once: no subscription outlives the test.
            await desk.CloseAsync(new() { RunBeforeUnload = true });
            await desk.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task OnAPhone_TypingAHeadCount_AndOneTapOnSet_SavesIt()
    {
        await EnsureDutyAccountAsync();
        var desk = await NewPhonePageAsync(390, 844, isMobile: true);
        try
        {
            var target = Feed.Stations([StationId]).Single().Occupancy + 5;
            await desk.GotoAsync($"desk/{StationId}");
            await Expect(desk.Locator(".desk[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await desk.Locator(".mud-tab", new() { HasText = "人数" }).TapAsync();

            // A finger types the number and taps the button once; the field still has the focus when the tap lands.
            var field = desk.GetByTestId("headcount-exact");
            await field.TapAsync();
            await field.PressSequentiallyAsync(target.ToString(CultureInfo.InvariantCulture));
            await desk.GetByTestId("headcount-set").TapAsync();

            await Expect(desk.GetByTestId("headcount-value")).ToHaveTextAsync(N(target));
            await EventuallyAsync(() => Feed.Stations([StationId]).Single().Occupancy == target, "the head-count was saved");
        }
        finally
        {
            await desk.CloseAsync(new() { RunBeforeUnload = true });
            await desk.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task OnA390PxPhone_TheTabsAndSearchComeFirst_AndTheStationsAlertsWaitFoldedInOneLine()
    {
        await EnsureDutyAccountAsync();
        var alerts = fixture.App.Services.GetRequiredService<RedStation.Data.Alerts.AlertService>();
        Assert.True((await alerts.UpdateRuleAsync(AlertRule.OverCapacity, true, 100, 0)).Succeeded);
        var station = Feed.Stations([StationId]).Single();
        using var client = fixture.App.CreateClient();
        (await client.PutAsJsonAsync($"api/v1/stations/{StationId}/occupancy", new { count = station.Capacity + 1 })).EnsureSuccessStatusCode();
        await alerts.EvaluateAsync();
        var open = Feed.Alerts(LiveScope.Station(StationId)).Count;
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.ServerAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var desk = await context.NewPageAsync();
        try
        {
            await BrowserFixture.SignInAsync(desk, DutyUserName, DutyPassword);
            await desk.GotoAsync($"desk/{StationId}");
            await Expect(desk.Locator(".desk[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

            var strip = desk.GetByTestId("desk-alert-summary");
            await Expect(strip.GetByTestId("alert-summary-total")).ToHaveTextAsync($"{open} 条告警");
            // Red: over capacity is critical.
            await Expect(strip).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("alert-summary-critical"));
            await Expect(strip.GetByTestId("alert-item")).ToHaveCountAsync(0);
            foreach (var testId in new[] { "desk-tabs", "volunteer-search" })
            {
                var box = await desk.GetByTestId(testId).BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.Y + Math.Min(box.Height, 60) <= 844 / 2, $"{testId} starts at y={box.Y}: not in the top half of the phone's screen.");
            }

            await strip.GetByTestId("alert-summary-toggle").TapAsync();
            await Expect(strip.GetByTestId("alert-item")).ToHaveCountAsync(open);
            await Expect(strip.GetByTestId("alert-item").Filter(new() { HasText = "超员" })).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
            (await client.PutAsJsonAsync($"api/v1/stations/{StationId}/occupancy", new { count = station.Occupancy })).EnsureSuccessStatusCode();
            await alerts.EvaluateAsync();
        }
    }


    private async Task<IPage> NewPhonePageAsync(int width = 360, int height = 740, bool isMobile = false)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.ServerAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = isMobile,
            HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DutyUserName, DutyPassword);
        return page;
    }

    /// <summary>The test app's <c>duty</c> account: duty staff at the station grid's first two open stations.</summary>
    private async Task EnsureDutyAccountAsync()
    {
        using var scope = fixture.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        if (await users.FindByNameAsync(DutyUserName) is not null)
        {
            return;
        }

        var user = new StaffUser { UserName = DutyUserName };
        user.Stations.AddRange(new[] { StationId, StationId + 1 }.Select(id => new StaffStation { UserId = user.Id, StationId = id }));
        Assert.True((await users.CreateAsync(user, DutyPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, StaffRoles.DutyStaff)).Succeeded);
    }

    /// <summary>The fixture's network may have no activity types; one added here is new to the live state, as an organiser's would be.</summary>
    private async Task EnsureActivityTypeAsync()
    {
        var factory = fixture.App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        if (!await db.ActivityTypes.AnyAsync())
        {
            db.ActivityTypes.Add(new ActivityType { Code = "reading-club", Name = "读书会", NameEn = "Reading club" });
            await db.SaveChangesAsync();
        }
    }

    private async Task AddVolunteerAsync(string name, string initials, string phone)
    {
        var factory = fixture.App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        db.Volunteers.Add(new Volunteer
        {
            Name = name,
            PinyinInitials = initials,
            Phone = phone,
            MemberNumber = $"NDDY-D-{Guid.NewGuid():N}"[..20],
            WorkUnit = "宁德市民政局",
            CommunityId = await db.Communities.Select(c => c.Id).FirstAsync(),
        });
        await db.SaveChangesAsync();
    }

    /// <summary>Polls a condition on the server side, where Playwright's auto-waiting cannot look.</summary>
    private static async Task EventuallyAsync(Func<bool> condition, string what, int timeoutMilliseconds = 15_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMilliseconds);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(25, CancellationToken.None);
        }
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("zh-CN"));
}
