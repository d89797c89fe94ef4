using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Tests.EndToEnd;
using RedStation.Tests.Infrastructure;
using RedStation.Tests.Security;
using RedStation.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.MultiServer;

/// <summary>
/// Two app servers on one database behind the repository's example nginx configuration: a person signed in on
/// one server is signed in on the other, pages load through the proxy, each browser sticks to one server, and the
/// live hub's WebSocket goes through; a browser signed in through the proxy gets a working, live Overview. On SQLite
/// here, on PostgreSQL in <see cref="ReverseProxyTests_PostgreSQL"/>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class ReverseProxyTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "redstation-proxy-tests", Guid.NewGuid().ToString("N"));
    private TwoServers _servers = null!;

    public async Task InitializeAsync() =>
        _servers = await TwoServers.StartAsync(_folder, new Dictionary<string, string?>
        {
            // The proxy is on loopback: its X-Forwarded-* headers are trusted, as the README's set-up says.
            ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
            ["ReverseProxy:ForwardLimit"] = "1",
        }, Provider);

    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

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

    [ExternalServerFact("nginx")]
    public async Task ThroughNginx_ABrowserSignsIn_AndGetsALiveOverview()
    {
        await using var nginx = await NginxServer.StartAsync(_servers.A.ServerAddress, _servers.B.ServerAddress);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = nginx.Address.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        try
        {
            await BrowserFixture.SignInAsync(page, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
            await page.GotoAsync("");

            // Interactive means the circuit's WebSocket went through the proxy to the server the browser sticks to.
            await Expect(page.Locator(".overview[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("kpi-on-duty-value")).Not.ToBeEmptyAsync();
        }
        finally
        {
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await context.CloseAsync();
        }
    }
}

/// <summary>The same two servers behind nginx, on one PostgreSQL database.</summary>
public sealed class ReverseProxyTests_PostgreSQL(BrowserFixture browser) : ReverseProxyTests(browser)
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
