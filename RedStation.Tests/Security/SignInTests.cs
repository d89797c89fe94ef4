using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Security;

public sealed class SignInTests(SecurityFixture fixture) : IClassFixture<SecurityFixture>
{
    [Fact]
    public async Task SignIn_WithTheRightPassword_RedirectsToTheReturnAddress_AndSignOutEndsTheSession()
    {
        using var client = fixture.Client();
        var form = await client.GetStringAsync("/account/login");
        Assert.Contains("__RequestVerificationToken", form);

        using var signedIn = await SecurityFixture.PostSignInAsync(client, "organiser-1", SecurityFixture.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var page = await client.GetAsync("/occupancy");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("organiser-1", await page.Content.ReadAsStringAsync());

        var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signedOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["returnUrl"] = string.Empty,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        using var after = await client.GetAsync("/occupancy");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = fixture.Client();

        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.UserName"] = "organiser-1",
            ["Input.Password"] = SecurityFixture.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheNameOutFromThatAddress_SoThatEvenTheRightPasswordIsRefused_ButNotTheAccount()
    {
        using var client = fixture.Client();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await SecurityFixture.PostSignInAsync(client, "lock-me", "not-the-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await SecurityFixture.PostSignInAsync(client, "lock-me", SecurityFixture.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("暂停", System.Net.WebUtility.HtmlDecode(await right.Content.ReadAsStringAsync()));
        // The account itself is not locked: an outsider's wrong passwords cannot keep its owner out from elsewhere.
        using var scope = fixture.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = (await users.FindByNameAsync("lock-me"))!;
        Assert.False(await users.IsLockedOutAsync(user));
    }

    [Fact]
    public async Task SignInAttempts_BeyondTheLimit_Answer429WithRetryAfter()
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?> { ["Security:SignInPermitLimit"] = "3" });
        using var client = SecurityFixture.CreateClient(app.ServerAddress);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var allowed = await SecurityFixture.PostSignInAsync(client, "nobody", "not-the-password");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await SecurityFixture.PostSignInAsync(client, "nobody", "not-the-password");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // Showing the form is not an attempt.
        using var form = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task SignedInCookie_StillWorks_AfterTheAppRestarts()
    {
        var folder = Path.Combine(Path.GetTempPath(), "redstation-app-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string cookieHeader;
            await using (var first = new RedStationAppFactory(folder: folder))
            {
                var cookies = new CookieContainer();
                using var client = SecurityFixture.CreateClient(first.ServerAddress, cookies: cookies);
                using var signedIn = await SecurityFixture.PostSignInAsync(client, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
                cookieHeader = cookies.GetCookieHeader(first.ServerAddress);
            }

            await using var second = new RedStationAppFactory(folder: folder);
            using var again = SecurityFixture.CreateClient(second.ServerAddress);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/stations");
            request.Headers.Add("Cookie", cookieHeader);

            using var response = await again.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void StationAccess_IsTheOneDecision_ForPeopleAndKeys()
    {
        var duty = Principal("Identity.Application", [new(System.Security.Claims.ClaimTypes.Role, StaffRoles.DutyStaff), new(Dashboard.Security.SecurityClaims.Station, "7")]);
        var organiser = Principal("Identity.Application", [new(System.Security.Claims.ClaimTypes.Role, StaffRoles.Organiser)]);
        var writeKey = Principal(Dashboard.Security.SecurityClaims.ApiKeyScheme, [new(Dashboard.Security.SecurityClaims.Scope, "write")]);

        Assert.True(Dashboard.Security.StationAccess.CanWriteAt(duty, 7));
        Assert.False(Dashboard.Security.StationAccess.CanWriteAt(duty, 8));
        Assert.False(Dashboard.Security.StationAccess.CanWriteAt(organiser, 7));
        Assert.True(Dashboard.Security.StationAccess.CanRead(organiser));
        Assert.True(Dashboard.Security.StationAccess.CanWriteAt(writeKey, 8));
        Assert.False(Dashboard.Security.StationAccess.CanRead(writeKey));
    }

    private static System.Security.Claims.ClaimsPrincipal Principal(string authenticationType, System.Security.Claims.Claim[] claims) =>
        new(new System.Security.Claims.ClaimsIdentity(claims, authenticationType));
}
