using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Web;

/// <summary>
/// The live hub's concurrent connections per credential (key, display token), through the real SignalR client: the
/// connection beyond the limit is refused with 429 before it exists, another credential is not affected, and closing a
/// connection gives its slot back (a screen that reloads does not lock itself out).
/// </summary>
public sealed class HubConnectionLimitTests
{
    private const string OtherKey = "test-only-other-hub-key-5d2e";

    [Fact]
    public async Task AKeysConnectionBeyondItsLimit_IsRefused_AnotherKeyStillConnects_AndClosingOneFreesASlot()
    {
        var logs = new CapturedLogs();
        await using var app = new RedStationAppFactory(
            settings: new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Security:HubConnectionsPerKey"] = "2",
                ["Security:ApiKeys:5:Name"] = "other",
                ["Security:ApiKeys:5:Key"] = OtherKey,
                ["Security:ApiKeys:5:Scopes:0"] = "read",
            },
            services: services => services.AddSingleton<ILoggerProvider>(logs));
        await using var first = await ConnectAsync(app.ServerAddress, key: RedStationAppFactory.TestApiKey);
        var second = await ConnectAsync(app.ServerAddress, key: RedStationAppFactory.TestApiKey);

        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => ConnectAsync(app.ServerAddress, key: RedStationAppFactory.TestApiKey));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // A WebSocket client that skips negotiation is refused as well.
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(app.ServerAddress, key: RedStationAppFactory.TestApiKey, skipNegotiation: true));

        // The limit is the key's own: another key connects and is served.
        await using (var other = await ConnectAsync(app.ServerAddress, key: OtherKey))
        {
            await other.InvokeAsync("Unsubscribe", "all");
        }

        // The refused attempts never took a slot; the two connections are still served.
        await first.InvokeAsync("Unsubscribe", "all");
        await second.InvokeAsync("Unsubscribe", "all");

        await second.DisposeAsync();
        await using var again = await ConnectWhenFreeAsync(() => ConnectAsync(app.ServerAddress, key: RedStationAppFactory.TestApiKey));
        await again.InvokeAsync("Unsubscribe", "all");

        // Refusals are the caller's business: Information, one short line each, never an error or a stack trace.
        var entries = logs.Entries;
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
        var refusals = entries.Where(e => e.Message.Contains("Too many live connections for this key", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(refusals);
        Assert.All(refusals, e => Assert.True(e.Level == LogLevel.Information && e.Exception is null));
        Assert.All(refusals, e => Assert.DoesNotContain(RedStationAppFactory.TestApiKey, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADisplayTokensConnections_AreCappedAtTheDefaultOfThree_AndAReloadAfterClosingConnects()
    {
        await using var app = new RedStationAppFactory();
        var created = await app.Services.GetRequiredService<DisplayTokenService>().CreateAsync("hall-limit", "all");
        Assert.True(created.Succeeded, created.Error?.Message);
        var cookies = new CookieContainer();
        using (var client = Security.SecurityFixture.CreateClient(app.ServerAddress, cookies: cookies))
        {
            using var connect = await client.GetAsync($"/display/connect?token={Uri.EscapeDataString(created.Value!.Secret)}");
            Assert.Equal(HttpStatusCode.Redirect, connect.StatusCode);
        }

        var screens = new List<HubConnection>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                screens.Add(await ConnectAsync(app.ServerAddress, cookies: cookies));
            }

            var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => ConnectAsync(app.ServerAddress, cookies: cookies));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            // A key is counted apart from the screens.
            await using (var key = await ConnectAsync(app.ServerAddress, key: RedStationAppFactory.TestApiKey))
            {
                await key.InvokeAsync("Unsubscribe", "all");
            }

            // The screen reloads: its old connection closes, the new one connects.
            await screens[0].DisposeAsync();
            screens[0] = await ConnectWhenFreeAsync(() => ConnectAsync(app.ServerAddress, cookies: cookies));
            await screens[0].InvokeAsync("Unsubscribe", "all");
        }
        finally
        {
            foreach (var screen in screens)
            {
                await screen.DisposeAsync();
            }
        }
    }

    /// <summary>The server hears of a closed connection a moment after the client: retries while the slot is still held.</summary>
    private static async Task<HubConnection> ConnectWhenFreeAsync(Func<Task<HubConnection>> connect)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                return await connect();
            }
            catch (HttpRequestException refused) when (refused.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<HubConnection> ConnectAsync(Uri server, string? key = null, CookieContainer? cookies = null, bool skipNegotiation = false)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/live"), options =>
            {
                if (key is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(key);
                }

                if (cookies is not null)
                {
                    options.Cookies = cookies;
                }

                if (skipNegotiation)
                {
                    options.SkipNegotiation = true;
                    options.Transports = HttpTransportType.WebSockets;
                }
            })
            .Build();
        try
        {
            await connection.StartAsync();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return connection;
    }
}
