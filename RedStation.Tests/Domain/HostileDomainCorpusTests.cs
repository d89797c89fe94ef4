using RedStation.Data.Alerts;
using RedStation.Data.Alerts.Notifications;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain;

/// <summary>
/// The hostile-input corpus at the domain services the screens call: the desk (activities, wishes, cases, head-count,
/// check-in), the management dialogs (stations, volunteers, teams, activity types), the admin pages (display tokens and
/// their playlists, integration keys, people), the alerts page (silences, rules, contact points) and self check-in. Every
/// text field is sent every invisible, layout-changing, ill-formed or overlong text, every number its out-of-range and
/// non-finite values, every reference an id that is not there. Each case asserts a refused result whose
/// <see cref="DomainError.Field"/> names the input at fault (where the form shows the message), a message, and no row
/// changed. One database for the whole class: a refused write leaves it as it was, which each case checks.
/// </summary>
public sealed class HostileDomainCorpusTests(DomainCorpusFixture fixture) : IClassFixture<DomainCorpusFixture>
{
    public static TheoryData<string> Cases() => new(DomainCorpus.Cases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileInput_IsRefusedNamingTheField_AndWritesNothing(string name)
    {
        var hostile = DomainCorpus.Cases[name];
        var before = fixture.LastSnapshot ?? await DatabaseSnapshot.TakeAsync(fixture.Database);

        DomainError? error;
        using (ActorContext.Begin(DomainCorpusFixture.Admin))
        {
            error = await hostile.Write(fixture);
        }

        Assert.True(error is not null, $"{name}: the write succeeded.");
        Assert.True(error.Field == hostile.Field, $"{name}: {error.Code} names '{error.Field}', not '{hostile.Field}': {error.Message}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message), name);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
        var after = await DatabaseSnapshot.TakeAsync(fixture.Database);
        Assert.Equal(before, after);
        fixture.LastSnapshot = after;
    }
}

/// <summary>The <see cref="TestNetwork"/> with what the transitions need: a posted wish, a claimed one, an open case, a running activity, a display token.</summary>
public sealed class DomainCorpusFixture : IAsyncLifetime
{
    public static readonly Actor Admin = new(ActorKind.Person, "user-1", "admin") { IsAdministrator = true };

    public TestDatabase Database { get; private set; } = null!;

    public long PostedWish { get; private set; }

    public long ClaimedWish { get; private set; }

    public long OpenCase { get; private set; }

    public long RunningActivity { get; private set; }

    public int DisplayToken { get; private set; }

    public DateTime Now => Database.Time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The dump the last case left (and checked): the next case's "before". Nothing but the corpus writes to this
    /// database (no hosted services run over it), so one dump per case suffices.
    /// </summary>
    public string? LastSnapshot { get; set; }

    public T Get<T>() where T : notnull => Database.Get<T>();

    public async Task InitializeAsync()
    {
        Database = await TestNetwork.CreateDatabaseAsync();
        using var _ = ActorContext.Begin(Admin);
        var wishes = Get<WishService>();
        PostedWish = Ok(await wishes.PostAsync(new PostWishRequest(TestNetwork.OpenStationId, WishCategory.HomeCleaning, "打扫楼道", "李阿姨"))).Id;
        ClaimedWish = Ok(await wishes.PostAsync(new PostWishRequest(TestNetwork.OpenStationId, WishCategory.HomeCleaning, "修水管", "王大爷"))).Id;
        Ok(await wishes.ClaimAsync(ClaimedWish, TestNetwork.VolunteerA));
        OpenCase = Ok(await Get<MediationService>().OpenAsync(new OpenCaseRequest(TestNetwork.OpenStationId, MediationCategory.PublicAffairs, 2, "邻里噪音"))).Id;
        RunningActivity = Ok(await Get<ActivityService>().LogAsync(new LogActivityRequest(
            TestNetwork.OpenStationId, TestNetwork.LectureTypeId, "周末讲堂", Now.AddHours(-1), Now.AddHours(1), 10))).Id;
        DisplayToken = Ok(await Get<DisplayTokenService>().CreateAsync("大厅大屏", "all")).Token.Id;
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    private static T Ok<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }
}

/// <summary>One hostile write, and the field its refusal must name.</summary>
public sealed record DomainCase(Func<DomainCorpusFixture, Task<DomainError?>> Write, string Field);

/// <summary>The domain corpus: built once, keyed by a readable name.</summary>
public static class DomainCorpus
{
    private static readonly Lazy<Dictionary<string, DomainCase>> Built = new(Build);

    public static IReadOnlyDictionary<string, DomainCase> Cases => Built.Value;

    /// <summary>Text every free-text field refuses, single-line or not.</summary>
    public static IReadOnlyList<(string Name, string Value)> Texts { get; } =
    [
        ("a NUL", "a\0b"),
        ("a control character", "a\u0001b"),
        ("an escape sequence", "\u001b[2Jcleared"),
        ("a DEL", "a\u007fb"),
        ("a right-to-left override", "周末\u202E讲堂"),
        ("a left-to-right embedding", "a\u202Ab"),
        ("a directional isolate", "a\u2066b"),
        ("a zero-width space", "社区\u200B党委"),
        ("a zero-width joiner", "a\u200Db"),
        ("a byte-order mark", "a\uFEFFb"),
        ("a soft hyphen", "a\u00ADb"),
        ("a line separator", "a\u2028b"),
        ("a paragraph separator", "a\u2029b"),
        ("a lone high surrogate", "a\ud800b"),
        ("a lone low surrogate", "a\udc00b"),
        ("a reversed surrogate pair", "a\udc00\ud800b"),
        ("a non-character", "a\uFFFFb"),
        ("a non-character of the FDD0 block", "a\uFDD0b"),
        ("a tag character", "a\U000E0001b"),
        ("10k characters", new string('长', 10_000)),
        ("100k characters", new string('x', 100_000)),
    ];

    /// <summary>Text a single-line field refuses on top.</summary>
    public static IReadOnlyList<(string Name, string Value)> LineBreaks { get; } =
    [
        ("a line feed", "a\nb"),
        ("a carriage return", "a\rb"),
        ("a tab", "a\tb"),
    ];

    /// <summary>What a required field refuses on top.</summary>
    public static IReadOnlyList<(string Name, string? Value)> Blanks { get; } =
    [
        ("empty", ""),
        ("white space only", "   "),
        ("null", null),
    ];

    private static Dictionary<string, DomainCase> Build()
    {
        var cases = new Dictionary<string, DomainCase>(StringComparer.Ordinal);

        // Every hostile text for one field of one write; `write` builds the write from the value.
        void Text(string what, string field, Func<DomainCorpusFixture, string?, Task<DomainError?>> write, bool required = true, bool multiline = false)
        {
            var values = Texts.Select(t => (t.Name, (string?)t.Value))
                .Concat(multiline ? [] : LineBreaks.Select(t => (t.Name, (string?)t.Value)))
                .Concat(required ? Blanks : []);
            foreach (var (name, value) in values)
            {
                cases.Add($"{what}: {field} {name}", new(f => write(f, value), field));
            }
        }

        void Case(string what, string field, string name, Func<DomainCorpusFixture, Task<DomainError?>> write) =>
            cases.Add($"{what}: {field} {name}", new(write, field));

        void Numbers<TValue>(string what, string field, IEnumerable<TValue> values, Func<DomainCorpusFixture, TValue, Task<DomainError?>> write)
        {
            foreach (var value in values)
            {
                Case(what, field, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null", f => write(f, value));
            }
        }

        int[] badIds = [0, -1, int.MinValue, int.MaxValue];
        const int station = TestNetwork.OpenStationId;

        // The station dialog (create and edit).
        var stationInput = new StationInput
        {
            Code = "RS-CORPUS", Name = "语料驿站", CommunityId = TestNetwork.CommunityId, Kind = StationKind.ResidentialCompound,
            FloorArea = 100, Capacity = 10, Latitude = 26.66, Longitude = 119.52,
        };
        Task<DomainError?> CreateStation(DomainCorpusFixture f, StationInput input) => Error(f.Get<StationAdminService>().CreateAsync(input));
        Task<DomainError?> EditStation(DomainCorpusFixture f, StationInput input) => Error(f.Get<StationAdminService>().UpdateAsync(TestNetwork.PlannedStationId, input));
        foreach (var (what, write) in new[] { ("station create", (Func<DomainCorpusFixture, StationInput, Task<DomainError?>>)CreateStation), ("station edit", EditStation) })
        {
            Text(what, "Code", (f, v) => write(f, stationInput with { Code = v! }));
            Text(what, "StationName", (f, v) => write(f, stationInput with { Name = v! }));
            Text(what, "HostUnit", (f, v) => write(f, stationInput with { HostUnit = v }), required: false);
        }

        foreach (var code in new[] { "rs lower", "RS--1", "-RS", "RS_1", "<SCRIPT>", "RS'1", "RS-一" })
        {
            Case("station create", "Code", $"malformed {code}", f => CreateStation(f, stationInput with { Code = code }));
        }

        Numbers("station create", "Capacity", [0, -1, int.MinValue, int.MaxValue, 2001], (f, v) => CreateStation(f, stationInput with { Capacity = v }));
        Numbers("station create", "FloorArea", [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, 0, double.MaxValue, double.Epsilon, 50_001], (f, v) => CreateStation(f, stationInput with { FloorArea = v }));
        Numbers("station create", "Latitude", [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 91, -91, 0], (f, v) => CreateStation(f, stationInput with { Latitude = v }));
        // The form marks the location as a pair: a longitude out of the city is reported on the latitude's field too.
        foreach (var value in new[] { double.NaN, double.PositiveInfinity, 181, -181, 0 })
        {
            Case("station create", "Latitude", $"(longitude) {value}", f => CreateStation(f, stationInput with { Longitude = value }));
        }

        Numbers("station create", "Kind", [(StationKind)99, (StationKind)(-1)], (f, v) => CreateStation(f, stationInput with { Kind = v }));
        Numbers("station create", "Status", [(StationStatus)99, (StationStatus)(-1)], (f, v) => CreateStation(f, stationInput with { Status = v }));
        Numbers("station create", "Facilities", [(StationFacilities)(1 << 20), (StationFacilities)(-1)], (f, v) => CreateStation(f, stationInput with { Facilities = v }));
        Case("station create", "Facilities", "(services) unknown bits", f => CreateStation(f, stationInput with { Services = (StationServices)(1 << 20) }));
        Numbers("station create", "Community", badIds, (f, v) => CreateStation(f, stationInput with { CommunityId = v }));
        Case("station create", "ClosesAt", "before opening", f => CreateStation(f, stationInput with { OpensAt = new(21, 0), ClosesAt = new(8, 0) }));
        Case("station create", "ClosesAt", "at opening", f => CreateStation(f, stationInput with { OpensAt = new(8, 0), ClosesAt = new(8, 0) }));

        // The volunteer dialog (register and edit).
        var volunteer = new VolunteerInput { Name = "王小明", Phone = "13912345678", MemberNumber = "NDDY990001", WorkUnit = "宁德市民政局", CommunityId = TestNetwork.CommunityId };
        Task<DomainError?> Register(DomainCorpusFixture f, VolunteerInput input) => Error(f.Get<VolunteerAdminService>().CreateAsync(input));
        Task<DomainError?> EditVolunteer(DomainCorpusFixture f, VolunteerInput input) => Error(f.Get<VolunteerAdminService>().UpdateAsync(TestNetwork.VolunteerC, input));
        foreach (var (what, write) in new[] { ("volunteer register", (Func<DomainCorpusFixture, VolunteerInput, Task<DomainError?>>)Register), ("volunteer edit", EditVolunteer) })
        {
            Text(what, "VolunteerName", (f, v) => write(f, volunteer with { Name = v! }));
            Text(what, "Phone", (f, v) => write(f, volunteer with { Phone = v! }));
            Text(what, "MemberNumber", (f, v) => write(f, volunteer with { MemberNumber = v! }));
            Text(what, "WorkUnit", (f, v) => write(f, volunteer with { WorkUnit = v! }));
            Text(what, "Skills", (f, v) => write(f, volunteer with { Skills = v }), required: false);
        }

        foreach (var phone in new[] { "12345", "+8713912345678", "1391234567x", "１３９１２３４５６７８", "23912345678", "139123456789", "' OR 1=1 --" })
        {
            Case("volunteer register", "Phone", $"malformed {phone}", f => Register(f, volunteer with { Phone = phone }));
        }

        foreach (var number in new[] { "NDDY-0001", "<SCRIPT>", "' OR 1=1 --", "ＮＤＤＹ１" })
        {
            Case("volunteer register", "MemberNumber", $"malformed {number}", f => Register(f, volunteer with { MemberNumber = number }));
        }

        Numbers("volunteer register", "Community", badIds, (f, v) => Register(f, volunteer with { CommunityId = v }));
        Numbers("volunteer register", "Teams", badIds, (f, v) => Register(f, volunteer with { TeamIds = [v] }));

        // The team and activity-type dialogs.
        Text("team", "TeamName", (f, v) => Error(f.Get<CatalogService>().CreateTeamAsync(new TeamInput(v!, "New team"))));
        Text("team", "NameEn", (f, v) => Error(f.Get<CatalogService>().CreateTeamAsync(new TeamInput("新队伍", v!))));
        Text("activity type", "ActivityTypeCode", (f, v) => Error(f.Get<CatalogService>().CreateActivityTypeAsync(new ActivityTypeInput(v!, "新类型", "New type"))));
        Text("activity type", "ActivityTypeName", (f, v) => Error(f.Get<CatalogService>().CreateActivityTypeAsync(new ActivityTypeInput("new-type", v!, "New type"))));
        Text("activity type", "NameEn", (f, v) => Error(f.Get<CatalogService>().CreateActivityTypeAsync(new ActivityTypeInput("new-type", "新类型", v!))));
        foreach (var code in new[] { "UP PER", "a b", "<script>", "a--b", "-a", "a_b", "讲座" })
        {
            Case("activity type", "ActivityTypeCode", $"malformed {code}", f => Error(f.Get<CatalogService>().CreateActivityTypeAsync(new ActivityTypeInput(code, "新类型", "New type"))));
        }

        // The desk: activities.
        LogActivityRequest Activity(DomainCorpusFixture f) => new(station, TestNetwork.LectureTypeId, "周末讲堂", f.Now.AddHours(-1), f.Now.AddHours(1), 10);
        Task<DomainError?> Log(DomainCorpusFixture f, Func<LogActivityRequest, LogActivityRequest> change) => Error(f.Get<ActivityService>().LogAsync(change(Activity(f))));
        Text("activity", "Title", (f, v) => Log(f, a => a with { Title = v! }));
        Text("activity", "Organiser", (f, v) => Log(f, a => a with { Organiser = v }), required: false);
        Text("activity", "Notes", (f, v) => Log(f, a => a with { Notes = v }), required: false, multiline: true);
        Numbers("activity", "Attendance", [-1, 5001, int.MinValue, int.MaxValue], (f, v) => Log(f, a => a with { Attendance = v }));
        Case("activity", "StartsAt", "DateTime.MinValue", f => Log(f, a => a with { StartsAt = DateTime.MinValue }));
        Case("activity", "StartsAt", "DateTime.MaxValue", f => Log(f, a => a with { StartsAt = DateTime.MaxValue, EndsAt = DateTime.MaxValue }));
        Case("activity", "StartsAt", "400 days ahead", f => Log(f, a => a with { StartsAt = f.Now.AddDays(400), EndsAt = f.Now.AddDays(400).AddHours(1) }));
        Case("activity", "StartsAt", "400 days ago", f => Log(f, a => a with { StartsAt = f.Now.AddDays(-400), EndsAt = f.Now.AddDays(-400).AddHours(1) }));
        Case("activity", "EndsAt", "before the start", f => Log(f, a => a with { EndsAt = a.StartsAt.AddMinutes(-1) }));
        Case("activity", "EndsAt", "at the start", f => Log(f, a => a with { EndsAt = a.StartsAt }));
        Case("activity", "EndsAt", "25 hours on", f => Log(f, a => a with { EndsAt = a.StartsAt.AddHours(25) }));
        Case("activity", "EndsAt", "DateTime.MinValue", f => Log(f, a => a with { EndsAt = DateTime.MinValue }));
        Case("activity", "EndsAt", "DateTime.MaxValue", f => Log(f, a => a with { EndsAt = DateTime.MaxValue }));
        Numbers("activity", "ActivityTypeId", badIds, (f, v) => Log(f, a => a with { ActivityTypeId = v }));
        Numbers("activity", "StationId", [.. badIds, TestNetwork.PlannedStationId], (f, v) => Log(f, a => a with { StationId = v }));
        Numbers("activity end", "Attendance", [-1, 5001, int.MinValue, int.MaxValue], (f, v) => Error(f.Get<ActivityService>().EndAsync(f.RunningActivity, v)));

        // The desk: wishes and their steps.
        PostWishRequest Wish() => new(station, WishCategory.HomeCleaning, "打扫楼道", "李阿姨", "13800000000");
        Task<DomainError?> Post(DomainCorpusFixture f, PostWishRequest request) => Error(f.Get<WishService>().PostAsync(request));
        Text("wish", "Title", (f, v) => Post(f, Wish() with { Title = v! }));
        Text("wish", "RequesterName", (f, v) => Post(f, Wish() with { RequesterName = v! }));
        Text("wish", "RequesterPhone", (f, v) => Post(f, Wish() with { RequesterPhone = v }), required: false);
        Numbers("wish", "Category", [(WishCategory)99, (WishCategory)(-1)], (f, v) => Post(f, Wish() with { Category = v }));
        Numbers("wish", "StationId", [.. badIds, TestNetwork.PlannedStationId], (f, v) => Post(f, Wish() with { StationId = v }));
        Numbers("wish claim", "VolunteerId", badIds, (f, v) => Error(f.Get<WishService>().ClaimAsync(f.PostedWish, v)));
        Text("wish fulfil", "FulfilmentNote", (f, v) => Error(f.Get<WishService>().FulfilAsync(f.ClaimedWish, v)), required: false, multiline: true);
        Text("wish cancel", "CancelReason", (f, v) => Error(f.Get<WishService>().CancelAsync(f.PostedWish, v!)), multiline: true);

        // The desk: mediation cases.
        OpenCaseRequest Dispute() => new(station, MediationCategory.PublicAffairs, 2, "邻里噪音", "陈调解");
        Task<DomainError?> Open(DomainCorpusFixture f, OpenCaseRequest request) => Error(f.Get<MediationService>().OpenAsync(request));
        Text("case", "Summary", (f, v) => Open(f, Dispute() with { Summary = v! }), multiline: true);
        Text("case", "Mediator", (f, v) => Open(f, Dispute() with { Mediator = v }), required: false);
        Numbers("case", "PartyCount", [0, 1, -1, 201, int.MinValue, int.MaxValue], (f, v) => Open(f, Dispute() with { PartyCount = v }));
        Numbers("case", "Category", [(MediationCategory)99, (MediationCategory)(-1)], (f, v) => Open(f, Dispute() with { Category = v }));
        Numbers("case", "StationId", [.. badIds, TestNetwork.PlannedStationId], (f, v) => Open(f, Dispute() with { StationId = v }));
        Text("case resolve", "Outcome", (f, v) => Error(f.Get<MediationService>().ResolveAsync(f.OpenCase, v!)), multiline: true);
        Text("case resolve", "Mediator", (f, v) => Error(f.Get<MediationService>().ResolveAsync(f.OpenCase, "已调解", v)), required: false);

        // The desk: head-count and check-in.
        Numbers("head-count set", "Count", [-1, int.MinValue, int.MaxValue, 31], (f, v) => Error(f.Get<OccupancyService>().SetAsync(station, v)));
        Numbers("head-count change", "Delta", [0, -1, int.MinValue, int.MaxValue, 31], (f, v) => Error(f.Get<OccupancyService>().ChangeAsync(station, v)));
        Numbers("head-count set", "StationId", [.. badIds, TestNetwork.PlannedStationId], (f, v) => Error(f.Get<OccupancyService>().SetAsync(v, 3)));
        Numbers("check-in", "VolunteerId", badIds, (f, v) => Error(f.Get<DutyService>().CheckInAsync(station, v)));
        Numbers("check-in", "StationId", [.. badIds, TestNetwork.PlannedStationId], (f, v) => Error(f.Get<DutyService>().CheckInAsync(v, TestNetwork.VolunteerA)));
        Numbers("check-out", "VolunteerId", [.. badIds, TestNetwork.VolunteerB], (f, v) => Error(f.Get<DutyService>().CheckOutAsync(station, v)));

        // Self check-in: the member number and the phone's last four digits.
        const string member = "NDDY000001";
        Text("self check-in", "MemberNumber", (f, v) => Error(f.Get<SelfCheckInService>().CheckInAsync(station, v, "0001")));
        foreach (var number in new[] { "NDDY-0001", "<SCRIPT>", "' OR 1=1 --", "ＮＤＤＹ１", new string('9', 21) })
        {
            Case("self check-in", "MemberNumber", $"malformed {number}", f => Error(f.Get<SelfCheckInService>().CheckInAsync(station, number, "0001")));
        }

        Text("self check-in", "PhoneLast4", (f, v) => Error(f.Get<SelfCheckInService>().CheckInAsync(station, member, v)));
        foreach (var tail in new[] { "123", "12345", "abcd", "１２３４", "12\u00003", "-123", "1 23", "1e3", "+123" })
        {
            Case("self check-in", "PhoneLast4", $"malformed {Shown(tail)}", f => Error(f.Get<SelfCheckInService>().CheckInAsync(station, member, tail)));
            Case("self check-out", "PhoneLast4", $"malformed {Shown(tail)}", f => Error(f.Get<SelfCheckInService>().CheckOutAsync(station, member, tail)));
        }

        // Admin: display tokens, their playlists, integration keys, people.
        Text("display token", "Name", (f, v) => Error(f.Get<DisplayTokenService>().CreateAsync(v, "all")));
        foreach (var scope in new[] { null, "", "everything", "district:abc", "district:-1", "district:99999", "station:99999999999", "station:<script>", "all\0", "station:1 OR 1=1", "station:0", "station:9999" })
        {
            Case("display token", "Scope", $"'{Shown(scope ?? "null")}'", f => Error(f.Get<DisplayTokenService>().CreateAsync("大屏", scope)));
        }

        var panel = DisplayPlaylist.Panels[0];
        foreach (var (name, items) in new (string, DisplayPlaylistItem[]?)[]
        {
            ("null", null),
            ("empty", []),
            ("21 panels", [.. Enumerable.Repeat(new DisplayPlaylistItem(panel, 30), DisplayPlaylist.MaxItems + 1)]),
            ("an unknown panel", [new("<script>", 30)]),
            ("a panel null", [new(null!, 30)]),
            ("a panel empty", [new("", 30)]),
            ("a panel with a NUL", [new(panel + "\0", 30)]),
            ("a dwell of 0", [new(panel, 0)]),
            ("a dwell of -1", [new(panel, -1)]),
            ("a dwell of 4", [new(panel, 4)]),
            ("a dwell of 601", [new(panel, 601)]),
            ("a dwell of Int32.MaxValue", [new(panel, int.MaxValue)]),
            ("a dwell of Int32.MinValue", [new(panel, int.MinValue)]),
        })
        {
            Case("display playlist", "Playlist", name, f => Error(f.Get<DisplayTokenService>().SetPlaylistAsync(f.DisplayToken, items)));
        }

        Text("integration key", "Name", (f, v) => Error(f.Get<IntegrationKeyService>().CreateAsync(v, ["read"], [])));
        foreach (var (name, scopes) in new (string, string[]?)[] { ("null", null), ("none", []), ("admin", ["admin"]), ("read with a NUL", ["read\0"]), ("a script tag", ["<script>"]), ("read and root", ["read", "root"]) })
        {
            Case("integration key", "Scopes", name, f => Error(f.Get<IntegrationKeyService>().CreateAsync("对接", scopes, [])));
        }

        Numbers("integration key", "Stations", badIds, (f, v) => Error(f.Get<IntegrationKeyService>().CreateAsync("对接", ["read"], [v])));

        var person = new NewPerson("corpus-user", "语料", "Corpus-Pass-2026!x", [StaffRoles.Organiser], []);
        Task<DomainError?> Hire(DomainCorpusFixture f, NewPerson p) => Error(f.Get<StaffService>().CreateAsync(p));
        Text("person", "DisplayName", (f, v) => Hire(f, person with { DisplayName = v }), required: false);
        foreach (var userName in new[] { "", "a", "<script>", "a\0b", new string('u', 10_000), "admin' --", "a\u202Eb" })
        {
            Case("person", "UserName", $"'{Shown(userName)}'", f => Hire(f, person with { UserName = userName }));
        }

        foreach (var password in new[] { "", "short", new string('x', 10_000), "aaaaaaaaaaaaaaaa", "a\0" })
        {
            Case("person", "Password", $"'{Shown(password)}'", f => Hire(f, person with { Password = password }));
        }

        foreach (var (name, roles) in new (string, string[])[] { ("none", []), ("unknown", ["God"]), ("a wall display", [StaffRoles.Display]), ("empty", [""]), ("a script tag", ["<script>"]) })
        {
            Case("person", "Roles", name, f => Hire(f, person with { Roles = roles }));
        }

        Case("person", "StationIds", "duty staff with none", f => Hire(f, person with { Roles = [StaffRoles.DutyStaff], StationIds = [] }));
        Numbers("person", "StationIds", badIds, (f, v) => Hire(f, person with { Roles = [StaffRoles.DutyStaff], StationIds = [v] }));

        // The alerts page: silences, rules, contact points.
        var group = AlertGroups.IdOf(AlertRule.WishUnclaimed, station);
        Text("alert silence", "Reason", (f, v) => Error(f.Get<AlertService>().SilenceAsync(group, f.Now.AddHours(1), v)));
        foreach (var (name, until) in new (string, Func<DomainCorpusFixture, DateTime>)[]
        {
            ("in the past", f => f.Now.AddHours(-1)), ("now", f => f.Now), ("400 days ahead", f => f.Now.AddDays(400)),
            ("DateTime.MinValue", _ => DateTime.MinValue), ("DateTime.MaxValue", _ => DateTime.MaxValue),
        })
        {
            Case("alert silence", "Until", name, f => Error(f.Get<AlertService>().SilenceAsync(group, until(f), "维修中")));
        }

        foreach (var id in new[] { "", "<script>", "wish-unclaimed-0", "wish-unclaimed--1", "wish-unclaimed-99999999999", "no-such-rule-1", "wish-unclaimed-9999", "wish-unclaimed-1\0" })
        {
            Case("alert silence", "GroupId", $"'{Shown(id)}'", f => Error(f.Get<AlertService>().SilenceAsync(id, f.Now.AddHours(1), "维修中")));
        }

        Numbers("alert rule", "Rule", [(AlertRule)99, (AlertRule)(-1)], (f, v) => Error(f.Get<AlertService>().UpdateRuleAsync(v, true, 100, 0)));
        Numbers("alert rule", "Threshold", [-1, int.MinValue, int.MaxValue], (f, v) => Error(f.Get<AlertService>().UpdateRuleAsync(AlertRule.OverCapacity, true, v, 0)));
        Numbers("alert rule", "HoldSeconds", [-1, int.MinValue, int.MaxValue], (f, v) => Error(f.Get<AlertService>().UpdateRuleAsync(AlertRule.OverCapacity, true, 100, v)));

        var contactPoint = new ContactPointInput("值班群", ContactPointKind.Webhook, "https://hooks.example/alerts");
        Task<DomainError?> Contact(DomainCorpusFixture f, ContactPointInput input) => Error(f.Get<ContactPointService>().CreateAsync(input));
        Text("contact point", "Name", (f, v) => Contact(f, contactPoint with { Name = v }));
        Text("contact point", "Url", (f, v) => Contact(f, contactPoint with { Url = v }));
        Text("contact point", "Secret", (f, v) => Contact(f, contactPoint with { Secret = v }), required: false);
        foreach (var url in new[] { "javascript:alert(1)", "file:///etc/passwd", "ftp://hooks.example/", "not a url", "http://", "//hooks.example/a", "https://", "data:text/html,<script>" })
        {
            Case("contact point", "Url", $"'{url}'", f => Contact(f, contactPoint with { Url = url }));
        }

        Numbers("contact point", "ReminderMinutes", [-1, int.MinValue, int.MaxValue], (f, v) => Contact(f, contactPoint with { ReminderMinutes = v }));
        Numbers("contact point", "Kind", [(ContactPointKind)99, (ContactPointKind)(-1)], (f, v) => Contact(f, contactPoint with { Kind = v }));
        Numbers("contact point", "Rules", [(AlertRule)99, (AlertRule)(-1)], (f, v) => Contact(f, contactPoint with { Rules = [v] }));
        Numbers("contact point", "DistrictId", badIds, (f, v) => Contact(f, contactPoint with { DistrictId = v }));

        return cases;
    }

    private static async Task<DomainError?> Error<T>(Task<Result<T>> write) => (await write).Error;

    private static string Shown(string value) =>
        value.Length > 20 ? $"{value.Length} × '{value[0]}'" : string.Concat(value.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c > 0x2000 && c < 0x2070 ? $"\\u{(int)c:X4}" : c.ToString()));
}
