using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Web;

/// <summary>
/// The hostile-input corpus of the API: every write field of <c>/api/v1</c> (check-in, check-out, activities, head-count,
/// alert acknowledgement) sent every hostile value of its kind (wrong JSON types, numbers past Int32, NaN-like strings,
/// overlong text, control and invisible characters, lone surrogates, SQL-ish text, instants without offset), and every
/// endpoint sent the hostile bodies (empty, not JSON, the wrong content type, deep nesting, duplicate and unknown fields).
/// Each case asserts: never a 5xx; a problem-details answer with a <c>code</c> that names the field at fault (its
/// <c>field</c> extension); no exception text; and no row changed (a dump of every table before and after). Text that is
/// only unusual (SQL-ish, markup) is data: stored verbatim, and nothing else changed. One app for the whole class.
/// </summary>
public sealed class HostileInputCorpusTests(HostileCorpusAppFixture fixture) : IClassFixture<HostileCorpusAppFixture>
{
    public static TheoryData<string> Cases() => new(ApiCorpus.Cases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileRequest_IsRefusedNamingTheField_OrStoredAsData_AndWritesNothingElse(string name)
    {
        var hostile = ApiCorpus.Cases[name];
        var before = await DatabaseSnapshot.TakeAsync(fixture.App);
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Path);
        if (hostile.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            if (hostile.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        using var response = await fixture.Client.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{name}: {status} {Shorten(raw)}");
        if (hostile.RefusedByServer)
        {
            // Kestrel itself refuses the request line (a NUL in the path): no endpoint, nothing to name, nothing written.
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(before, await DatabaseSnapshot.TakeAsync(fixture.App));
            return;
        }

        Assert.DoesNotContain("   at ", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", raw, StringComparison.Ordinal);

        if (hostile.StoredAs is { } stored)
        {
            Assert.True(response.IsSuccessStatusCode, $"{name}: {status} {Shorten(raw)}");
            Assert.Equal(stored.Value, JsonDocument.Parse(raw).RootElement.GetProperty(stored.Property).GetString());
            AssertOnlyAdded(before, await DatabaseSnapshot.TakeAsync(fixture.App), name);
            return;
        }

        Assert.True(status is >= 400 and < 500, $"{name}: {status} {Shorten(raw)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(raw).RootElement;
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("code").GetString()), name);
        if (hostile.Field is { } field)
        {
            Assert.True(problem.TryGetProperty("field", out var named) && named.GetString() == field, $"{name}: expected field '{field}' in {Shorten(raw)}");
        }

        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(fixture.App));
    }

    /// <summary>
    /// Data stored: every row there before is there after, unchanged; only rows were added (the analytics summaries,
    /// which count the new activity, and SQLite's key counters aside). A table dropped or a row rewritten by the text would show here.
    /// </summary>
    private static void AssertOnlyAdded(string before, string after, string name)
    {
        var remaining = Rows(after).ToHashSet();
        Assert.Equal(Rows(before).Select(r => r.Table).Distinct(), Rows(after).Select(r => r.Table).Distinct());
        var lost = Rows(before).Where(row => !row.Table.Contains("Summar", StringComparison.Ordinal) && row.Table != "#sqlite_sequence" && !remaining.Contains(row)).ToList();
        Assert.True(lost.Count == 0, $"{name}: rows changed or removed: {Shorten(string.Join(" / ", lost))}");
    }

    /// <summary>The dump's rows with their table (a line "#Table" starts each table).</summary>
    private static IEnumerable<(string Table, string Row)> Rows(string dump)
    {
        var table = string.Empty;
        foreach (var line in dump.Split('\n'))
        {
            if (line.StartsWith('#'))
            {
                table = line;
            }

            yield return (table, line);
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}

/// <summary>The app over the station grid, with volunteers and one activity type; station 3 is open.</summary>
public sealed class HostileCorpusAppFixture : IAsyncLifetime
{
    /// <summary>
    /// Without the alert monitor: it re-evaluates after every stored write, in the background and on the real clock, and
    /// an alert row it updates between the two dumps would read as a row the hostile text changed.
    /// </summary>
    public RedStationAppFactory App { get; } = new(settings: new Dictionary<string, string?> { ["Alerts:Enabled"] = "false" });

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InsertStationGridNetworkAsync();
        await SelfCheckInFixture.InsertVolunteersAsync(App);
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync())
        {
            db.ActivityTypes.Add(new ActivityType { Code = "weekend-lecture", Name = "周末讲堂", NameEn = "Weekend lecture" });
            await db.SaveChangesAsync();
        }

        Client = App.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>One hostile request, and what it must get: a refusal naming <see cref="Field"/> (null: the body as a whole), or data stored verbatim.</summary>
/// <param name="RefusedByServer">Refused by the web server before the app (Kestrel's 400 to a NUL in the path): no problem-details to read.</param>
public sealed record ApiCase(string Method, string Path, byte[]? Body, string? ContentType, string? Field, (string Property, string Value)? StoredAs = null, bool RefusedByServer = false);

/// <summary>The API corpus: built once, keyed by a readable name.</summary>
public static class ApiCorpus
{
    public const int OpenStation = 3;
    private const string Json = "application/json";
    private static readonly string Station = OpenStation.ToString(CultureInfo.InvariantCulture);
    private static readonly string CheckIns = $"/api/v1/stations/{Station}/checkins";
    private static readonly string CheckOuts = $"/api/v1/stations/{Station}/checkouts";
    private static readonly string Activities = $"/api/v1/stations/{Station}/activities";
    private static readonly string Occupancy = $"/api/v1/stations/{Station}/occupancy";

    private static readonly Lazy<Dictionary<string, ApiCase>> Built = new(Build);

    public static IReadOnlyDictionary<string, ApiCase> Cases => Built.Value;

    /// <summary>Hostile values for a whole-number field, as JSON; a null value means the field is left out.</summary>
    public static IReadOnlyList<(string Name, string? Json)> Numbers { get; } =
    [
        ("a string of digits", "\"5\""),
        ("a word", "\"thirty\""),
        ("NaN as a string", "\"NaN\""),
        ("Infinity as a string", "\"Infinity\""),
        ("-Infinity as a string", "\"-Infinity\""),
        ("NaN bare", "NaN"),
        ("a fraction", "1.5"),
        ("exponent form", "1e3"),
        ("hex", "0x10"),
        ("a boolean", "true"),
        ("an empty array", "[]"),
        ("an array of a number", "[5]"),
        ("an object", "{\"value\":5}"),
        ("Int32.MaxValue + 1", "2147483648"),
        ("Int32.MinValue - 1", "-2147483649"),
        ("30 digits", "123456789012345678901234567890"),
        ("10k digits", new string('9', 10_000)),
        ("minus one", "-1"),
        ("Int32.MaxValue", "2147483647"),
        ("Int32.MinValue", "-2147483648"),
        ("an SQL-ish string", "\"1; DROP TABLE Volunteers; --\""),
        ("a script tag string", "\"<script>alert(1)</script>\""),
        ("full-width digits", "\"５\""),
        ("an empty string", "\"\""),
        ("a number with a NUL", "\"5\\u0000\""),
    ];

    /// <summary>Hostile text, as a JSON string literal (escapes included).</summary>
    public static IReadOnlyList<(string Name, string Json)> Texts { get; } =
    [
        ("a number", "123"),
        ("a boolean", "false"),
        ("an empty array", "[]"),
        ("an array of text", "[\"a\"]"),
        ("an object", "{\"text\":\"a\"}"),
        ("10k characters", Quote(new string('长', 10_000))),
        ("60k characters", Quote(new string('x', 60_000))),
        ("a NUL", "\"a\\u0000b\""),
        ("a control character", "\"a\\u0001b\""),
        ("an escape sequence", "\"\\u001b[2Jcleared\""),
        ("a DEL", "\"a\\u007fb\""),
        ("a right-to-left override", "\"周末\\u202E讲堂\""),
        ("a left-to-right embedding", "\"a\\u202Ab\""),
        ("a directional isolate", "\"a\\u2066b\""),
        ("a zero-width space", "\"社区\\u200B党委\""),
        ("a zero-width joiner", "\"a\\u200Db\""),
        ("a byte-order mark", "\"\\uFEFFtitle\""),
        ("a soft hyphen", "\"a\\u00ADb\""),
        ("a line separator", "\"a\\u2028b\""),
        ("a paragraph separator", "\"a\\u2029b\""),
        ("a lone high surrogate", "\"a\\ud800b\""),
        ("a lone low surrogate", "\"a\\udc00b\""),
        ("a reversed surrogate pair", "\"a\\udc00\\ud800b\""),
        ("a non-character", "\"a\\uFFFFb\""),
        ("a tag character", "\"a\\udb40\\udc01b\""),
    ];

    /// <summary>Text that is only unusual: stored verbatim wherever free text goes.</summary>
    public static IReadOnlyList<(string Name, string Value)> Inert { get; } =
    [
        ("SQL-ish text", "'; DROP TABLE Activities; --"),
        ("a script tag", "<script>alert(1)</script>"),
        ("a template expression", "{{7*7}} ${jndi:ldap://x/a}"),
    ];

    /// <summary>Hostile instants, as JSON.</summary>
    public static IReadOnlyList<(string Name, string Json)> Instants { get; } =
    [
        ("no offset", "\"2026-05-01T09:00:00\""),
        ("a date alone", "\"2026-05-01\""),
        ("a word", "\"yesterday\""),
        ("an empty string", "\"\""),
        ("a Unix time number", "1700000000"),
        ("a boolean", "true"),
        ("an array", "[]"),
        ("an object", "{}"),
        ("month 13", "\"2026-13-45T99:99:99Z\""),
        ("30 February", "\"2026-02-30T10:00:00Z\""),
        ("an offset past 14 hours", "\"2026-05-01T09:00:00+25:00\""),
        ("before year 1 in UTC", "\"0001-01-01T00:00:00+14:00\""),
        ("NaN", "\"NaN\""),
        ("SQL-ish", "\"2026-05-01'; DROP TABLE Activities; --\""),
        ("a NUL after the instant", "\"2026-05-01T09:00:00Z\\u0000\""),
        ("a right-to-left override", "\"2026-05-01T09:00:00\\u202EZ\""),
        ("10k characters", Quote(new string('9', 10_000))),
        ("year 1", "\"0001-01-01T00:00:00Z\""),
        ("year 9999", "\"9999-12-31T23:59:59Z\""),
    ];

    /// <summary>Bodies no endpoint takes, whatever its fields: answered as a whole (no field to name).</summary>
    public static IReadOnlyList<(string Name, byte[] Body, string? ContentType)> Bodies { get; } =
    [
        ("an empty body", [], Json),
        ("a JSON null", Bytes("null"), Json),
        ("form data labelled JSON", Bytes("count=3&volunteerId=1"), Json),
        ("text/plain", Bytes("{}"), "text/plain"),
        ("a form content type", Bytes("count=3"), "application/x-www-form-urlencoded"),
        ("XML", Bytes("<count>3</count>"), "application/xml"),
        ("no content type", Bytes("{}"), null),
        ("an array", Bytes("[1,2,3]"), Json),
        ("a string", Bytes("\"x\""), Json),
        ("a number", Bytes("5"), Json),
        ("truncated JSON", Bytes("{\"count\":"), Json),
        ("a trailing comma", Bytes("{\"count\":5,}"), Json),
        ("a comment", Bytes("{\"count\":5 /* x */}"), Json),
        ("single quotes", Bytes("{'count':5}"), Json),
        ("deep nesting", Bytes("{\"x\":" + new string('[', 5_000) + new string(']', 5_000) + "}"), Json),
        ("invalid UTF-8", [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'], Json),
        ("100k of padding", Bytes("{\"x\":\"" + new string('x', 100_000) + "\"}"), Json),
        ("UTF-16 labelled UTF-8", Encoding.Unicode.GetBytes("{\"count\":5}"), Json),
    ];

    /// <summary>Unknown field names, each refused by name (null: too odd to repeat, refused all the same).</summary>
    public static IReadOnlyList<(string Name, string Json, string? Field)> Unknown { get; } =
    [
        ("__proto__", "\"__proto__\":{\"admin\":true}", "__proto__"),
        ("constructor", "\"constructor\":1", "constructor"),
        ("a script-tag name", "\"<script>\":1", "<script>"),
        ("a name with a NUL", "\"x\\u0000y\":1", null),
        ("a 10k name", Quote(new string('f', 10_000)) + ":1", null),
        ("isAdmin", "\"isAdmin\":true", "isAdmin"),
    ];

    private static Dictionary<string, ApiCase> Build()
    {
        var cases = new Dictionary<string, ApiCase>(StringComparer.Ordinal);
        void Add(string name, ApiCase hostile) => cases.Add(name, hostile);

        var now = DateTimeOffset.UtcNow;
        var starts = Quote(now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture));
        var ends = Quote(now.AddHours(1).ToString("O", CultureInfo.InvariantCulture));
        var activity = new Dictionary<string, string>
        {
            ["type"] = "\"weekend-lecture\"", ["title"] = "\"周末讲堂\"", ["startsAt"] = starts, ["endsAt"] = ends,
            ["attendance"] = "12", ["organiser"] = "\"社区党委\"", ["notes"] = "\"二楼\"",
        };
        var writes = new (string Endpoint, string Method, string Path, Dictionary<string, string> Valid)[]
        {
            ("check-in", "POST", CheckIns, new() { ["volunteerId"] = "1" }),
            ("check-out", "POST", CheckOuts, new() { ["volunteerId"] = "1" }),
            ("activity", "POST", Activities, activity),
            ("head-count", "PUT", Occupancy, new() { ["count"] = "4" }),
        };

        foreach (var (endpoint, method, path, valid) in writes)
        {
            ApiCase With(string field, string? json, string? expected, (string, string)? stored = null) =>
                new(method, path, Bytes(Object(valid, field, json)), Json, expected, stored);

            foreach (var field in valid.Keys)
            {
                var required = field is not ("attendance" or "organiser" or "notes");
                var isText = field is "type" or "title" or "organiser" or "notes";
                var isInstant = field is "startsAt" or "endsAt";
                if (required)
                {
                    Add($"{endpoint}: {field} missing", With(field, null, field));
                    Add($"{endpoint}: {field} null", With(field, "null", field));
                }

                if (isText)
                {
                    foreach (var (name, json) in Texts)
                    {
                        // 60k characters of text plus the rest passes the 64 KB body limit only as far as the limit: a 413.
                        Add($"{endpoint}: {field} {name}", With(field, json, name == "60k characters" && field == "notes" ? null : field));
                    }

                    if (field is "title" or "type")
                    {
                        Add($"{endpoint}: {field} an empty string", With(field, "\"\"", field));
                        Add($"{endpoint}: {field} white space only", With(field, "\"   \"", field));
                        Add($"{endpoint}: {field} a line break", With(field, "\"a\\nb\"", field));
                    }

                    foreach (var (name, value) in Inert)
                    {
                        Add($"{endpoint}: {field} {name}", field == "type"
                            ? With(field, Quote(value), field)
                            : With(field, Quote(value), null, (field, value)));
                    }
                }
                else if (isInstant)
                {
                    foreach (var (name, json) in Instants)
                    {
                        Add($"{endpoint}: {field} {name}", With(field, json, field));
                    }
                }
                else
                {
                    foreach (var (name, json) in Numbers)
                    {
                        Add($"{endpoint}: {field} {name}", With(field, json, field));
                    }
                }

                Add($"{endpoint}: {field} twice, the second hostile", new(method, path, Bytes(Object(valid, null, null)[..^1] + $",\"{field}\":[]}}"), Json, field));
                Add($"{endpoint}: {field} twice, both valid", new(method, path, Bytes(Object(valid, null, null)[..^1] + $",\"{field}\":{valid[field]}}}"), Json, field));
            }

            foreach (var (name, body, contentType) in Bodies)
            {
                Add($"{endpoint}: {name}", new(method, path, body, contentType, null));
            }

            foreach (var (name, json, field) in Unknown)
            {
                Add($"{endpoint}: an unknown field {name}", new(method, path, Bytes(Object(valid, null, null)[..^1] + "," + json + "}"), Json, field));
            }
        }

        // The route's ids: a station that is not there, a negative one, one past Int32 or no number at all.
        foreach (var (endpoint, method, _, valid) in writes)
        {
            var body = Bytes(Object(valid, null, null));
            var tail = endpoint switch { "check-in" => "checkins", "check-out" => "checkouts", "activity" => "activities", _ => "occupancy" };
            Add($"{endpoint}: station id unknown", new(method, $"/api/v1/stations/999999/{tail}", body, Json, "stationId"));
            Add($"{endpoint}: station id negative", new(method, $"/api/v1/stations/-1/{tail}", body, Json, "stationId"));
            Add($"{endpoint}: station id Int32.MaxValue", new(method, $"/api/v1/stations/2147483647/{tail}", body, Json, "stationId"));
            Add($"{endpoint}: station id past Int32", new(method, $"/api/v1/stations/2147483648/{tail}", body, Json, null));
            Add($"{endpoint}: station id a script tag", new(method, $"/api/v1/stations/%3Cscript%3E/{tail}", body, Json, null));
            // Checking out stays possible at a station that is not open (a volunteer must be able to leave): there the volunteer is named.
            Add($"{endpoint}: station not open", new(method, $"/api/v1/stations/1/{tail}", body, Json, endpoint == "check-out" ? "volunteerId" : "stationId"));
        }

        // The alert group's id, the one field of an acknowledgement.
        foreach (var (name, id) in new[]
        {
            ("a script tag", "%3Cscript%3E"),
            ("SQL-ish", "wish-unclaimed-3'%20OR%20'1'%3D'1"),
            ("a station id past Int64", "wish-unclaimed-99999999999999999999999"),
            ("a negative station id", "wish-unclaimed--3"),
            ("station zero", "wish-unclaimed-0"),
            ("an unknown rule", "no-such-rule-3"),
            ("no open group", "wish-unclaimed-3"),
            ("a right-to-left override", "wish-unclaimed-%E2%80%AE3"),
            ("a NUL", "wish-unclaimed-3%00"),
            ("a header injection", "wish-unclaimed-3%0D%0AX-Injected:%201"),
            ("a path traversal", "..%2F..%2Fetc%2Fpasswd"),
            ("2000 characters", new string('a', 2_000)),
            ("a lone surrogate", "wish-unclaimed-%ED%A0%80"),
        })
        {
            Add($"acknowledgement: id {name}", new("POST", $"/api/v1/alerts/{id}/acknowledgements", null, null, "id", RefusedByServer: name == "a NUL"));
        }

        return cases;
    }

    /// <summary>The valid body with <paramref name="field"/> set to <paramref name="json"/> (left out when null).</summary>
    private static string Object(Dictionary<string, string> valid, string? field, string? json) =>
        "{" + string.Join(",", valid.Where(p => p.Key != field || json is not null)
            .Select(p => $"\"{p.Key}\":{(p.Key == field ? json : p.Value)}")) + "}";

    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
