using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data.Live;
using RedStation.Tests.Infrastructure;
using RedStation.Tests.Web;

namespace RedStation.Tests.Security;

public enum Who
{
    Anonymous,
    Admin,
    Organiser,
    DutyStaffOfA,
    ReadKey,
    WriteKeyOfA,
    UnknownKey,
    DbKeyOfA,
    RevokedDbKey,
    Display,
    RevokedDisplay,
}

/// <summary>Who may open which page, call which endpoint and subscribe to the hub: deny by default, on the server.</summary>
public sealed class AccessMatrixTests(SecurityFixture fixture) : IClassFixture<SecurityFixture>, IDisposable
{
    private static int _count;
    private readonly Dictionary<Who, HttpClient> _clients = [];

    public static TheoryData<Who, string> Pages() => Cross(["/", "/occupancy", "/stations"]);

    public static TheoryData<Who, string> Reads() =>
        Cross(["/api/v1/stations", $"/api/v1/stations/{SecurityFixture.StationA}", "/api/v1/volunteers?search=a", "/api/v1/live?topic=all", "/api/v1/alerts", "/openapi/v1.json"]);

    public static TheoryData<Who, string> AdminPages() => Cross(["/admin/people", "/admin/audit", "/admin/backups", "/admin/keys", "/admin/baselines"]);

    public static TheoryData<Who, string> DeskPages() => Cross(["/desk", $"/desk/{SecurityFixture.StationA}"]);

    public static TheoryData<Who, string> ManagementPages() => Cross(
    [
        "/manage/stations", "/manage/volunteers", "/manage/volunteers/import", "/manage/teams", "/manage/activity-types",
        "/manage/volunteers/import/template.csv", "/manage/volunteers/import/template.xlsx",
        "/manage/import", "/manage/import/template/stations.csv", "/manage/import/template/districts.xlsx",
        "/manage/units", "/manage/import/template/units.csv",
        "/manage/import/template/network.xlsx", "/manage/import/template/staff.csv", "/manage/import?sheet=workbook",
        // Not management, but the same people: the alerts page, the displays page (playlists), the analytics pages.
        "/alerts", "/admin/displays", "/analytics", $"/stations/{SecurityFixture.StationA}",
    ]);

    public static TheoryData<Who> Everyone() => new(Enum.GetValues<Who>());

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_OpensForPeople_SendsDisplaysToTheirWall_RedirectsAnonymousToSignIn_AndRefusesKeys(Who who, string path)
    {
        using var response = await (await ClientAsync(who)).GetAsync(path);

        switch (who)
        {
            case Who.Anonymous:
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Contains("/account/login?ReturnUrl=", response.Headers.Location!.ToString());
                break;
            case Who.Admin or Who.Organiser or Who.DutyStaffOfA:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                break;
            case Who.Display:
                // The people's pages show the whole network; a (district) screen is sent back to its own wall.
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal($"/display/district/{fixture.DistrictOfA}", response.Headers.Location!.ToString());
                break;
            case Who.UnknownKey or Who.RevokedDbKey:
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                break;
            case Who.RevokedDisplay:
                // The screen is told plainly, in its language, and loses its cookie.
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Contains("此大屏未获授权", await response.Content.ReadAsStringAsync());
                Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("RedStation.Display=;", StringComparison.Ordinal));
                break;
            default:
                // A key is not a person: pages are for people.
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                break;
        }
    }

    /// <summary>The refusal of a signed-in person: 403, the localized access-denied page, a way to sign in as someone else that returns here.</summary>
    private static async Task AssertAccessDeniedPageAsync(HttpResponseMessage response, string path)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"access-denied\"", html, StringComparison.Ordinal);
        Assert.Contains("无权访问此页面", html, StringComparison.Ordinal);
        Assert.Contains($"/account/login?ReturnUrl={Uri.EscapeDataString(path)}", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task AdminPage_OpensForAdministratorsOnly(Who who, string path)
    {
        using var response = await (await ClientAsync(who)).GetAsync(path);

        switch (who)
        {
            case Who.Admin:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                break;
            case Who.Anonymous:
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Contains("/account/login?ReturnUrl=", response.Headers.Location!.ToString());
                break;
            case Who.Organiser or Who.DutyStaffOfA:
                // Signed in without the role: told so, in their language, with 403 at the address they asked for.
                await AssertAccessDeniedPageAsync(response, path);
                break;
            case Who.UnknownKey or Who.RevokedDbKey or Who.RevokedDisplay:
                // Credentials that no longer admit anyone.
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                break;
            default:
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(ManagementPages))]
    public async Task ManagementPage_OpensForOrganisersAndAdministratorsOnly(Who who, string path)
    {
        using var response = await (await ClientAsync(who)).GetAsync(path);

        switch (who)
        {
            case Who.Admin or Who.Organiser:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                break;
            case Who.Anonymous:
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Contains("/account/login?ReturnUrl=", response.Headers.Location!.ToString());
                break;
            case Who.DutyStaffOfA:
                // Duty staff are refused on the server, with the access-denied page.
                await AssertAccessDeniedPageAsync(response, path);
                break;
            case Who.UnknownKey or Who.RevokedDbKey or Who.RevokedDisplay:
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                break;
            default:
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(DeskPages))]
    public async Task DutyDesk_OpensForDutyStaffAndAdministratorsOnly(Who who, string path)
    {
        using var response = await (await ClientAsync(who)).GetAsync(path);

        switch (who)
        {
            case Who.Admin or Who.DutyStaffOfA:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                break;
            case Who.Anonymous:
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Contains("/account/login?ReturnUrl=", response.Headers.Location!.ToString());
                break;
            case Who.Organiser:
                // Organisers look after the network, not a desk: the access-denied page.
                await AssertAccessDeniedPageAsync(response, path);
                break;
            case Who.UnknownKey or Who.RevokedDbKey or Who.RevokedDisplay:
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                break;
            default:
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                break;
        }
    }

    /// <summary>
    /// The menu asks the pages' own policies: each person is offered exactly the sections the server lets them open
    /// (the matrix above), no more, no fewer.
    /// </summary>
    [Theory]
    [InlineData(Who.Admin, "desk,admin/displays,analytics,alerts,manage/stations,admin/people,admin/keys,admin/audit,admin/backups", "")]
    [InlineData(Who.Organiser, "admin/displays,analytics,alerts,manage/stations", "desk,admin/people,admin/keys,admin/audit,admin/backups")]
    [InlineData(Who.DutyStaffOfA, "desk", "admin/displays,analytics,alerts,manage/stations,admin/people,admin/keys,admin/audit,admin/backups")]
    public async Task TheMenu_OffersExactlyTheSectionsThePoliciesOpen(Who who, string offered, string hidden)
    {
        var html = await (await ClientAsync(who)).GetStringAsync("/occupancy");

        foreach (var href in offered.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains($"<a href=\"{href}\"", html, StringComparison.Ordinal);
        }

        foreach (var href in hidden.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.DoesNotContain($"<a href=\"{href}\"", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/account/login")]
    [InlineData("/culture/set?culture=en&redirectUri=%2F")]
    public async Task AnonymousAddresses_StayOpen(string path)
    {
        using var response = await fixture.Client().GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        Assert.DoesNotContain("/account/login", response.Headers.Location?.ToString() ?? string.Empty);
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task ApiRead_NeedsAPersonOrAReadKey_AndIsNotForDisplays(Who who, string path)
    {
        using var response = await (await ClientAsync(who)).GetAsync(path);

        var expected = who switch
        {
            Who.Anonymous or Who.UnknownKey or Who.RevokedDbKey or Who.RevokedDisplay => HttpStatusCode.Unauthorized,
            Who.Display => HttpStatusCode.Forbidden,
            _ => HttpStatusCode.OK,
        };
        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData(Who.Anonymous)]
    [InlineData(Who.Display)]
    [InlineData(Who.RevokedDisplay)]
    public async Task VolunteerSearch_NeverGivesADisplayOrAnonymousCallerNamesOrPhones(Who who)
    {
        using var response = await (await ClientAsync(who)).GetAsync("/api/v1/volunteers?search=1");

        Assert.False(response.IsSuccessStatusCode, $"{who}: {response.StatusCode}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("phone", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"name\"", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Admin, HttpStatusCode.OK, HttpStatusCode.OK)]
    [InlineData(Who.Organiser, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(Who.DutyStaffOfA, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(Who.ReadKey, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(Who.WriteKeyOfA, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(Who.UnknownKey, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(Who.DbKeyOfA, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(Who.RevokedDbKey, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Display, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(Who.RevokedDisplay, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    public async Task ApiWrite_IsAllowedOnlyWhereThePrincipalMayWrite(Who who, HttpStatusCode atA, HttpStatusCode atB)
    {
        var client = await ClientAsync(who);

        using var a = await client.PutAsJsonAsync($"/api/v1/stations/{SecurityFixture.StationA}/occupancy", new { count = NextCount() });
        using var b = await client.PutAsJsonAsync($"/api/v1/stations/{SecurityFixture.StationB}/occupancy", new { count = NextCount() });

        Assert.Equal(atA, a.StatusCode);
        Assert.Equal(atB, b.StatusCode);
        foreach (var refused in new[] { a, b }.Where(r => !r.IsSuccessStatusCode))
        {
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
    }

    // The fixture's stations have no open alert: whoever may acknowledge there reaches the domain (404, no such open
    // group); whoever may not is refused before it (403).
    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Admin, HttpStatusCode.NotFound, HttpStatusCode.NotFound)]
    [InlineData(Who.Organiser, HttpStatusCode.NotFound, HttpStatusCode.NotFound)]
    [InlineData(Who.DutyStaffOfA, HttpStatusCode.NotFound, HttpStatusCode.Forbidden)]
    [InlineData(Who.ReadKey, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(Who.WriteKeyOfA, HttpStatusCode.NotFound, HttpStatusCode.Forbidden)]
    [InlineData(Who.UnknownKey, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(Who.DbKeyOfA, HttpStatusCode.NotFound, HttpStatusCode.Forbidden)]
    [InlineData(Who.RevokedDbKey, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Display, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(Who.RevokedDisplay, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    public async Task AlertAcknowledgement_IsAllowedWhereThePrincipalMayWriteOrLooksAfterAlerts(Who who, HttpStatusCode atA, HttpStatusCode atB)
    {
        var client = await ClientAsync(who);

        using var a = await client.PostAsync($"/api/v1/alerts/nobody-on-duty-{SecurityFixture.StationA}/acknowledgements", null);
        using var b = await client.PostAsync($"/api/v1/alerts/nobody-on-duty-{SecurityFixture.StationB}/acknowledgements", null);

        Assert.Equal(atA, a.StatusCode);
        Assert.Equal(atB, b.StatusCode);
        foreach (var refused in new[] { a, b })
        {
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData(Who.DutyStaffOfA)]
    [InlineData(Who.WriteKeyOfA)]
    [InlineData(Who.DbKeyOfA)]
    [InlineData(Who.Display)]
    public async Task CheckIn_AtAnotherStation_IsRefusedBeforeTheDomainSeesIt(Who who)
    {
        var client = await ClientAsync(who);

        using var response = await client.PostAsJsonAsync($"/api/v1/stations/{SecurityFixture.StationB}/checkins", new { volunteerId = 1 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Hub_ConnectsAndSubscribesForReaders_AndRefusesEveryoneElse(Who who)
    {
        var cookies = CookiesOf(who);
        if (who is Who.Admin or Who.Organiser or Who.DutyStaffOfA)
        {
            using var _ = await fixture.SignedInClientAsync(UserName(who), cookies, PasswordOf(who));
        }

        var key = KeyOf(who);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.App.ServerAddress, "/hubs/live"), options =>
            {
                options.Cookies = cookies;
                if (key is not null)
                {
                    options.Headers["X-Api-Key"] = key;
                }
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions = SeededAppFixture.Json)
            .Build();
        var snapshot = new TaskCompletionSource<LiveSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<LiveSnapshot>("Snapshot", s => snapshot.TrySetResult(s));

        if (who is Who.Anonymous or Who.UnknownKey or Who.RevokedDbKey or Who.RevokedDisplay)
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            return;
        }

        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", $"station:{SecurityFixture.StationA}");
        var received = await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SecurityFixture.StationA, Assert.Single(received.Stations).StationId);
    }

    /// <summary>
    /// Public means masked in the data: a principal that may watch but not administer (a wall display) never receives a
    /// volunteer's full name — not in the wall page's HTML, not in a hub snapshot, not in a hub event — while the people
    /// and keys that may see names do get them (so the test can fail). The circuit's frames are checked end to end in
    /// <c>PublicMaskingEndToEndTests</c>.
    /// </summary>
    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task NoFullName_ReachesAPublicPrincipal_OverHttpOrTheHub_WhilePeopleAndKeysSeeNames(Who who)
    {
        if (who is Who.Anonymous or Who.UnknownKey or Who.RevokedDbKey or Who.RevokedDisplay)
        {
            // Refused before any data (the matrix above): nothing to mask.
            return;
        }

        var services = fixture.App.Services;
        var onDuty = await CheckInANewVolunteerAsync(services);
        var arriving = await CreateNewVolunteerAsync(services);
        var cookies = CookiesOf(who);
        if (who is Who.Admin or Who.Organiser or Who.DutyStaffOfA)
        {
            using var _ = await fixture.SignedInClientAsync(UserName(who), cookies, PasswordOf(who));
        }

        var key = KeyOf(who);
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var snapshotReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.App.ServerAddress, "/hubs/live"), options =>
            {
                options.Cookies = cookies;
                if (key is not null)
                {
                    options.Headers["X-Api-Key"] = key;
                }
            })
            .Build();
        connection.On<System.Text.Json.JsonElement>("Snapshot", s => { received.Enqueue(s.GetRawText()); snapshotReceived.TrySetResult(); });
        connection.On<System.Text.Json.JsonElement>("VolunteerCheckedIn", e =>
        {
            received.Enqueue(e.GetRawText());
            if (e.GetProperty("volunteerId").GetInt32() == arriving.Id)
            {
                arrived.TrySetResult();
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", $"district:{fixture.DistrictOfA}");
        await snapshotReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True((await services.GetRequiredService<RedStation.Data.Services.DutyService>().CheckInAsync(SecurityFixture.StationA, arriving.Id)).Succeeded);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var hub = string.Join("\n", received);

        string? page = null;
        if (who == Who.Display)
        {
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = fixture.App.ServerAddress };
            using var response = await client.GetAsync($"/display/district/{fixture.DistrictOfA}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            page = await response.Content.ReadAsStringAsync();
        }

        await CheckOutAsync(services, onDuty.Id);
        await CheckOutAsync(services, arriving.Id);

        if (who == Who.Display)
        {
            foreach (var text in new[] { hub, page! })
            {
                Assert.DoesNotContain(onDuty.Name, text);
                Assert.DoesNotContain(arriving.Name, text);
            }

            Assert.Contains(PublicName.Mask(onDuty.Name), hub);
            Assert.Contains(PublicName.Mask(arriving.Name), hub);
        }
        else
        {
            Assert.Contains(onDuty.Name, hub);
            Assert.Contains(arriving.Name, hub);
        }
    }

    private static async Task<RedStation.Data.Entities.Volunteer> CheckInANewVolunteerAsync(IServiceProvider services)
    {
        var volunteer = await CreateNewVolunteerAsync(services);
        Assert.True((await services.GetRequiredService<RedStation.Data.Services.DutyService>().CheckInAsync(SecurityFixture.StationA, volunteer.Id)).Succeeded);
        return volunteer;
    }

    private static async Task CheckOutAsync(IServiceProvider services, int volunteerId) =>
        Assert.True((await services.GetRequiredService<RedStation.Data.Services.DutyService>().CheckOutAsync(SecurityFixture.StationA, volunteerId)).Succeeded);

    /// <summary>A volunteer with a name no other row holds, so that finding it anywhere means it leaked.</summary>
    private static async Task<RedStation.Data.Entities.Volunteer> CreateNewVolunteerAsync(IServiceProvider services)
    {
        var n = Interlocked.Increment(ref _volunteers);
        await using var db = await services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RedStation.Data.RedStationDbContext>>().CreateDbContextAsync();
        var communityId = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Communities.Select(c => c.Id));
        var volunteer = new RedStation.Data.Entities.Volunteer
        {
            Name = $"司马{"甲乙丙丁戊己庚辛壬癸"[n % 10]}{"子丑寅卯辰巳午未申酉戌亥"[n / 10 % 12]}远",
            PinyinInitials = "SMY",
            Phone = $"1390000{n:D4}",
            MemberNumber = $"MASK{n:D6}",
            WorkUnit = "宁德市测试单位",
            CommunityId = communityId,
        };
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();
        return volunteer;
    }

    private static int _volunteers;

    [Fact]
    public async Task Hub_TakesAKeyFromTheQueryString_AsABrowserWebSocketMust()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.App.ServerAddress, $"/hubs/live?access_token={SecurityFixture.ReadKey}"),
                Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
            .AddJsonProtocol(options => options.PayloadSerializerOptions = SeededAppFixture.Json)
            .Build();
        var snapshot = new TaskCompletionSource<LiveSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<LiveSnapshot>("Snapshot", s => snapshot.TrySetResult(s));

        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", "all");

        Assert.NotEmpty((await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(10))).Stations);
    }

    [Fact]
    public async Task Hub_TakesAKeyFromTheAccessTokenProvider_AsTheSignalRClientsSendIt()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.App.ServerAddress, "/hubs/live"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(SecurityFixture.ReadKey))
            .AddJsonProtocol(options => options.PayloadSerializerOptions = SeededAppFixture.Json)
            .Build();
        var snapshot = new TaskCompletionSource<LiveSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<LiveSnapshot>("Snapshot", s => snapshot.TrySetResult(s));

        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", "all");

        Assert.NotEmpty((await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(10))).Stations);
    }

    [Theory]
    [InlineData("station:A", true)]
    [InlineData("district:A", true)]
    [InlineData("station:B", false)]
    [InlineData("district:B", false)]
    [InlineData("all", false)]
    public async Task Hub_LetsADisplaySubscribeOnlyInsideItsScope(string topic, bool allowed)
    {
        topic = topic
            .Replace("station:A", $"station:{SecurityFixture.StationA}", StringComparison.Ordinal)
            .Replace("station:B", $"station:{SecurityFixture.StationB}", StringComparison.Ordinal)
            .Replace("district:A", $"district:{fixture.DistrictOfA}", StringComparison.Ordinal)
            .Replace("district:B", $"district:{fixture.DistrictOfB}", StringComparison.Ordinal);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.App.ServerAddress, "/hubs/live"), options => options.Cookies = CookiesOf(Who.Display))
            .AddJsonProtocol(options => options.PayloadSerializerOptions = SeededAppFixture.Json)
            .Build();
        var snapshot = new TaskCompletionSource<LiveSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<LiveSnapshot>("Snapshot", s => snapshot.TrySetResult(s));
        await connection.StartAsync();

        if (allowed)
        {
            await connection.InvokeAsync("Subscribe", topic);
            Assert.All((await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(10))).Stations, s => Assert.Equal(fixture.DistrictOfA, s.DistrictId));
        }
        else
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Subscribe", topic));
            Assert.Contains("may not watch", refused.Message);
        }
    }

    [Fact]
    public async Task ARevokedDbKey_IsRefusedAtItsNextRequest_WithoutWaitingForTheCache()
    {
        var keys = fixture.App.Services.GetRequiredService<RedStation.Data.Services.IntegrationKeyService>();
        var created = (await keys.CreateAsync($"short-lived-{Guid.NewGuid():N}"[..20], ["read"], [])).Value!;
        using var client = fixture.Client(created.Secret);
        using (var before = await client.GetAsync("/api/v1/stations"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.True((await keys.RevokeAsync(created.Key.Id)).Succeeded);

        using var after = await client.GetAsync("/api/v1/stations");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task AnUnknownDisplayLink_IsRefusedPlainly_AndSetsNoCookie()
    {
        var cookies = new CookieContainer();
        using var client = fixture.Client(cookies: cookies);

        using var response = await client.GetAsync("/display/connect?token=rsd_not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(cookies.GetCookies(fixture.App.ServerAddress));
    }

    [Fact]
    public async Task ADistrictDisplay_SeesItsOwnWall_ButNotTheCityNorAnotherDistrict()
    {
        var client = await ClientAsync(Who.Display);

        var own = await client.GetStringAsync($"/display/district/{fixture.DistrictOfA}");

        // A new token's wall opens on the cumulative figures of its scope.
        Assert.Contains("data-testid=\"wall-cumulative-hours\"", own);
        foreach (var path in new[] { "/display", $"/display/district/{fixture.DistrictOfB}", $"/display/station/{SecurityFixture.StationB}" })
        {
            // Refused on the server: 403, with the wall's own refusal for the screen nobody stands at.
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var refused = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"wall-refused\"", refused);
            Assert.DoesNotContain("wall-cumulative", refused);
            Assert.DoesNotContain("wall-kpi", refused);
        }
    }

    [Theory]
    [InlineData(Who.Admin)]
    [InlineData(Who.Organiser)]
    public async Task OrganisersAndAdministrators_MayPreviewAnyWall(Who who)
    {
        var client = await ClientAsync(who);

        foreach (var path in new[] { "/display", $"/display/district/{fixture.DistrictOfB}", $"/display/station/{SecurityFixture.StationA}" })
        {
            var page = await client.GetStringAsync(path);
            Assert.Contains("data-testid=\"wall-panel\"", page);
            Assert.DoesNotContain("wall-refused", page);
        }
    }

    [Theory]
    [InlineData(Who.Admin)]
    [InlineData(Who.Display)]
    public async Task AWallOfAnUnknownScope_SaysSo_AndIsRefusedToADisplay(Who who)
    {
        var client = await ClientAsync(who);

        foreach (var path in new[] { "/display/district/987654", "/display/station/987654" })
        {
            using var response = await client.GetAsync(path);
            // A display may not watch a scope outside its own, known or not: 403 before the scope is looked up. A preview
            // of an unknown scope shows the wall's message (a 404 would lose the body).
            Assert.Equal(who == Who.Display ? HttpStatusCode.Forbidden : HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("data-testid=\"wall-refused\"", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData(Who.DutyStaffOfA, HttpStatusCode.Forbidden)]
    [InlineData(Who.ReadKey, HttpStatusCode.Forbidden)]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized)]
    public async Task EveryoneElse_IsRefusedTheWall(Who who, HttpStatusCode status)
    {
        using var response = await (await ClientAsync(who)).GetAsync("/display");

        Assert.Equal(status, response.StatusCode);

        var page = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("wall-kpi", page);
        Assert.DoesNotContain("wall-cumulative", page);
    }

    [Fact]
    public async Task ADisplay_MayNotOpenTheAdminPages()
    {
        using var response = await (await ClientAsync(Who.Display)).GetAsync("/admin/keys");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private static TheoryData<Who, string> Cross(string[] paths)
    {
        var data = new TheoryData<Who, string>();
        foreach (var who in Enum.GetValues<Who>())
        {
            foreach (var path in paths)
            {
                data.Add(who, path);
            }
        }

        return data;
    }

    private static int NextCount() => Interlocked.Increment(ref _count) % 40 + 1;

    private static string UserName(Who who) => who switch
    {
        Who.Admin => RedStationAppFactory.AdminUserName,
        Who.Organiser => "organiser-1",
        _ => "duty-a",
    };

    private static string PasswordOf(Who who) =>
        who == Who.Admin ? RedStationAppFactory.AdminPassword : SecurityFixture.Password;

    private string? KeyOf(Who who) => who switch
    {
        Who.ReadKey => SecurityFixture.ReadKey,
        Who.WriteKeyOfA => SecurityFixture.WriteKeyA,
        Who.UnknownKey => "no-such-key",
        Who.DbKeyOfA => fixture.DbKeyA,
        Who.RevokedDbKey => fixture.RevokedDbKey,
        _ => null,
    };

    /// <summary>A fresh cookie jar; a display's holds its display cookie (fresh each time: a refusal deletes it).</summary>
    private CookieContainer CookiesOf(Who who)
    {
        var cookies = new CookieContainer();
        var cookie = who switch
        {
            Who.Display => fixture.DisplayCookie,
            Who.RevokedDisplay => fixture.RevokedDisplayCookie,
            _ => null,
        };
        if (cookie is not null)
        {
            cookies.Add(fixture.App.ServerAddress, new Cookie(cookie.Name, cookie.Value, "/"));
        }

        return cookies;
    }

    private async Task<HttpClient> ClientAsync(Who who)
    {
        if (!_clients.TryGetValue(who, out var client))
        {
            client = who switch
            {
                Who.Admin or Who.Organiser or Who.DutyStaffOfA => await fixture.SignedInClientAsync(UserName(who), password: PasswordOf(who)),
                _ => fixture.Client(KeyOf(who), CookiesOf(who)),
            };
            _clients[who] = client;
        }

        return client;
    }
}
