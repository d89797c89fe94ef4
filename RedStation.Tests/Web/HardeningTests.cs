using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Live;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Web;

/// <summary>The deliberate limits: circuits, hubs, connection and invocation rates, trusted proxies, the policy header.</summary>
public sealed partial class HardeningTests
{
    [Fact]
    public async Task EveryPage_CarriesAFreshNonceInItsPolicy_AndTheImportMapCarriesTheSameNonce()
    {
        await using var app = new RedStationAppFactory();
        using var client = Security.SecurityFixture.CreateClient(app.ServerAddress);

        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var page = await client.GetAsync("/account/login");
            var policy = string.Join(';', page.Headers.GetValues("Content-Security-Policy"));
            var nonce = PolicyNonce().Match(policy).Groups[1].Value;
            Assert.NotEmpty(nonce);
            Assert.Contains("default-src 'self'", policy);
            Assert.Contains("style-src 'self' 'unsafe-inline'", policy);
            Assert.DoesNotContain("unsafe-eval", policy);
            Assert.DoesNotMatch("script-src[^;]*unsafe-inline", policy);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(nonce, WebUtility.HtmlDecode(ImportMapNonce().Match(html).Groups[1].Value));
            Assert.Single(InlineScript().Matches(html));
            nonces.Add(nonce);
        }

        Assert.NotEqual(nonces[0], nonces[1]);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task CircuitAndHubLimits_AreSetDeliberately_AndDetailedErrorsOnlyInDevelopment(string environment, bool detailed)
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?>
        {
            ["environment"] = environment,
            ["RedStation:PublicBaseUrl"] = "https://redstation.ningde.example/",
            // Asked for in configuration, still refused outside Development.
            ["DetailedErrors"] = "true",
            ["Limits:Circuits:DisconnectedCircuitMaxRetained"] = "42",
        });
        _ = app.ServerAddress;

        var circuits = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;
        var liveHub = app.Services.GetRequiredService<IOptions<HubOptions<LiveHub>>>().Value;
        Assert.Equal(detailed, circuits.DetailedErrors);
        Assert.Equal(42, circuits.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromMinutes(3), circuits.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(10, circuits.MaxBufferedUnacknowledgedRenderBatches);
        Assert.Equal(TimeSpan.FromSeconds(30), circuits.JSInteropDefaultCallTimeout);
        Assert.Equal(32 * 1024, liveHub.MaximumReceiveMessageSize);
        Assert.Equal(4, liveHub.StreamBufferCapacity);
        Assert.Equal(TimeSpan.FromSeconds(30), liveHub.ClientTimeoutInterval);
        Assert.Equal(detailed, liveHub.EnableDetailedErrors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("redstation.ningde.example")]
    [InlineData("ftp://redstation.ningde.example/")]
    public async Task InProduction_WithoutAValidPublicBaseUrl_TheAppRefusesToStart_NamingTheSetting(string? publicBaseUrl)
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["RedStation:PublicBaseUrl"] = publicBaseUrl,
        });

        var refused = Assert.ThrowsAny<Exception>(() => app.ServerAddress);

        Assert.Contains("RedStation:PublicBaseUrl", refused.ToString());
    }

    [Fact]
    public async Task HubInvocations_BeyondTheConnectionsBudget_AreRefused_WhileTheConnectionStaysUsable()
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?>
        {
            ["Security:HubInvocationPermitLimit"] = "3",
            ["Security:HubInvocationWindow"] = "00:10:00",
        });
        await using var connection = await ConnectAsync(app.ServerAddress);
        for (var i = 0; i < 3; i++)
        {
            await connection.InvokeAsync("Unsubscribe", "all");
        }

        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => connection.InvokeAsync("Unsubscribe", "all"));

        Assert.Contains("Too many invocations", refused.Message);
        Assert.Equal(HubConnectionState.Connected, connection.State);
        // The budget is the connection's own: a new connection starts with a full one.
        await using var second = await ConnectAsync(app.ServerAddress);
        await second.InvokeAsync("Unsubscribe", "all");
    }

    [Fact]
    public async Task RefusedHubCalls_AreLoggedBrieflyAtInformation_WithinTheLogBudget_AndNeverAsErrors()
    {
        var logs = new CapturedLogs();
        await using var app = new RedStationAppFactory(
            settings: new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Security:HubRefusalLogPermitLimit"] = "5",
                ["Security:HubRefusalLogWindow"] = "01:00:00",
            },
            services: services => services.AddSingleton<ILoggerProvider>(logs));
        await using var connection = await ConnectAsync(app.ServerAddress);
        var longTopic = "station:" + new string('9', 30_000);
        logs.Clear();

        for (var i = 0; i < 100; i++)
        {
            var topic = (i % 3) switch { 0 => longTopic, 1 => "everything", _ => "district:\r\nforged" };
            var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => connection.InvokeAsync("Subscribe", topic));
            Assert.True(refused.Message.Length <= 200, refused.Message);
            Assert.DoesNotContain("9999999999", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("forged", refused.Message, StringComparison.Ordinal);
        }

        await connection.InvokeAsync("Unsubscribe", "all");
        var entries = logs.Entries;
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
        var ours = entries.Where(e => e.Category.StartsWith("Microsoft.AspNetCore.SignalR", StringComparison.Ordinal) || e.Category.StartsWith("RedStation", StringComparison.Ordinal)).ToList();
        Assert.All(ours, e => Assert.True(e.Message.Length <= 200 && e.Exception is null, $"{e.Category} {e.Level}: {e.Message[..Math.Min(300, e.Message.Length)]}"));
        var refusals = ours.Where(e => e.Message.Contains("refused", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, refusals.Count);
        Assert.All(refusals, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.Contains(refusals, e => e.Message.Contains("Subscribe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HubConnectionAttempts_BeyondTheAddresssBudget_Answer429WithRetryAfter()
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?>
        {
            ["Security:HubConnectPermitLimit"] = "2",
            ["Security:HubConnectWindow"] = "00:10:00",
        });
        using var client = app.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await NegotiateAsync(client);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await NegotiateAsync(client);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var hubRefused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => ConnectAsync(app.ServerAddress));
        Assert.Equal(HttpStatusCode.TooManyRequests, hubRefused.StatusCode);
    }

    [Fact]
    public async Task WithoutATrustedProxy_ASpoofedForwardedForChangesNothing()
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?>
        {
            ["Security:HubConnectPermitLimit"] = "2",
            ["Security:HubConnectWindow"] = "00:10:00",
        });
        using var client = app.CreateClient();

        using var first = await NegotiateAsync(client, forwardedFor: "203.0.113.1");
        using var second = await NegotiateAsync(client, forwardedFor: "203.0.113.2");
        using var third = await NegotiateAsync(client, forwardedFor: "203.0.113.3");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task BehindATrustedProxy_TheLimitPartitionsByTheForwardedAddress()
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?>
        {
            ["Security:HubConnectPermitLimit"] = "2",
            ["Security:HubConnectWindow"] = "00:10:00",
            ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
            ["ReverseProxy:KnownProxies:1"] = "::1",
        });
        using var client = app.CreateClient();

        using var first = await NegotiateAsync(client, forwardedFor: "203.0.113.1");
        using var second = await NegotiateAsync(client, forwardedFor: "203.0.113.1");
        using var third = await NegotiateAsync(client, forwardedFor: "203.0.113.1");
        using var otherClient = await NegotiateAsync(client, forwardedFor: "203.0.113.2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public async Task PublicEndpoints_BeyondTheAddresssBudget_Answer429WithRetryAfter()
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?>
        {
            ["Security:PublicPermitLimit"] = "2",
            ["Security:PublicWindow"] = "00:10:00",
        });
        using var client = Security.SecurityFixture.CreateClient(app.ServerAddress);

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await client.GetAsync("/culture/set?culture=en&redirectUri=/");
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        }

        using var refused = await client.GetAsync("/culture/set?culture=en&redirectUri=/");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    private static async Task<HttpResponseMessage> NegotiateAsync(HttpClient client, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/live/negotiate?negotiateVersion=1");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }

    private static async Task<HubConnection> ConnectAsync(Uri server)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/live"), options => options.Headers["X-Api-Key"] = RedStationAppFactory.TestApiKey)
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

    [GeneratedRegex("script-src 'self' 'nonce-([A-Za-z0-9+/=_-]+)'")]
    private static partial Regex PolicyNonce();

    [GeneratedRegex("<script type=\"importmap\" nonce=\"([^\"]+)\"")]
    private static partial Regex ImportMapNonce();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>")]
    private static partial Regex InlineScript();
}
