using System.Net;
using System.Text.RegularExpressions;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Web;

/// <summary>The app's icon: served to anyone (the browser asks before signing in) and linked from every page.</summary>
public sealed partial class FaviconTests
{
    [Fact]
    public async Task FaviconIco_AndTheIconEveryPageLinks_AreServed_WithoutSigningIn()
    {
        await using var app = new RedStationAppFactory();
        using var client = Security.SecurityFixture.CreateClient(app.ServerAddress);

        using var ico = await client.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        var bytes = await ico.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]); // an ICO header, not the sign-in page

        var page = await client.GetStringAsync("/account/login");
        var links = IconLink().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Contains("favicon.ico", links);
        var svg = Assert.Single(links, link => link.Contains(".svg", StringComparison.Ordinal));
        using var icon = await client.GetAsync(svg);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("""<link rel="icon" href="([^"]+)""")]
    private static partial Regex IconLink();
}
