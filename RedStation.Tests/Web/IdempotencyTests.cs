using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RedStation.Dashboard.Api;
using RedStation.Data;
using RedStation.Data.Persistence;

namespace RedStation.Tests.Web;

/// <summary>The seeded app with a second read+write integration key, so that two principals can choose the same key.</summary>
public class IdempotencyAppFixture : SeededAppFixture
{
    public const string SecondApiKey = "test-only-second-key-read-write-91ab4e";

    public IdempotencyAppFixture()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected IdempotencyAppFixture(DatabaseProvider provider)
        : base(provider, new Dictionary<string, string?>
        {
            ["Security:ApiKeys:1:Name"] = "second",
            ["Security:ApiKeys:1:Key"] = SecondApiKey,
            ["Security:ApiKeys:1:Scopes:0"] = "read",
            ["Security:ApiKeys:1:Scopes:1"] = "write",
        })
    {
    }

    public HttpClient CreateSecondKeyClient()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        client.DefaultRequestHeaders.Add("X-Api-Key", SecondApiKey);
        return client;
    }
}

/// <summary>The same, on PostgreSQL.</summary>
public sealed class IdempotencyAppFixture_PostgreSQL() : IdempotencyAppFixture(DatabaseProvider.PostgreSQL);

public sealed class IdempotencyTests(IdempotencyAppFixture fixture) : IdempotencyTestsBase<IdempotencyAppFixture>(fixture);

/// <summary>The same tests, on PostgreSQL.</summary>
public sealed class IdempotencyTests_PostgreSQL(IdempotencyAppFixture_PostgreSQL fixture) : IdempotencyTestsBase<IdempotencyAppFixture_PostgreSQL>(fixture);

/// <summary>API writes sent with an <c>Idempotency-Key</c>, on the database of <typeparamref name="TFixture"/>.</summary>
public abstract class IdempotencyTestsBase<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : IdempotencyAppFixture
{
    [Fact]
    public async Task ARetryWithTheSameKeyAndBody_WritesOnce_AndReplaysTheFirstAnswer()
    {
        var (stations, volunteers) = await fixture.PickAsync();
        var key = NewKey();

        using var first = await SendAsync(fixture.Client, HttpMethod.Post, $"/api/v1/stations/{stations[0]}/checkins", new { volunteerId = volunteers[0] }, key);
        using var retry = await SendAsync(fixture.Client, HttpMethod.Post, $"/api/v1/stations/{stations[0]}/checkins", new { volunteerId = volunteers[0] }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues(IdempotencyMiddleware.ReplayedHeaderName).Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await SessionsOfAsync(volunteers[0]));
    }

    [Fact]
    public async Task TheReservation_CommitsWithTheWrite_HoldingTheCallerTheEndpointAndTheAnswer()
    {
        var (stations, _) = await fixture.PickAsync();
        var key = NewKey();
        var station = await fixture.Client.GetFromJsonAsync<StationResource>($"/api/v1/stations/{stations[1]}", SeededAppFixture.Json);
        var count = station!.Occupancy == 0 ? 1 : station.Occupancy - 1;

        using var response = await SendAsync(fixture.Client, HttpMethod.Put, $"/api/v1/stations/{stations[1]}/occupancy", new { count }, key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await CreateDbContextAsync();
        var record = await db.IdempotencyRecords.SingleAsync(r => r.ClientKey == key);
        Assert.Equal("ApiKey:config:tests", record.Principal);
        Assert.Equal($"PUT /api/v1/stations/{stations[1]}/occupancy", record.Endpoint);
        Assert.Equal(200, record.StatusCode);
        Assert.Equal(await response.Content.ReadAsByteArrayAsync(), record.Body);
    }

    [Fact]
    public async Task TheSameKeyWithADifferentBody_Answers422IdempotencyKeyReused_AndWritesNothing()
    {
        var (stations, volunteers) = await fixture.PickAsync();
        var key = NewKey();

        using var first = await SendAsync(fixture.Client, HttpMethod.Post, $"/api/v1/stations/{stations[2]}/checkins", new { volunteerId = volunteers[1] }, key);
        using var second = await SendAsync(fixture.Client, HttpMethod.Post, $"/api/v1/stations/{stations[2]}/checkins", new { volunteerId = volunteers[2] }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertProblemAsync(second, HttpStatusCode.UnprocessableEntity, "IdempotencyKeyReused");
        Assert.Equal(0, await SessionsOfAsync(volunteers[2]));
    }

    [Fact]
    public async Task TheSameKeyOnADifferentEndpoint_Answers422IdempotencyKeyReused_AndWritesNothing()
    {
        var (stations, volunteers) = await fixture.PickAsync();
        var key = NewKey();
        var body = new { volunteerId = volunteers[3] };

        using var first = await SendAsync(fixture.Client, HttpMethod.Post, $"/api/v1/stations/{stations[3]}/checkins", body, key);
        using var elsewhere = await SendAsync(fixture.Client, HttpMethod.Post, $"/api/v1/stations/{stations[4]}/checkouts", body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertProblemAsync(elsewhere, HttpStatusCode.UnprocessableEntity, "IdempotencyKeyReused");
        await using var db = await CreateDbContextAsync();
        Assert.Equal(1, await db.DutySessions.CountAsync(d => d.VolunteerId == volunteers[3] && d.CheckedOutAt == null));
    }

    [Fact]
    public async Task TwoApiKeysChoosingTheSameKey_WriteIndependently()
    {
        var (stations, volunteers) = await fixture.PickAsync();
        var key = NewKey();
        using var second = fixture.CreateSecondKeyClient();

        using var mine = await SendAsync(fixture.Client, HttpMethod.Post, $"/api/v1/stations/{stations[5]}/checkins", new { volunteerId = volunteers[4] }, key);
        using var theirs = await SendAsync(second, HttpMethod.Post, $"/api/v1/stations/{stations[5]}/checkins", new { volunteerId = volunteers[5] }, key);

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal(1, await SessionsOfAsync(volunteers[4]));
        Assert.Equal(1, await SessionsOfAsync(volunteers[5]));
        await using var db = await CreateDbContextAsync();
        Assert.Equal(
            ["ApiKey:config:second", "ApiKey:config:tests"],
            await db.IdempotencyRecords.Where(r => r.ClientKey == key).Select(r => r.Principal).OrderBy(p => p).ToListAsync());
    }

    [Fact]
    public async Task TenConcurrentIdenticalRequests_WriteExactlyOnce_AndAllGetTheFirstAnswer()
    {
        var (stations, _) = await fixture.PickAsync();
        var key = NewKey();
        var start = DateTimeOffset.UtcNow;
        var body = new { type = "weekend-lecture", title = $"并发重试 {key}", startsAt = start, endsAt = start.AddHours(1), attendance = 12 };

        // Each request waits at the gate until all ten are ready, so they reach the server together.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, 10).Select(async _ =>
        {
            await gate.Task;
            using var response = await SendAsync(fixture.Client, HttpMethod.Post, $"/api/v1/stations/{stations[6]}/activities", body, key);
            return (response.StatusCode, Replayed: response.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName), Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        gate.SetResult();
        var answers = await Task.WhenAll(requests);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Single(answers, a => !a.Replayed);
        await using var db = await CreateDbContextAsync();
        Assert.Equal(1, await db.Activities.CountAsync(a => a.Title == body.title));
    }

    [Fact]
    public async Task ARefusedWrite_LeavesNoReservationAndNothingElse_SoTheKeyStaysFreeForACorrectedRequest()
    {
        var (stations, _) = await fixture.PickAsync();
        var key = NewKey();
        var path = $"/api/v1/stations/{stations[7]}/occupancy";
        var changesBefore = await OccupancyChangesAsync();

        using var refused = await SendAsync(fixture.Client, HttpMethod.Put, path, new { count = -4 }, key);

        await AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "OccupancyBelowZero");
        Assert.Equal(changesBefore, await OccupancyChangesAsync());
        await using (var db = await CreateDbContextAsync())
        {
            Assert.False(await db.IdempotencyRecords.AnyAsync(r => r.ClientKey == key));
        }

        using var retried = await SendAsync(fixture.Client, HttpMethod.Put, path, new { count = -4 }, key);
        await AssertProblemAsync(retried, HttpStatusCode.UnprocessableEntity, "OccupancyBelowZero");
        Assert.False(retried.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal(changesBefore, await OccupancyChangesAsync());
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(IdempotencyMiddleware.HeaderName, key);
        return await client.SendAsync(request);
    }

    private Task<RedStationDbContext> CreateDbContextAsync() =>
        fixture.Service<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();

    /// <summary>The volunteer's open duty sessions (the volunteers picked are free: none before the test).</summary>
    private async Task<int> SessionsOfAsync(int volunteerId)
    {
        await using var db = await CreateDbContextAsync();
        return await db.DutySessions.CountAsync(d => d.VolunteerId == volunteerId && d.CheckedOutAt == null);
    }

    private async Task<int> OccupancyChangesAsync()
    {
        await using var db = await CreateDbContextAsync();
        return await db.OccupancyChanges.CountAsync();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }
}
