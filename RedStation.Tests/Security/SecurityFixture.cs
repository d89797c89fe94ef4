using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Security;

/// <summary>
/// The app over the known station grid, with one person per role and one key per kind. Station A (grid
/// number 3) and station B (number 4) are both open: duty staff and the station-limited write key belong to A.
/// On SQLite; <see cref="SecurityFixture_PostgreSQL"/> is the same on PostgreSQL.
/// </summary>
public partial class SecurityFixture : IAsyncLifetime
{
    public const int StationA = 3;
    public const int StationB = 4;

    public const string ReadKey = "test-only-reader-key-a81c";
    public const string WriteKeyA = "test-only-writer-key-station-a-93be";
    public const string Password = "test-only-password-2020";

    public SecurityFixture()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected SecurityFixture(DatabaseProvider provider) => App = new(provider: provider, settings: new Dictionary<string, string?>
    {
        ["Security:ApiKeys:1:Name"] = "reader",
        ["Security:ApiKeys:1:Key"] = ReadKey,
        ["Security:ApiKeys:1:Scopes:0"] = "read",
        ["Security:ApiKeys:2:Name"] = "writer-a",
        ["Security:ApiKeys:2:Key"] = WriteKeyA,
        ["Security:ApiKeys:2:Scopes:0"] = "read",
        ["Security:ApiKeys:2:Scopes:1"] = "write",
        ["Security:ApiKeys:2:Stations:0"] = StationA.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public RedStationAppFactory App { get; }

    public async Task InitializeAsync()
    {
        await App.InsertStationGridNetworkAsync();
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        var open = await db.Stations.Where(s => s.Id == StationA || s.Id == StationB).Select(s => s.Status).ToListAsync();
        Assert.Equal([StationStatus.Open, StationStatus.Open], open);

        await CreateUserAsync("organiser-1", StaffRoles.Organiser);
        await CreateUserAsync("duty-a", StaffRoles.DutyStaff, StationA);
        await CreateUserAsync("lock-me", StaffRoles.Organiser);

        DistrictOfA = await db.Stations.Where(s => s.Id == StationA).Select(s => s.Community!.DistrictId).SingleAsync();
        DistrictOfB = await db.Stations.Where(s => s.Id == StationB).Select(s => s.Community!.DistrictId).SingleAsync();
        Assert.NotEqual(DistrictOfA, DistrictOfB);
        await CreateStoredCredentialsAsync();
    }

    /// <summary>A key created in Admin: read, and write at station A only.</summary>
    public string DbKeyA { get; private set; } = "";

    /// <summary>A key created in Admin, used once (so that it is cached) and then revoked.</summary>
    public string RevokedDbKey { get; private set; } = "";

    public int DistrictOfA { get; private set; }

    public int DistrictOfB { get; private set; }

    /// <summary>The display cookie of a token limited to station A's district.</summary>
    public Cookie DisplayCookie { get; private set; } = null!;

    /// <summary>The display cookie of a token that was revoked after its screen had signed in and opened a page.</summary>
    public Cookie RevokedDisplayCookie { get; private set; } = null!;

    /// <summary>Opens a display link as a screen would: the answer sets the display cookie and sends the screen to its wall.</summary>
    public async Task<Cookie> ConnectDisplayAsync(string token)
    {
        var cookies = new CookieContainer();
        using var client = Client(cookies: cookies);
        using var response = await client.GetAsync($"/display/connect?token={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var landing = response.Headers.Location?.ToString();
        Assert.StartsWith("/display", landing);
        using var page = await client.GetAsync(landing);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return Assert.Single(cookies.GetCookies(App.ServerAddress).Cast<Cookie>(), c => c.Name == "RedStation.Display");
    }

    private async Task CreateStoredCredentialsAsync()
    {
        var keys = App.Services.GetRequiredService<IntegrationKeyService>();
        DbKeyA = Succeeded(await keys.CreateAsync("db-writer-a", ["read", "write"], [StationA])).Secret;
        var revoked = Succeeded(await keys.CreateAsync("db-revoked", ["read", "write"], []));
        using (var client = Client(revoked.Secret))
        {
            using var response = await client.GetAsync("/api/v1/stations");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Succeeded(await keys.RevokeAsync(revoked.Key.Id));
        RevokedDbKey = revoked.Secret;

        var displays = App.Services.GetRequiredService<DisplayTokenService>();
        var display = Succeeded(await displays.CreateAsync("hall-a", $"district:{DistrictOfA}"));
        DisplayCookie = await ConnectDisplayAsync(display.Secret);
        var revokedDisplay = Succeeded(await displays.CreateAsync("hall-revoked", "all"));
        RevokedDisplayCookie = await ConnectDisplayAsync(revokedDisplay.Secret);
        Succeeded(await displays.RevokeAsync(revokedDisplay.Token.Id));
    }

    private static T Succeeded<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    public async Task CreateUserAsync(string userName, string role, params int[] stations)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = userName };
        user.Stations.AddRange(stations.Select(id => new StaffStation { UserId = user.Id, StationId = id }));
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    /// <summary>A client with the given key (or none) and its own cookies, not following redirects.</summary>
    public HttpClient Client(string? apiKey = null, CookieContainer? cookies = null) => CreateClient(App.ServerAddress, apiKey, cookies);

    public static HttpClient CreateClient(Uri server, string? apiKey = null, CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = server,
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>Signs in through the real sign-in form (antiforgery token and all); the cookies end up in <paramref name="cookies"/>.</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName, CookieContainer? cookies = null, string password = Password)
    {
        var client = Client(cookies: cookies);
        using var response = await PostSignInAsync(client, userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>The same, on PostgreSQL.</summary>
public sealed class SecurityFixture_PostgreSQL() : SecurityFixture(DatabaseProvider.PostgreSQL);
