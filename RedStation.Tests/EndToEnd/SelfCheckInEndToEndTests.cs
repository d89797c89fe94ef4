using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Dashboard.Features.SelfCheckIn;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class SelfCheckInEndToEndTests(BrowserFixture fixture)
{
    /// <summary>An open station of the grid network that no other end-to-end test writes at.</summary>
    private static readonly TestStation Station = StationGridNetwork.Stations.Last(s => s.Status == StationStatus.Open);

    [Fact]
    public async Task Volunteer_OnAPhone_ScansThePoster_ChecksIn_AndIsOnDuty()
    {
        var volunteerId = await InsertVolunteerAsync("E2E000001", "13712340427", "林海燕");
        var stationId = await StationIdAsync();
        var link = fixture.App.Services.GetRequiredService<CheckInLinks>().PathFor(stationId);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.ServerAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
        });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(link);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Station.Name })).ToBeVisibleAsync();
            // Nothing wider than the phone.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"));

            await page.GetByLabel("党员编号").FillAsync("e2e000001");
            await page.GetByLabel("手机号后四位").FillAsync("0427");
            await page.GetByRole(AriaRole.Button, new() { Name = "签到", Exact = true }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "签到成功" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("checkin-name")).ToHaveTextAsync("林*燕");
            using var api = fixture.App.CreateClient();
            var live = await api.GetFromJsonAsync<JsonElement>($"/api/v1/live?topic=station:{stationId}");
            var onDuty = live.GetProperty("stations").EnumerateArray().Single().GetProperty("onDuty").EnumerateArray()
                .Select(v => v.GetProperty("volunteerId").GetInt32());
            Assert.Contains(volunteerId, onDuty);

            // The same phone checks out again from the page.
            await page.GetByRole(AriaRole.Link, new() { Name = "返回" }).ClickAsync();
            await page.GetByLabel("党员编号").FillAsync("E2E000001");
            await page.GetByLabel("手机号后四位").FillAsync("0427");
            await page.GetByRole(AriaRole.Button, new() { Name = "签退", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "签退成功" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("checkin-hours")).ToContainTextAsync("小时");
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task ThePostersPrintButton_PrintsThroughItsModule_UnderThePolicy()
    {
        var stationId = await StationIdAsync();
        var page = await fixture.NewPageAsync();
        try
        {
            // The test stands in for the print dialog; the recorder catches anything the policy refuses (an inline handler).
            await page.AddInitScriptAsync("""
                window.__printed = 0;
                window.print = () => { window.__printed++; };
                window.__cspViolations = [];
                document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
                """);
            var problems = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    problems.Add(message.Text);
                }
            };

            await page.GotoAsync($"stations/{stationId}/poster", new() { WaitUntil = WaitUntilState.NetworkIdle });
            await page.GetByTestId("poster-print").ClickAsync();

            await Expect(page.GetByTestId("poster-print")).ToBeVisibleAsync();
            Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__printed"));
            Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
            Assert.Empty(problems);
            Assert.Equal(0, await page.Locator("[onclick]").CountAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task ThePostersShortLink_TypedOnAPhone_ChecksIn_AndANewShortLinkRevokesTheOldOne()
    {
        await InsertVolunteerAsync("E2E000002", "13712340428", "黄志勇");
        var stationId = await StationIdAsync();
        var poster = await fixture.NewPageAsync();
        var phone = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.ServerAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        try
        {
            await poster.GotoAsync($"stations/{stationId}/poster");
            var shortLink = (await poster.GetByTestId("poster-short-link").TextContentAsync())!.Trim();
            // host/c/XXXXXXXX: a code of eight symbols anyone can read off a wall and type.
            var typed = new Uri(fixture.App.ServerAddress, "/" + shortLink[(shortLink.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            Assert.Matches($"^/c/[{SelfCheckInService.ShortCodeAlphabet}]{{{SelfCheckInService.ShortCodeLength}}}$", typed.AbsolutePath);
            Assert.StartsWith(fixture.App.ServerAddress.Authority, shortLink, StringComparison.Ordinal);

            // Typed by hand, in lower case.
            var page = await phone.NewPageAsync();
            await page.GotoAsync("c/" + typed.AbsolutePath["/c/".Length..].ToLowerInvariant());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Station.Name })).ToBeVisibleAsync();
            await page.GetByLabel("党员编号").FillAsync("E2E000002");
            await page.GetByLabel("手机号后四位").FillAsync("0428");
            await page.GetByRole(AriaRole.Button, new() { Name = "签到", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "签到成功" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("checkin-name")).ToHaveTextAsync("黄*勇");

            // The same code on every print of the poster, until someone replaces it.
            await poster.ReloadAsync();
            await Expect(poster.GetByTestId("poster-short-link")).ToHaveTextAsync(shortLink);
            await poster.GetByTestId("poster-new-code").ClickAsync();
            await Expect(poster.GetByTestId("poster-short-link")).Not.ToHaveTextAsync(shortLink);

            await page.GotoAsync(typed.AbsolutePath);
            await Expect(page.GetByTestId("checkin-invalid")).ToContainTextAsync("签到链接无效");
        }
        finally
        {
            await poster.Context.CloseAsync();
            await phone.CloseAsync();
        }
    }

    [Fact]
    public async Task TamperedLink_IsRefused_WithAMessage()
    {
        var stationId = await StationIdAsync();
        var code = fixture.App.Services.GetRequiredService<CheckInLinks>().CodeFor(stationId);
        var page = await fixture.NewPageAsync(signIn: false);
        try
        {
            await page.GotoAsync($"checkin/{stationId}/{code[..^2]}xx");

            await Expect(page.GetByTestId("checkin-invalid")).ToContainTextAsync("签到链接无效");
            await Expect(page.GetByLabel("党员编号")).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// The station's id, the station opened all day first (self check-in is taken only within opening hours, and these
    /// tests run on the real clock at any hour) — through the management service, so the live state stays the database's.
    /// </summary>
    private async Task<int> StationIdAsync()
    {
        int id;
        await using (var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync())
        {
            id = await db.Stations.Where(s => s.Code == Station.Code).Select(s => s.Id).SingleAsync();
        }

        var stations = fixture.App.Services.GetRequiredService<StationAdminService>();
        var input = (await stations.GetAsync(id))!;
        if (input.OpensAt != TimeOnly.MinValue || input.ClosesAt != new TimeOnly(23, 59))
        {
            Assert.True((await stations.UpdateAsync(id, input with { OpensAt = TimeOnly.MinValue, ClosesAt = new TimeOnly(23, 59) })).Succeeded);
        }

        return id;
    }

    private async Task<int> InsertVolunteerAsync(string memberNumber, string phone, string name)
    {
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        var volunteer = new Volunteer
        {
            Name = name,
            PinyinInitials = "LHY",
            Phone = phone,
            MemberNumber = memberNumber,
            WorkUnit = "宁德市妇联",
            CommunityId = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
        };
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();
        return volunteer.Id;
    }
}
