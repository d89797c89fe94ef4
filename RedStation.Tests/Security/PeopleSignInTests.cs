using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Security;

/// <summary>People made and changed by <see cref="StaffService"/> against the real sign-in.</summary>
public sealed class PeopleSignInTests : IAsyncLifetime
{
    private const string Password = "people-test-password";

    // A cookie is checked against the security stamp on every request here, so that a lock shows at once.
    private readonly RedStationAppFactory _app = new(settings: new Dictionary<string, string?> { ["Security:StampValidationInterval"] = "00:00:00" });

    private StaffService Staff => _app.Services.GetRequiredService<StaffService>();

    public async Task InitializeAsync() => await _app.InsertStationGridNetworkAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task APersonCreatedHere_CanSignIn_AndOpenPages()
    {
        Assert.True((await Staff.CreateAsync(new NewPerson("new.duty", "新值班员", Password, [StaffRoles.DutyStaff], [3]))).Succeeded);

        using var client = await SignedInAsync("new.duty", Password);
        using var page = await client.GetAsync("/occupancy");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("新值班员", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ALockedPerson_CannotSignIn_AndTheirOpenSessionEndsAtTheNextRequest()
    {
        var person = (await Staff.CreateAsync(new NewPerson("soon.locked", "将停用", Password, [StaffRoles.Organiser], []))).Value!;
        using var session = await SignedInAsync("soon.locked", Password);
        using (var before = await session.GetAsync("/occupancy"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.True((await Staff.LockAsync(person.Id)).Succeeded);

        using var after = await session.GetAsync("/occupancy");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.ToString());
        using var fresh = SecurityFixture.CreateClient(_app.ServerAddress);
        using var refused = await SecurityFixture.PostSignInAsync(fresh, "soon.locked", Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        Assert.True((await Staff.UnlockAsync(person.Id)).Succeeded);
        using var again = await SignedInAsync("soon.locked", Password);
    }

    [Fact]
    public async Task AResetPassword_EndsTheOldPassword_AndTheNewOneSignsIn()
    {
        var person = (await Staff.CreateAsync(new NewPerson("forgetful", "健忘", Password, [StaffRoles.Organiser], []))).Value!;

        Assert.True((await Staff.ResetPasswordAsync(person.Id, "a-brand-new-password")).Succeeded);

        using var client = SecurityFixture.CreateClient(_app.ServerAddress);
        using var old = await SecurityFixture.PostSignInAsync(client, "forgetful", Password);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        using var _ = await SignedInAsync("forgetful", "a-brand-new-password");
    }

    private async Task<HttpClient> SignedInAsync(string userName, string password)
    {
        var client = SecurityFixture.CreateClient(_app.ServerAddress);
        using var response = await SecurityFixture.PostSignInAsync(client, userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
