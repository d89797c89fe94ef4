using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using RedStation.Dashboard.Live;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Data.Time;
using RedStation.Tests.EndToEnd;
using RedStation.Tests.Infrastructure;
using RedStation.Tests.Web;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.MultiServer;

/// <summary>
/// Two app servers on one database (SQLite here, PostgreSQL in <see cref="RedisLiveTests_PostgreSQL"/>), sharing live
/// events through a real <c>redis-server</c>: what is written on one reaches the hub clients, the live state and the
/// open Overview of the other, and survives Redis going away for a while. In the end-to-end collection for its Chromium.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class RedisLiveTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "redstation-multi-tests", Guid.NewGuid().ToString("N"));
    private RedisServer _redis = null!;
    private TwoServers _servers = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _servers = await TwoServers.StartAsync(_folder, new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = _redis.Configuration,
            ["Redis:HeartbeatInterval"] = "00:00:01",
            // So that only the live event, never the periodic re-read, can make a server see another's credential change.
            ["Security:CredentialRefresh"] = "01:00:00",
        }, Provider);
    }

    public async Task DisposeAsync()
    {
        await _servers.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [ExternalServerFact("redis-server")]
    public async Task CheckIn_OnServerA_ReachesAHubClientOnServerB_AndBsLiveStateEqualsTheDatabase()
    {
        var (stations, volunteers) = await PickAsync();
        var received = new ConcurrentQueue<VolunteerCheckedIn>();
        var subscribed = new TaskCompletionSource<LiveSnapshot>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_servers.B.ServerAddress, "/hubs/live"), options => options.Headers["X-Api-Key"] = RedStationAppFactory.TestApiKey)
            .AddJsonProtocol(options => options.PayloadSerializerOptions = SeededAppFixture.Json)
            .Build();
        var arrivedOnB = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        connection.On<VolunteerCheckedIn>("VolunteerCheckedIn", e =>
        {
            received.Enqueue(e);
            if (e.VolunteerId == volunteers[0])
            {
                arrivedOnB.TrySetResult(clock.Elapsed);
            }
        });
        connection.On<LiveSnapshot>("Snapshot", s => subscribed.TrySetResult(s));
        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", "all");
        var snapshot = await subscribed.Task.WaitAsync(Patience);

        // From the moment the check-in is posted to server A until B's hub client has it.
        clock.Start();
        await CheckInAsync(_servers.ClientA, stations[0], volunteers[0]);
        var latency = await arrivedOnB.Task.WaitAsync(Patience);
        output.WriteLine($"check-in posted to A reached B's hub client after {latency.TotalMilliseconds:0} ms ({Provider})");
        var arrived = received.Single(e => e.VolunteerId == volunteers[0]);
        Assert.Equal(stations[0], arrived.StationId);
        // Numbered by server B, so that B's hub clients can compare it with B's snapshot.
        Assert.True(arrived.Sequence > snapshot.Sequence);
        await AssertLiveStateEqualsTheDatabaseAsync(_servers.B.Services);
        await AssertLiveStateEqualsTheDatabaseAsync(_servers.A.Services);
    }

    [ExternalServerFact("redis-server")]
    public async Task WhileRedisIsDown_WritesOnA_ReachB_OnceRedisIsBack()
    {
        var (stations, volunteers) = await PickAsync();
        var relayB = _servers.B.Services.GetRequiredService<RedisLiveRelay>();
        await WaitUntilAsync(() => relayB.IsConnected && relayB.Resyncs >= 1);

        await _redis.StopAsync();
        for (var i = 0; i < 20; i++)
        {
            await CheckInAsync(_servers.ClientA, stations[i % stations.Length], volunteers[10 + i]);
        }

        var feedB = _servers.B.Services.GetRequiredService<LiveFeed>();
        Assert.DoesNotContain(feedB.Snapshot(LiveScope.All).Stations.SelectMany(s => s.OnDuty), v => v.VolunteerId == volunteers[10]);

        await _redis.StartAgainAsync();
        // Writes go on while the servers reconnect: B must end equal to the database all the same.
        for (var i = 20; i < 40; i++)
        {
            await CheckInAsync(_servers.ClientA, stations[i % stations.Length], volunteers[10 + i]);
        }

        await WaitForAssertionAsync(() => AssertLiveStateEqualsTheDatabaseAsync(_servers.B.Services));
        Assert.Contains(feedB.Snapshot(LiveScope.All).Stations.SelectMany(s => s.OnDuty), v => v.VolunteerId == volunteers[39]);
        await AssertLiveStateEqualsTheDatabaseAsync(_servers.A.Services);
    }

    /// <summary>
    /// The hub protocol heals: hub clients on B subscribed to the city, a district and a station, with Redis killed and
    /// started again while A takes check-ins, each end equal to the database for their scope (none of A's events lost
    /// for good), because B sends every subscribed group a resync snapshot after it rebuilds.
    /// </summary>
    [ExternalServerFact("redis-server")]
    public async Task HubClientsOnB_EndEqualToTheDatabase_ForEveryScope_AfterRedisStopsAndStartsDuringWrites()
    {
        var (stations, volunteers) = await PickAsync();
        var relayB = _servers.B.Services.GetRequiredService<RedisLiveRelay>();
        await WaitUntilAsync(() => relayB.IsConnected && relayB.Resyncs >= 1);
        var feedB = _servers.B.Services.GetRequiredService<LiveFeed>();
        var station = feedB.Snapshot(LiveScope.All).Stations.Single(s => s.StationId == stations[0]);
        var scopes = new[] { LiveScope.All, LiveScope.District(station.DistrictId), LiveScope.Station(station.StationId) };
        var mirrors = new List<HubMirror>();
        foreach (var scope in scopes)
        {
            mirrors.Add(await HubMirror.StartAsync(_servers.B.ServerAddress, RedStationAppFactory.TestApiKey, scope.ToString()));
        }

        try
        {
            var next = 0;
            async Task WriteAsync(int count)
            {
                for (var i = 0; i < count; i++, next++)
                {
                    // Every third check-in at the watched station, so that each scope has events to lose.
                    var at = next % 3 == 0 ? station.StationId : stations[next % stations.Length];
                    await CheckInAsync(_servers.ClientA, at, volunteers[100 + next]);
                }
            }

            await WriteAsync(10);
            await _redis.StopAsync();
            await WriteAsync(30);
            await WaitUntilAsync(() => !feedB.Health.IsLive);
            await _redis.StartAgainAsync();
            await WriteAsync(30);

            await WaitForAssertionAsync(async () =>
            {
                var truth = await FromDatabaseAsync(_servers.B.Services);
                for (var i = 0; i < scopes.Length; i++)
                {
                    mirrors[i].AssertEquals(truth.Snapshot(scopes[i]));
                }
            });
            // Redis back, B rebuilt its state and sent every subscribed group a resync snapshot, and said it is live again.
            await WaitUntilAsync(() => mirrors.All(m => m.Resyncs >= 1));
            await WaitUntilAsync(() => feedB.Health.IsLive && mirrors.All(m => m.LastStatus?.State == "live"));
        }
        finally
        {
            foreach (var mirror in mirrors)
            {
                await mirror.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A server whose Redis is away starts all the same, serves its own writes and screens, says it is degraded (to its
    /// feed's screens and its hub clients), and once Redis answers catches up with what the others wrote meanwhile.
    /// </summary>
    [ExternalServerFact("redis-server")]
    public async Task AServer_StartsWhileRedisIsDown_SaysDegraded_AndCatchesUpWhenRedisReturns()
    {
        var (stations, volunteers) = await PickAsync();
        await _redis.StopAsync();
        await using var c = await _servers.StartAnotherAsync();
        using var clientC = c.CreateClient();
        var feedC = c.Services.GetRequiredService<LiveFeed>();
        Assert.True(feedC.Health.Lag.HasFlag(LiveLag.PeersUnreachable), $"Health was {feedC.Health}.");
        await using var mirror = await HubMirror.StartAsync(c.ServerAddress, RedStationAppFactory.TestApiKey, "all");
        await WaitUntilAsync(() => mirror.LastStatus is { State: "degraded" });
        Assert.Contains("peersUnreachable", mirror.LastStatus!.Reasons);

        // Its own writes are served (and shown) while it is alone; A goes on writing too.
        await CheckInAsync(clientC, stations[0], volunteers[200]);
        await CheckInAsync(_servers.ClientA, stations[1], volunteers[201]);
        Assert.Contains(feedC.Snapshot(LiveScope.All).Stations.SelectMany(s => s.OnDuty), v => v.VolunteerId == volunteers[200]);

        await _redis.StartAgainAsync();
        await WaitUntilAsync(() => feedC.Health.IsLive);
        await WaitForAssertionAsync(async () =>
        {
            await AssertLiveStateEqualsTheDatabaseAsync(c.Services);
            mirror.AssertEquals((await FromDatabaseAsync(c.Services)).Snapshot(LiveScope.All));
        });
        await WaitUntilAsync(() => mirror.LastStatus is { State: "live" });
    }

    /// <summary>
    /// One channel for settings too: a key revoked on A is refused by B (whose credential cache would otherwise trust it
    /// for an hour here), and a playlist set on A reaches B's feed — where B's walls take it — as a live event.
    /// </summary>
    [ExternalServerFact("redis-server")]
    public async Task AKeyRevokedOnA_IsRefusedOnB_AndAPlaylistSetOnA_ReachesB_ThroughTheLiveChannel()
    {
        var relayB = _servers.B.Services.GetRequiredService<RedisLiveRelay>();
        await WaitUntilAsync(() => relayB.IsConnected && relayB.Resyncs >= 1 && _servers.B.Services.GetRequiredService<LiveFeed>().Health.IsLive);
        var admin = new Data.Security.Actor(Data.Security.ActorKind.Person, "test", RedStationAppFactory.AdminUserName) { IsAdministrator = true };
        using var acting = Data.Security.ActorContext.Begin(admin);

        var created = (await _servers.A.Services.GetRequiredService<IntegrationKeyService>().CreateAsync($"b-{Guid.NewGuid():N}"[..12], ["read"], [])).Value!;
        using var clientB = _servers.B.CreateClient();
        // Instead of the test key every factory client carries.
        clientB.DefaultRequestHeaders.Remove("X-Api-Key");
        clientB.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        // B learns of the new key by the same event: its cache (loaded at start) is dropped.
        await WaitForAssertionAsync(async () => Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync("/api/v1/stations?pageSize=1")).StatusCode));

        var clock = Stopwatch.StartNew();
        Assert.True((await _servers.A.Services.GetRequiredService<IntegrationKeyService>().RevokeAsync(created.Key.Id)).Succeeded);
        await WaitForAssertionAsync(async () => Assert.Equal(HttpStatusCode.Unauthorized, (await clientB.GetAsync("/api/v1/stations?pageSize=1")).StatusCode));
        output.WriteLine($"a key revoked on A was refused by B after {clock.Elapsed.TotalMilliseconds:0} ms ({Provider})");

        var token = (await _servers.A.Services.GetRequiredService<DisplayTokenService>().CreateAsync("hall-b", "all")).Value!;
        var arrived = new TaskCompletionSource<SettingChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = _servers.B.Services.GetRequiredService<LiveFeed>().Subscribe(events =>
        {
            if (events.OfType<SettingChanged>().FirstOrDefault(e => e.Kind == SettingKind.DisplayPlaylist && e.SubjectId == token.Token.Id) is { } e)
            {
                arrived.TrySetResult(e);
            }
        });
        clock.Restart();
        Assert.True((await _servers.A.Services.GetRequiredService<DisplayTokenService>().SetPlaylistAsync(token.Token.Id, [new("feed", 30)])).Succeeded);
        await arrived.Task.WaitAsync(Patience);
        output.WriteLine($"a playlist set on A reached B's feed after {clock.Elapsed.TotalMilliseconds:0} ms ({Provider})");
        Assert.Equal(["feed"], (await _servers.B.Services.GetRequiredService<DisplayTokenService>().GetPlaylistAsync(token.Token.Id))!.Select(i => i.Panel));
    }

    [ExternalServerFact("redis-server")]
    public async Task CheckIn_OnServerA_ShowsOnServerBsOverview_InChromium()
    {
        var (stations, volunteers) = await PickAsync();
        var station = _servers.B.Services.GetRequiredService<LiveFeed>().Snapshot(LiveScope.All).Stations.Single(s => s.StationId == stations[0]);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _servers.B.ServerAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        try
        {
            await BrowserFixture.SignInAsync(page, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
            await page.GotoAsync("");
            await Expect(page.Locator(".overview[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
            var checkInsHere = page.GetByTestId("ticker-line").Filter(new() { HasText = station.Name }).Filter(new() { HasText = "签到" });
            var before = await checkInsHere.CountAsync();

            var clock = Stopwatch.StartNew();
            await CheckInAsync(_servers.ClientA, station.StationId, volunteers[0]);

            await Expect(checkInsHere).ToHaveCountAsync(before + 1, new() { Timeout = (float)Patience.TotalMilliseconds });
            output.WriteLine($"check-in posted to A showed on B's Overview after {clock.Elapsed.TotalMilliseconds:0} ms ({Provider}, {before} such lines before)");
        }
        finally
        {
            await page.CloseAsync(new() { RunBeforeUnload = true });
            await context.CloseAsync();
        }
    }

    /// <summary>The server's live state equals one built from the database now (the numbering aside).</summary>
    internal static async Task AssertLiveStateEqualsTheDatabaseAsync(IServiceProvider services)
    {
        var fromDatabase = await FromDatabaseAsync(services);
        var live = services.GetRequiredService<LiveFeed>();
        Assert.Equal(
            JsonSerializer.Serialize(fromDatabase.Snapshot(LiveScope.All) with { Recent = [], Sequence = 0 }),
            JsonSerializer.Serialize(live.Snapshot(LiveScope.All) with { Recent = [], Sequence = 0 }));
    }

    /// <summary>A live feed built from the database now, beside the server's own.</summary>
    internal static async Task<LiveFeed> FromDatabaseAsync(IServiceProvider services)
    {
        var fromDatabase = new LiveFeed(services.GetRequiredService<CityClock>(), NullLogger<LiveFeed>.Instance);
        await fromDatabase.RebuildAsync(services.GetRequiredService<DomainWriter>());
        return fromDatabase;
    }

    private async Task<(int[] Stations, int[] Volunteers)> PickAsync()
    {
        var live = (await _servers.ClientA.GetFromJsonAsync<LiveSnapshot>("/api/v1/live?topic=all", SeededAppFixture.Json))!;
        var open = live.Stations.Where(s => s.Status == Data.Entities.StationStatus.Open).Select(s => s.StationId).ToArray();
        var busy = live.Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToHashSet();
        return (open, Enumerable.Range(1, 17_000).Where(id => !busy.Contains(id)).ToArray());
    }

    internal static async Task CheckInAsync(HttpClient client, int stationId, int volunteerId)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/stations/{stationId}/checkins", new { volunteerId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    internal static async Task WaitForAssertionAsync(Func<Task> assertion)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}

/// <summary>The same two servers on one PostgreSQL database: the deployment.</summary>
public sealed class RedisLiveTests_PostgreSQL(BrowserFixture browser, ITestOutputHelper output) : RedisLiveTests(browser, output)
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}

/// <summary>
/// Two app servers (A and B) on one database — the same SQLite file, or one PostgreSQL database — A started (and
/// seeding) first.
/// </summary>
public sealed class TwoServers : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string? _postgreSqlDatabase;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly DatabaseProvider _provider;

    private TwoServers(string folder, string? postgreSqlDatabase, IReadOnlyDictionary<string, string?> settings, DatabaseProvider provider, RedStationAppFactory a, RedStationAppFactory b)
    {
        _folder = folder;
        _postgreSqlDatabase = postgreSqlDatabase;
        _settings = settings;
        _provider = provider;
        A = a;
        B = b;
        ClientA = a.CreateClient();
        ClientB = b.CreateClient();
    }

    public RedStationAppFactory A { get; }
    public RedStationAppFactory B { get; }
    public HttpClient ClientA { get; }
    public HttpClient ClientB { get; }

    public static async Task<TwoServers> StartAsync(
        string folder, IReadOnlyDictionary<string, string?> settings, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        Directory.CreateDirectory(folder);
        var database = provider == DatabaseProvider.PostgreSQL ? await PostgreSqlTestServer.CreateDatabaseAsync() : null;
        var a = new RedStationAppFactory(seedDemo: true, settings, folder, provider: provider, sharedDatabase: database);
        _ = a.ServerAddress;
        var b = new RedStationAppFactory(seedDemo: true, settings, folder, provider: provider, sharedDatabase: database);
        _ = b.ServerAddress;
        return new TwoServers(folder, database, settings, provider, a, b);
    }

    /// <summary>A third server on the same database and settings, started now; the caller disposes it.</summary>
    public Task<RedStationAppFactory> StartAnotherAsync()
    {
        var another = new RedStationAppFactory(seedDemo: true, _settings, _folder, provider: _provider, sharedDatabase: _postgreSqlDatabase);
        _ = another.ServerAddress;
        return Task.FromResult(another);
    }

    public async ValueTask DisposeAsync()
    {
        ClientA.Dispose();
        ClientB.Dispose();
        await B.DisposeAsync();
        await A.DisposeAsync();
        if (_postgreSqlDatabase is not null)
        {
            await PostgreSqlTestServer.DropDatabaseAsync(_postgreSqlDatabase);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open elsewhere; the temp folder is cleaned by the OS eventually.
        }
    }
}
