using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data.Live;
using RedStation.Tests.Infrastructure;
using RedStation.Tests.Security;
using RedStation.Tests.Web;

namespace RedStation.Tests.MultiServer;

/// <summary>
/// Two app servers on one database behind the repository's example nginx configuration: a person signed in on
/// one server is signed in on the other, pages load through the proxy, each browser sticks to one server, and the
/// live hub's WebSocket goes through.
/// </summary>
public sealed class ReverseProxyTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "redstation-proxy-tests", Guid.NewGuid().ToString("N"));
    private TwoServers _servers = null!;

    public async Task InitializeAsync() =>
        _servers = await TwoServers.StartAsync(_folder, new Dictionary<string, string?>
        {
            // The proxy is on loopback: its X-Forwarded-* headers are trusted, as the README's set-up says.
            ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
            ["ReverseProxy:ForwardLimit"] = "1",
        });

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task ACookieIssuedByServerA_IsAcceptedByServerB()
    {
        var cookies = new CookieContainer();
        using var onA = SecurityFixture.CreateClient(_servers.A.ServerAddress, cookies: cookies);
        using var signedIn = await SecurityFixture.PostSignInAsync(onA, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        using var onB = SecurityFixture.CreateClient(_servers.B.ServerAddress, cookies: cookies);
        using var page = await onB.GetAsync("/admin/people");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [ExternalServerFact("nginx")]
    public async Task ThroughNginx_PagesLoad_EachBrowserSticksToOneServer_AndTheLiveHubConnects()
    {
        await using var nginx = await NginxServer.StartAsync(_servers.A.ServerAddress, _servers.B.ServerAddress);
        var upstreams = new HashSet<string>();

        for (var browser = 0; browser < 12; browser++)
        {
            var cookies = new CookieContainer();
            using var client = SecurityFixture.CreateClient(nginx.Address, cookies: cookies);
            var answeredBy = new HashSet<string>();
            for (var request = 0; request < 4; request++)
            {
                using var page = await client.GetAsync("/account/login");
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{page.StatusCode}: {nginx.ErrorLog}");
                Assert.Contains("<form", await page.Content.ReadAsStringAsync());
                answeredBy.Add(string.Join(',', page.Headers.GetValues(NginxServer.UpstreamHeader)));
            }

            Assert.Single(answeredBy);
            upstreams.UnionWith(answeredBy);
        }

        // Twelve browsers, each with its own random affinity: both servers got some.
        Assert.Equal(2, upstreams.Count);

        var hubCookies = new CookieContainer();
        using (var first = SecurityFixture.CreateClient(nginx.Address, cookies: hubCookies))
        {
            using var _ = await first.GetAsync("/account/login");
        }

        var snapshot = new TaskCompletionSource<LiveSnapshot>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(nginx.Address, "/hubs/live"), options =>
            {
                options.Headers["X-Api-Key"] = RedStationAppFactory.TestApiKey;
                options.Cookies = hubCookies;
                options.Transports = HttpTransportType.WebSockets;
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions = SeededAppFixture.Json)
            .Build();
        connection.On<LiveSnapshot>("Snapshot", s => snapshot.TrySetResult(s));
        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", "all");

        Assert.NotEmpty((await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(30))).Stations);
    }
}
