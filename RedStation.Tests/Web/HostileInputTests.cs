using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RedStation.Dashboard.Api;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Web;

/// <summary>
/// Hostile input through the API: markup is stored and returned as data (JSON-escaped, never interpreted), and
/// every malformed, oversized, mistyped, unknown or out-of-range request is refused with problem-details and
/// writes nothing. Its own app, so that nothing else writes while a snapshot is compared.
/// </summary>
public sealed class HostileInputTests(SeededAppFixture fixture) : HostileInputTestsBase<SeededAppFixture>(fixture);

/// <summary>The same tests, on PostgreSQL.</summary>
public sealed class HostileInputTests_PostgreSQL(SeededAppFixture_PostgreSQL fixture) : HostileInputTestsBase<SeededAppFixture_PostgreSQL>(fixture);

/// <summary>The tests, on the database of <typeparamref name="TFixture"/>.</summary>
public abstract class HostileInputTestsBase<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SeededAppFixture
{
    public const string ScriptPayload = "<script>alert(1)</script>";
    public const string ImagePayload = "<img src=x onerror=alert(1)>";
    public const string AttributePayload = "\"><svg onload=alert(1)>";

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task MarkupInEveryTextField_IsStoredAndReturnedAsJsonEscapedData()
    {
        var (stations, _) = await fixture.PickAsync();
        var now = DateTimeOffset.UtcNow;

        using var created = await Client.PostAsJsonAsync($"/api/v1/stations/{stations[2]}/activities", new
        {
            type = "weekend-lecture",
            title = ScriptPayload,
            organiser = ImagePayload,
            notes = AttributePayload,
            startsAt = now.AddHours(-1),
            endsAt = now.AddHours(1),
            attendance = 12,
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var raw = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(">", raw, StringComparison.Ordinal);
        var activity = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(ScriptPayload, activity.GetProperty("title").GetString());
        Assert.Equal(ImagePayload, activity.GetProperty("organiser").GetString());
        Assert.Equal(AttributePayload, activity.GetProperty("notes").GetString());

        // The live feed, as every screen and hub client reads it, carries the title as the same inert data.
        using var live = await Client.GetAsync($"/api/v1/live?topic=station:{stations[2]}");
        var liveRaw = await live.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", liveRaw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(JsonDocument.Parse(liveRaw).RootElement.GetProperty("recent").EnumerateArray(),
            e => e.TryGetProperty("title", out var title) && title.GetString() == ScriptPayload);

        using var search = await Client.GetAsync($"/api/v1/volunteers?search={Uri.EscapeDataString(ImagePayload)}");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
    }

    public static TheoryData<string, string, string, string, HttpStatusCode, string> Refusals()
    {
        var now = DateTimeOffset.UtcNow;
        string Activity(string extra, DateTimeOffset? startsAt = null) =>
            $$"""{"type":"weekend-lecture","title":"周末讲堂","startsAt":"{{Iso(startsAt ?? now.AddHours(-1))}}","endsAt":"{{Iso((startsAt ?? now.AddHours(-1)).AddHours(2))}}"{{extra}}}""";
        const string activities = "/api/v1/stations/{station}/activities";
        return new()
        {
            { "oversized body", "POST", activities, Activity($",\"notes\":\"{new string('x', (int)ApiExtensions.MaxRequestBodyBytes)}\""), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge" },
            { "malformed JSON", "POST", activities, "{\"type\":\"weekend-lecture\",\"title\":", HttpStatusCode.BadRequest, "InvalidRequest" },
            { "an array for an object", "POST", activities, "[1,2,3]", HttpStatusCode.BadRequest, "InvalidRequest" },
            { "a string for a number", "POST", activities, Activity(",\"attendance\":\"thirty\""), HttpStatusCode.BadRequest, "InvalidRequest" },
            { "a number beyond Int32", "POST", activities, Activity(",\"attendance\":1000000000000000"), HttpStatusCode.BadRequest, "InvalidRequest" },
            { "a date that is no date", "POST", activities, Activity("").Replace(Iso(now.AddHours(-1)), "yesterday-ish", StringComparison.Ordinal), HttpStatusCode.BadRequest, "InvalidRequest" },
            { "huge attendance", "POST", activities, Activity(",\"attendance\":5001"), HttpStatusCode.UnprocessableEntity, "AttendanceOutOfRange" },
            { "negative attendance", "POST", activities, Activity(",\"attendance\":-1"), HttpStatusCode.UnprocessableEntity, "AttendanceOutOfRange" },
            { "a start far in the past", "POST", activities, Activity("", new DateTimeOffset(1900, 1, 1, 8, 0, 0, TimeSpan.Zero)), HttpStatusCode.UnprocessableEntity, "ActivityDateOutOfRange" },
            { "a start far in the future", "POST", activities, Activity("", new DateTimeOffset(2999, 1, 1, 8, 0, 0, TimeSpan.Zero)), HttpStatusCode.UnprocessableEntity, "ActivityDateOutOfRange" },
            { "a title too long", "POST", activities, Activity("").Replace("周末讲堂", new string('长', 101), StringComparison.Ordinal), HttpStatusCode.UnprocessableEntity, "TextTooLong" },
            { "a right-to-left override in a title", "POST", activities, Activity("").Replace("周末讲堂", "周末\\u202E讲堂", StringComparison.Ordinal), HttpStatusCode.UnprocessableEntity, "TextCharacterRefused" },
            { "a NUL in the notes", "POST", activities, Activity(",\"notes\":\"a\\u0000b\""), HttpStatusCode.UnprocessableEntity, "TextCharacterRefused" },
            { "a zero-width space in the organiser", "POST", activities, Activity(",\"organiser\":\"社区\\u200B党委\""), HttpStatusCode.UnprocessableEntity, "TextCharacterRefused" },
            { "a lone surrogate in a title", "POST", activities, Activity("").Replace("周末讲堂", "周末\\ud83d讲堂", StringComparison.Ordinal), HttpStatusCode.BadRequest, "InvalidRequest" },
            { "an unknown activity type", "POST", activities, Activity("").Replace("weekend-lecture", "<script>", StringComparison.Ordinal), HttpStatusCode.NotFound, "ActivityTypeNotFound" },
            { "an unknown station", "POST", "/api/v1/stations/999999/activities", Activity(""), HttpStatusCode.NotFound, "StationNotFound" },
            { "a station id that is no number", "POST", "/api/v1/stations/abc/checkins", "{\"volunteerId\":1}", HttpStatusCode.NotFound, "NotFound" },
            { "an unknown volunteer", "POST", "/api/v1/stations/{station}/checkins", "{\"volunteerId\":99999999}", HttpStatusCode.NotFound, "VolunteerNotFound" },
            { "a string for a volunteer id", "POST", "/api/v1/stations/{station}/checkins", "{\"volunteerId\":\"<script>\"}", HttpStatusCode.BadRequest, "InvalidRequest" },
            { "a negative head-count", "PUT", "/api/v1/stations/{station}/occupancy", "{\"count\":-5}", HttpStatusCode.UnprocessableEntity, "OccupancyBelowZero" },
            { "a head-count beyond Int32", "PUT", "/api/v1/stations/{station}/occupancy", "{\"count\":2147483648}", HttpStatusCode.BadRequest, "InvalidRequest" },
            { "a page size that is no number", "GET", "/api/v1/stations?pageSize=%3Cscript%3E", "", HttpStatusCode.BadRequest, "InvalidRequest" },
        };
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task BadRequests_AreRefusedWithProblemDetails_AndWriteNothing(
        string what, string method, string path, string body, HttpStatusCode status, string code)
    {
        var (stations, _) = await fixture.PickAsync();
        var before = await DatabaseSnapshot.TakeAsync(fixture.App);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{station}", stations[5].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        if (method != "GET")
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Client.SendAsync(request);

        Assert.True(status == response.StatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(problem.TryGetProperty("exception", out _), what);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(fixture.App));
    }

    public static TheoryData<string, string, string, string, string> FieldRefusals()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        string Activity(string startsAt, string endsAt, string extra = "") =>
            $$"""{"type":"weekend-lecture","title":"周末讲堂","startsAt":"{{startsAt}}","endsAt":"{{endsAt}}"{{extra}}}""";
        var (withOffset, endWithOffset) = (Iso(start), Iso(start.AddHours(2)));
        string Local(DateTimeOffset value) => value.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        const string activities = "/api/v1/stations/{station}/activities";
        const string checkins = "/api/v1/stations/{station}/checkins";
        const string checkouts = "/api/v1/stations/{station}/checkouts";
        const string occupancy = "/api/v1/stations/{station}/occupancy";
        return new()
        {
            { "a volunteer id as a string", "POST", checkins, """{"volunteerId":"1"}""", "volunteerId" },
            { "a volunteer id as a string, on check-out", "POST", checkouts, """{"volunteerId":"1"}""", "volunteerId" },
            { "a volunteer id with a fraction", "POST", checkins, """{"volunteerId":1.5}""", "volunteerId" },
            { "a volunteer id as a boolean", "POST", checkins, """{"volunteerId":true}""", "volunteerId" },
            { "an attendance as a string", "POST", activities, Activity(withOffset, endWithOffset, ",\"attendance\":\"30\""), "attendance" },
            { "an attendance in exponent form as a string", "POST", activities, Activity(withOffset, endWithOffset, ",\"attendance\":\"3e1\""), "attendance" },
            { "a head-count as a string", "PUT", occupancy, """{"count":"5"}""", "count" },
            { "a head-count as an object", "PUT", occupancy, """{"count":{"value":5}}""", "count" },
            { "a start without an offset", "POST", activities, Activity(Local(start), endWithOffset), "startsAt" },
            { "an end without an offset", "POST", activities, Activity(withOffset, Local(start.AddHours(2))), "endsAt" },
            { "a date alone for a start", "POST", activities, Activity(Local(start)[..10], endWithOffset), "startsAt" },
            { "a start as a number", "POST", activities, Activity(withOffset, endWithOffset).Replace($"\"{withOffset}\"", "1700000000", StringComparison.Ordinal), "startsAt" },
            { "an unknown field on a check-in", "POST", checkins, """{"volunteerId":1,"stationId":2}""", "stationId" },
            { "an unknown field on an activity", "POST", activities, Activity(withOffset, endWithOffset, ",\"isAdmin\":true"), "isAdmin" },
            { "an unknown field on a head-count", "PUT", occupancy, """{"count":5,"delta":1}""", "delta" },
        };
    }

    [Theory]
    [MemberData(nameof(FieldRefusals))]
    public async Task MistypedOrUnknownFields_AreRefusedWithAProblemNamingTheField_AndWriteNothing(
        string what, string method, string path, string body, string field)
    {
        var (stations, volunteers) = await fixture.PickAsync();
        var before = await DatabaseSnapshot.TakeAsync(fixture.App);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{station}", stations[5].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            Content = new StringContent(body.Replace("\"volunteerId\":1,", $"\"volunteerId\":{volunteers[^1]},", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };

        using var response = await Client.SendAsync(request);

        var raw = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {raw}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The problem speaks of the request's fields, never of the server's types.
        Assert.DoesNotContain("RedStation", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", raw, StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("exception", out _), what);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(fixture.App));
    }

    [Fact]
    public async Task AFieldNameThousandsOfCharactersLong_IsNotEchoedInFull()
    {
        var (stations, _) = await fixture.PickAsync();
        var name = new string('f', 10_000);

        using var response = await Client.PutAsync($"/api/v1/stations/{stations[5]}/occupancy",
            new StringContent($$"""{"count":5,"{{name}}":1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 1_000);
    }

    [Fact]
    public async Task ABodyThatIsNotJson_IsRefusedWithProblemDetails_AndWritesNothing()
    {
        var (stations, _) = await fixture.PickAsync();
        var before = await DatabaseSnapshot.TakeAsync(fixture.App);

        using var response = await Client.PutAsync($"/api/v1/stations/{stations[5]}/occupancy", new StringContent("count=3", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("InvalidRequest", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(fixture.App));
    }

    private static string Iso(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
