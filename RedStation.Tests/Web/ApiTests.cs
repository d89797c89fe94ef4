using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RedStation.Dashboard.Api;
using RedStation.Data;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;

namespace RedStation.Tests.Web;

public sealed class ApiTests(SeededAppFixture fixture) : ApiTestsBase<SeededAppFixture>(fixture);

/// <summary>The same tests, on PostgreSQL.</summary>
public sealed class ApiTests_PostgreSQL(SeededAppFixture_PostgreSQL fixture) : ApiTestsBase<SeededAppFixture_PostgreSQL>(fixture);

/// <summary>The tests, on the database of <typeparamref name="TFixture"/>.</summary>
public abstract class ApiTestsBase<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SeededAppFixture
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task CheckIn_AnswersCreatedWithTheSession_AndCheckOutClosesIt()
    {
        var (stations, volunteers) = await fixture.PickAsync();
        var (station, volunteer) = (stations[0], volunteers[0]);

        using var created = await Client.PostAsJsonAsync($"/api/v1/stations/{station}/checkins", new { volunteerId = volunteer });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = (await created.Content.ReadFromJsonAsync<DutySessionResource>(SeededAppFixture.Json))!;
        Assert.True(session.Id > 0);
        Assert.Equal(volunteer, session.VolunteerId);
        Assert.EndsWith($"/checkins/{session.Id}", created.Headers.Location!.ToString());

        using var closed = await Client.PostAsJsonAsync($"/api/v1/stations/{station}/checkouts", new { volunteerId = volunteer });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.NotNull((await closed.Content.ReadFromJsonAsync<DutySessionResource>(SeededAppFixture.Json))!.CheckedOutAt);
    }

    [Fact]
    public async Task CheckIn_AtAnUnknownStation_Answers404WithProblemDetails()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/stations/99999/checkins", new { volunteerId = 1 });

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "StationNotFound");
    }

    [Fact]
    public async Task CheckIn_OfAVolunteerAlreadyOnDuty_Answers409()
    {
        // Checked in here first: at night the seeded network may have nobody on duty.
        var (stations, volunteers) = await fixture.PickAsync();
        using var onDuty = await Client.PostAsJsonAsync($"/api/v1/stations/{stations[0]}/checkins", new { volunteerId = volunteers[30] });
        Assert.Equal(HttpStatusCode.Created, onDuty.StatusCode);

        using var response = await Client.PostAsJsonAsync($"/api/v1/stations/{stations[1]}/checkins", new { volunteerId = volunteers[30] });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "VolunteerAlreadyOnDuty");
    }

    [Fact]
    public async Task CheckIn_WithoutVolunteer_Answers400NamingTheField()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/stations/1/checkins", new { });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "MissingField");
        Assert.Equal("volunteerId", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task CheckIn_WithMalformedJson_Answers400WithoutAStackTrace()
    {
        using var response = await Client.PostAsync("/api/v1/stations/1/checkins", new StringContent("{volunteerId:", Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.False(problem.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task CheckIn_WithAnOversizedBody_Answers413AndWritesNothing()
    {
        var (stations, volunteers) = await fixture.PickAsync();
        var padding = new string('x', (int)ApiExtensions.MaxRequestBodyBytes);
        var json = $$"""{"volunteerId": {{volunteers[20]}}, "padding": "{{padding}}"}""";

        using var response = await Client.PostAsync($"/api/v1/stations/{stations[7]}/checkins", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        await using var db = await fixture.Service<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.DutySessions.CountAsync(d => d.VolunteerId == volunteers[20] && d.CheckedOutAt == null));
    }

    [Fact]
    public async Task EveryAnswer_CarriesTheSecurityHeaders()
    {
        using var response = await Client.GetAsync("/api/v1/stations?pageSize=1");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Occupancy_BelowZero_Answers422AndChangesNothing()
    {
        var (stations, _) = await fixture.PickAsync();
        var before = await OccupancyChangesAsync();

        using var response = await Client.PutAsJsonAsync($"/api/v1/stations/{stations[2]}/occupancy", new { count = -4 });

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "OccupancyBelowZero");
        Assert.Equal(before, await OccupancyChangesAsync());
    }

    [Fact]
    public async Task Occupancy_Set_AnswersTheNewCount()
    {
        var (stations, _) = await fixture.PickAsync();

        using var response = await Client.PutAsJsonAsync($"/api/v1/stations/{stations[2]}/occupancy", new { count = 7 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, (await response.Content.ReadFromJsonAsync<OccupancyResource>(SeededAppFixture.Json))!.Count);
        var station = await Client.GetFromJsonAsync<StationResource>($"/api/v1/stations/{stations[2]}", SeededAppFixture.Json);
        Assert.Equal(7, station!.Occupancy);
    }

    [Fact]
    public async Task Activity_IsLoggedByTypeCode_AndOneEndingBeforeItStarts_Answers422()
    {
        var (stations, _) = await fixture.PickAsync();
        var start = DateTimeOffset.UtcNow;

        using var created = await Client.PostAsJsonAsync($"/api/v1/stations/{stations[0]}/activities",
            new { type = "weekend-lecture", title = "防范电信诈骗讲座", startsAt = start, endsAt = start.AddHours(1), attendance = 30 });
        using var backwards = await Client.PostAsJsonAsync($"/api/v1/stations/{stations[0]}/activities",
            new { type = "weekend-lecture", title = "倒序", startsAt = start, endsAt = start.AddHours(-1), attendance = 30 });
        using var unknownType = await Client.PostAsJsonAsync($"/api/v1/stations/{stations[0]}/activities",
            new { type = "karaoke", title = "K歌", startsAt = start, endsAt = start.AddHours(1), attendance = 3 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(30, (await created.Content.ReadFromJsonAsync<ActivityResource>(SeededAppFixture.Json))!.Attendance);
        await AssertProblemAsync(backwards, HttpStatusCode.UnprocessableEntity, "ActivityEndsBeforeStart");
        await AssertProblemAsync(unknownType, HttpStatusCode.NotFound, "ActivityTypeNotFound");
    }

    [Fact]
    public async Task Reads_ListStationsVolunteersAndTheLiveState()
    {
        var page = await Client.GetFromJsonAsync<JsonElement>("/api/v1/stations?pageSize=10&status=Open");
        var volunteers = await Client.GetFromJsonAsync<JsonElement>("/api/v1/volunteers?search=NDDY00001&take=5");
        var live = await fixture.LiveAsync("district:1");

        Assert.Equal(10, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("totalCount").GetInt32() >= 147);
        Assert.All(page.GetProperty("items").EnumerateArray(), s => Assert.Equal("Open", s.GetProperty("status").GetString()));
        Assert.Equal(5, volunteers.GetArrayLength());
        Assert.All(volunteers.EnumerateArray(), v => Assert.Equal(4, v.GetProperty("phoneTail").GetString()!.Length));
        Assert.All(live.Stations, s => Assert.Equal(1, s.DistrictId));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        var document = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/stations/{stationId}/checkins", out _));
        Assert.True(paths.TryGetProperty("/api/v1/live", out _));
        Assert.True(paths.GetProperty("/api/v1/alerts").TryGetProperty("get", out _));
        var acknowledge = paths.GetProperty("/api/v1/alerts/{id}/acknowledgements").GetProperty("post").GetProperty("responses");
        Assert.All(new[] { "201", "403", "404", "409" }, status => Assert.True(acknowledge.TryGetProperty(status, out _), status));
        // Strict input, as documented: integers are integers only, request bodies take no other fields, instants say so.
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var checkIn = schemas.GetProperty("CheckInRequest");
        Assert.False(checkIn.GetProperty("additionalProperties").GetBoolean());
        var volunteerId = checkIn.GetProperty("properties").GetProperty("volunteerId");
        Assert.DoesNotContain("string", volunteerId.GetProperty("type").ToString(), StringComparison.Ordinal);
        Assert.False(volunteerId.TryGetProperty("pattern", out _));
        var startsAt = schemas.GetProperty("LogActivityBody").GetProperty("properties").GetProperty("startsAt");
        Assert.Contains("offset", startsAt.GetProperty("description").GetString(), StringComparison.Ordinal);
        using var reference = await Client.GetAsync("/api/reference/");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public async Task Alerts_ListsOpenGroups_AndAcknowledgingOneAnswers201ThenConflict()
    {
        // A station over capacity, evaluated at once (no damping), so the test does not wait on the monitor.
        var alerts = fixture.Service<AlertService>();
        var (stations, _) = await fixture.PickAsync();
        var station = (await fixture.LiveAsync()).Stations.First(s => s.StationId == stations[^1]);
        Assert.True((await alerts.UpdateRuleAsync(AlertRule.OverCapacity, true, 100, 0)).Succeeded);
        try
        {
            using var full = await Client.PutAsJsonAsync($"/api/v1/stations/{station.StationId}/occupancy", new { count = station.Capacity + 3 });
            Assert.Equal(HttpStatusCode.OK, full.StatusCode);
            var fullAt = (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("at").GetDateTimeOffset();
            await alerts.EvaluateAsync();
            var id = AlertGroups.IdOf(AlertRule.OverCapacity, station.StationId);

            var list = await Client.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
            var group = list.EnumerateArray().Single(g => g.GetProperty("id").GetString() == id);
            Assert.Equal(("OverCapacity", "Critical", station.StationId, 1, false), (group.GetProperty("rule").GetString(), group.GetProperty("severity").GetString(),
                group.GetProperty("stationId").GetInt32(), group.GetProperty("count").GetInt32(), group.GetProperty("acknowledged").GetBoolean()));
            Assert.Equal(station.Capacity + 3, group.GetProperty("oldestAge").GetInt32());
            // Its real start: the head-count that made it full, not the evaluation.
            Assert.Equal(fullAt, group.GetProperty("since").GetDateTimeOffset());
            // Severity first: nothing after the critical groups is more severe than what precedes it.
            var severities = list.EnumerateArray().Select(g => Enum.Parse<AlertSeverity>(g.GetProperty("severity").GetString()!)).ToList();
            Assert.Equal(severities.OrderByDescending(x => x), severities);

            using var acknowledged = await Client.PostAsync($"/api/v1/alerts/{id}/acknowledgements", null);
            Assert.Equal(HttpStatusCode.Created, acknowledged.StatusCode);
            var body = await acknowledged.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(body.GetProperty("acknowledged").GetBoolean());
            Assert.EndsWith($"/api/v1/alerts/{id}", acknowledged.Headers.Location!.ToString());

            using var again = await Client.PostAsync($"/api/v1/alerts/{id}/acknowledgements", null);
            await AssertProblemAsync(again, HttpStatusCode.Conflict, "AlertAlreadyAcknowledged");
        }
        finally
        {
            Assert.True((await alerts.UpdateRuleAsync(AlertRule.OverCapacity, true, 100, 120)).Succeeded);
        }
    }

    [Theory]
    [InlineData("no-such-rule-3")]
    [InlineData("over-capacity-99999")]
    public async Task AcknowledgingAnUnknownAlertGroup_Answers404WithProblemDetails(string id)
    {
        using var response = await Client.PostAsync($"/api/v1/alerts/{id}/acknowledgements", null);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "AlertGroupNotFound");
    }

    private async Task<int> OccupancyChangesAsync()
    {
        await using var db = await fixture.Service<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        return await db.OccupancyChanges.CountAsync();
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
