using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Features.SelfCheckIn;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Time;
using RedStation.Tests.Infrastructure;
using RedStation.Tests.Security;

namespace RedStation.Tests.Web;

/// <summary>
/// The app over the station grid with ten volunteers (member number <c>SC00000i</c>, phone <c>1390000000i</c>)
/// and one person per role that matters for posters. Stations A (3) and B (4) are open.
/// </summary>
public partial class SelfCheckInFixture : IAsyncLifetime
{
    public SelfCheckInFixture()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected SelfCheckInFixture(DatabaseProvider provider) => App = new(
        settings: new Dictionary<string, string?>
        {
            ["Security:SelfCheckIn:VolunteerFailureLimit"] = FailureLimit.ToString(CultureInfo.InvariantCulture),
            ["RedStation:PublicBaseUrl"] = PublicBaseUrl,
        },
        provider: provider);

    /// <summary>Where the posters send volunteers: never the host a request names.</summary>
    public const string PublicBaseUrl = "https://redstation.ningde.example/";

    public const int StationA = SecurityFixture.StationA;
    public const int StationB = SecurityFixture.StationB;

    /// <summary>An open station whose opening hours never include the moment the tests run.</summary>
    public const int ClosedNowStation = 9;
    public const int VolunteerCount = 10;
    public const int FailureLimit = 3;

    public RedStationAppFactory App { get; }

    public static string MemberNumber(int i) => $"SC{i:D6}";

    public static string PhoneTail(int i) => $"{i:D4}";

    public async Task InitializeAsync()
    {
        await App.InsertStationGridNetworkAsync();
        await SetOpeningHoursAsync();
        await InsertVolunteersAsync(App);
        await CreateUserAsync("organiser-1", StaffRoles.Organiser);
        await CreateUserAsync("duty-a", StaffRoles.DutyStaff, StationA);
    }

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    /// <summary>
    /// These tests run on the real clock, at any hour: every station opens all day, except
    /// <see cref="ClosedNowStation"/>, open for half an hour that is not now.
    /// </summary>
    private async Task SetOpeningHoursAsync()
    {
        var now = TimeOnly.FromDateTime(App.Services.GetRequiredService<CityClock>().LocalNow);
        var closedFrom = now.Hour >= 1 ? new TimeOnly(0, 0) : new TimeOnly(23, 0);
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        foreach (var station in await db.Stations.ToListAsync())
        {
            (station.OpensAt, station.ClosesAt) = station.Id == ClosedNowStation
                ? (closedFrom, closedFrom.AddMinutes(30))
                : (TimeOnly.MinValue, new TimeOnly(23, 59, 59));
        }

        await db.SaveChangesAsync();
    }

    public static async Task InsertVolunteersAsync(RedStationAppFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        var communityId = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        for (var i = 1; i <= VolunteerCount; i++)
        {
            db.Volunteers.Add(new Volunteer
            {
                Name = i == 1 ? "张晓明" : $"志愿者{i}",
                PinyinInitials = "ZXM",
                Phone = $"139000{i:D5}",
                MemberNumber = MemberNumber(i),
                WorkUnit = "宁德市民政局",
                CommunityId = communityId,
            });
        }

        await db.SaveChangesAsync();
    }

    public async Task CreateUserAsync(string userName, string role, params int[] stations)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = userName };
        user.Stations.AddRange(stations.Select(id => new StaffStation { UserId = user.Id, StationId = id }));
        Assert.True((await users.CreateAsync(user, SecurityFixture.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    /// <summary>A site-relative check-in path with a fresh, valid code.</summary>
    public string Link(int stationId) => "/" + App.Services.GetRequiredService<CheckInLinks>().PathFor(stationId);

    /// <summary>A new device: its own cookies, no credentials.</summary>
    public HttpClient NewDevice() => SecurityFixture.CreateClient(App.ServerAddress);

    public async Task<int> OpenSessionsAsync(string memberNumber)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        return await db.DutySessions.CountAsync(d => d.Volunteer!.MemberNumber == memberNumber && d.CheckedOutAt == null);
    }

    /// <summary>Opens the page and submits its form, antiforgery token and all, as the browser does.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string path, string memberNumber, string phoneLast4, string action = "in")
    {
        var form = await client.GetStringAsync(path);
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "The check-in page has no antiforgery token.");
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "checkin",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.MemberNumber"] = memberNumber,
            ["Input.PhoneLast4"] = phoneLast4,
            ["Input.Action"] = action,
        }));
    }

    /// <summary>The page's text as a person reads it (Blazor encodes every Chinese character).</summary>
    public static async Task<string> TextAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>The same, on PostgreSQL.</summary>
public sealed class SelfCheckInFixture_PostgreSQL() : SelfCheckInFixture(DatabaseProvider.PostgreSQL);
