using System.Net;
using RedStation.Tests.Security;

namespace RedStation.Tests.Web;

/// <summary>The anonymous language switch: whatever it is asked to redirect to, it goes to one of our own pages.</summary>
public sealed class CultureSwitchTests(SecurityFixture fixture) : IClassFixture<SecurityFixture>
{
    public static TheoryData<string, string> HostileRedirects() => new()
    {
        { "protocol-relative", "//evil.example" },
        { "slash backslash", "/\\evil.example" },
        { "absolute", "https://evil.example/" },
        { "backslashes", "\\\\evil.example" },
        { "slash tab slash", "/\t/evil.example" },
        { "a control character", "/overview\u0001" },
        { "a newline (header injection)", "/overview\r\nSet-Cookie: x=1" },
        { "a right-to-left override", "/\u202Eelpmaxe.live" },
        { "javascript", "javascript:alert(1)" },
        { "relative", "evil.example" },
        { "longer than any page of ours", "/" + new string('a', 4_000) },
    };

    [Theory]
    [MemberData(nameof(HostileRedirects))]
    public async Task Switch_WithAHostileRedirect_GoesHome_NeverFails(string what, string redirectUri)
    {
        using var client = fixture.Client();

        using var response = await client.GetAsync($"/culture/set?culture=en&redirectUri={Uri.EscapeDataString(redirectUri)}");

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: {(int)response.StatusCode}");
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Switch_AsTheProbeSentIt_GoesHome()
    {
        using var client = fixture.Client();

        using var response = await client.GetAsync("/culture/set?culture=en&redirectUri=/%5Cevil.example");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/analytics?preset=days30")]
    [InlineData("/admin/displays")]
    public async Task Switch_WithOneOfOurPages_GoesBackToIt(string redirectUri)
    {
        using var client = fixture.Client();

        using var response = await client.GetAsync($"/culture/set?culture=en&redirectUri={Uri.EscapeDataString(redirectUri)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(redirectUri, response.Headers.Location?.OriginalString);
    }
}
