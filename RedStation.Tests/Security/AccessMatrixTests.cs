using System.Net;
using System.Net.Http.Json;
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
}

/// <summary>Who may open which page, call which endpoint and subscribe to the hub: deny by default, on the server.</summary>
public sealed class AccessMatrixTests(SecurityFixture fixture) : IClassFixture<SecurityFixture>, IDisposable
{
    private static int s_count;
    private readonly Dictionary<Who, HttpClient> _clients = [];

    public static TheoryData<Who, string> Pages() => Cross(["/", "/occupancy", "/stations"]);

    public static TheoryData<Who, string> Reads() =>
        Cross(["/api/v1/stations", $"/api/v1/stations/{SecurityFixture.StationA}", "/api/v1/volunteers?search=a", "/api/v1/live?topic=all", "/openapi/v1.json"]);

    public static TheoryData<Who, string> AdminPages() => Cross(["/admin/people", "/admin/audit"]);

    public static TheoryData<Who> Everyone() => new(Enum.GetValues<Who>());

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_OpensForPeople_RedirectsAnonymousToSignIn_AndRefusesKeys(Who who, string path)
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
            case Who.UnknownKey:
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                break;
            default:
                // A key is not a person: pages are for people.
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                break;
        }
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
            case Who.Anonymous or Who.Organiser or Who.DutyStaffOfA:
                // People without the role are sent to sign in as someone who has it.
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Contains("/account/login?ReturnUrl=", response.Headers.Location!.ToString());
                break;
            case Who.UnknownKey:
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                break;
            default:
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                break;
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
    public async Task ApiRead_NeedsAPersonOrAReadKey(Who who, string path)
    {
        using var response = await (await ClientAsync(who)).GetAsync(path);

        var expected = who is Who.Anonymous or Who.UnknownKey ? HttpStatusCode.Unauthorized : HttpStatusCode.OK;
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(Who.Admin, HttpStatusCode.OK, HttpStatusCode.OK)]
    [InlineData(Who.Organiser, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(Who.DutyStaffOfA, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(Who.ReadKey, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(Who.WriteKeyOfA, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(Who.UnknownKey, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
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

    [Theory]
    [InlineData(Who.DutyStaffOfA)]
    [InlineData(Who.WriteKeyOfA)]
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
        var cookies = new CookieContainer();
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

        if (who is Who.Anonymous or Who.UnknownKey)
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

    private static int NextCount() => Interlocked.Increment(ref s_count) % 40 + 1;

    private static string UserName(Who who) => who switch
    {
        Who.Admin => RedStationAppFactory.AdminUserName,
        Who.Organiser => "organiser-1",
        _ => "duty-a",
    };

    private static string PasswordOf(Who who) =>
        who == Who.Admin ? RedStationAppFactory.AdminPassword : SecurityFixture.Password;

    private static string? KeyOf(Who who) => who switch
    {
        Who.ReadKey => SecurityFixture.ReadKey,
        Who.WriteKeyOfA => SecurityFixture.WriteKeyA,
        Who.UnknownKey => "no-such-key",
        _ => null,
    };

    private async Task<HttpClient> ClientAsync(Who who)
    {
        if (!_clients.TryGetValue(who, out var client))
        {
            client = who switch
            {
                Who.Admin or Who.Organiser or Who.DutyStaffOfA => await fixture.SignedInClientAsync(UserName(who), password: PasswordOf(who)),
                _ => fixture.Client(KeyOf(who)),
            };
            _clients[who] = client;
        }

        return client;
    }
}
