using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

/// <summary>Every page works under the Content-Security-Policy, and hostile text stays text in the browser.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ContentSecurityPolicyEndToEndTests(BrowserFixture fixture)
{
    /// <summary>Installed before any page script: the browser reports every policy violation to the document.</summary>
    private const string ViolationRecorder = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
        """;

    private LiveFeed Feed => fixture.App.Services.GetRequiredService<LiveFeed>();

    [Fact]
    public async Task EveryPage_RunsUnderThePolicy_WithoutViolationsOrConsoleErrors_AndChartsAndLiveUpdatesWork()
    {
        var signIn = await OpenAsync(signIn: false);
        try
        {
            await signIn.Page.GotoAsync("account/login");
            await Expect(signIn.Page.Locator("#login-user")).ToBeVisibleAsync();
            await signIn.AssertCleanAsync();
        }
        finally
        {
            await signIn.Page.Context.CloseAsync();
        }

        var volunteerId = await AddVolunteerAsync();
        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open);
        var session = await OpenAsync(signIn: true);
        var page = session.Page;
        try
        {
            await page.GotoAsync("");
            await Expect(page.Locator("svg.apexcharts-svg").First).ToBeAttachedAsync();
            await EventuallyAsync(() => Feed.SubscriberCount > 0, "the overview's circuit subscribed to the feed");
            using var client = fixture.App.CreateClient();
            using var response = await client.PostAsJsonAsync($"api/v1/stations/{station.StationId}/checkins", new { volunteerId });
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            await Expect(page.GetByTestId("ticker-line").First).ToContainTextAsync("签到");
            await session.AssertCleanAsync();

            // In-app navigation (through the circuit) and full loads alike.
            await page.GotoAsync("occupancy");
            await Expect(page.Locator("[data-testid=station-tile]").First).ToBeVisibleAsync();
            await session.AssertCleanAsync();

            await page.GotoAsync("stations");
            await Expect(page.Locator("table").First).ToBeVisibleAsync();
            await session.AssertCleanAsync();

            // The API reference (Scalar) renders the OpenAPI document under its own, script-inline policy.
            await page.GotoAsync("api/reference/");
            await Expect(page.GetByText("CheckIn").First).ToBeAttachedAsync(new() { Timeout = 20_000 });
            await session.AssertCleanAsync();
        }
        finally
        {
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task HostileTextOnTheOverview_IsShownAsText_FiresNoDialog_AndInjectsNoElement()
    {
        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open).StationId;
        var session = await OpenAsync(signIn: true);
        var page = session.Page;
        var dialogs = new ConcurrentQueue<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Enqueue(dialog.Message);
            _ = dialog.DismissAsync();
        };
        try
        {
            await page.GotoAsync("");
            await Expect(page.GetByTestId("ticker")).ToBeVisibleAsync();
            await EventuallyAsync(() => Feed.SubscriberCount > 0, "the overview's circuit subscribed to the feed");

            var wish = await fixture.App.Services.GetRequiredService<WishService>().PostAsync(
                new PostWishRequest(station, WishCategory.HomeCleaning, HostileInputTests.ScriptPayload, HostileInputTests.ImagePayload));
            Assert.True(wish.Succeeded, wish.Error?.Message);
            var second = await fixture.App.Services.GetRequiredService<WishService>().PostAsync(
                new PostWishRequest(station, WishCategory.HomeCleaning, HostileInputTests.AttributePayload + HostileInputTests.ImagePayload, "王小明"));
            Assert.True(second.Succeeded, second.Error?.Message);

            await Expect(page.GetByTestId("ticker-line").Filter(new() { HasText = HostileInputTests.ScriptPayload })).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("ticker-line").Filter(new() { HasText = HostileInputTests.AttributePayload })).ToHaveCountAsync(1);
            var injected = await page.EvaluateAsync<int>(
                "document.querySelectorAll('img[src=\"x\"], [onerror], [onload], script:not([src]):not([type=importmap])').length");
            Assert.Equal(0, injected);
            Assert.Empty(dialogs);
            await session.AssertCleanAsync();
        }
        finally
        {
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await page.Context.CloseAsync();
        }
    }

    private async Task<WatchedPage> OpenAsync(bool signIn)
    {
        var page = await fixture.NewPageAsync(signIn: signIn);
        var watched = new WatchedPage(page);
        await page.AddInitScriptAsync(ViolationRecorder);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                watched.Problems.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => watched.Problems.Enqueue($"page error: {error}");
        return watched;
    }

    private async Task<int> AddVolunteerAsync()
    {
        var factory = fixture.App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var volunteer = new Volunteer
        {
            Name = "林志强",
            PinyinInitials = "LZQ",
            Phone = "13900000002",
            MemberNumber = $"NDDY-CSP-{Guid.NewGuid():N}"[..20],
            WorkUnit = "宁德市民政局",
            CommunityId = await db.Communities.Select(c => c.Id).FirstAsync(),
        };
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();
        return volunteer.Id;
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

    private sealed class WatchedPage(IPage page)
    {
        public IPage Page { get; } = page;

        public ConcurrentQueue<string> Problems { get; } = new();

        /// <summary>No policy violation reported to the document, and no console error or warning, so far.</summary>
        public async Task AssertCleanAsync()
        {
            var violations = await Page.EvaluateAsync<string[]>("window.__cspViolations ?? []");
            Assert.Empty(violations);
            Assert.Empty(Problems);
        }
    }
}
