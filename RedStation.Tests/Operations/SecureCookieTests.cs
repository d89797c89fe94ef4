using System.Net;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Operations;

/// <summary>Behind a trusted TLS proxy (X-Forwarded-Proto: https from ReverseProxy:KnownProxies) every cookie is Secure.</summary>
public sealed class SecureCookieTests
{
    [Fact]
    public async Task BehindATrustedTlsProxy_TheSignInPagesCookies_AreSecure_AndOverPlainHttpNot()
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?> { ["ReverseProxy:KnownProxies:0"] = "127.0.0.1" });
        using var client = new HttpClient { BaseAddress = app.ServerAddress };

        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/account/login") { Headers = { { "X-Forwarded-Proto", "https" } } };
        using var behindProxy = await client.SendAsync(proxied);
        using var plain = await client.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, behindProxy.StatusCode);
        var cookies = behindProxy.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.All(plain.Headers.GetValues("Set-Cookie"), cookie => Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase));
    }
}
