using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Web;

public sealed class ApiRateLimitTests
{
    [Fact]
    public async Task Api_BeyondTheCallersBudget_Answers429WithRetryAfter()
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?>
        {
            ["Security:ApiPermitLimit"] = "3",
            ["Security:ApiWindow"] = "00:10:00",
        });
        using var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.GetAsync("/api/v1/stations?pageSize=1");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.GetAsync("/api/v1/stations?pageSize=1");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("TooManyRequests", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
