using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data.Entities;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Security;

/// <summary>Sign-in must not tell which user names exist: an unknown name costs the same password check as a known one.</summary>
public sealed class SignInDisclosureTests : IAsyncLifetime
{
    private readonly CountingPasswordHasher _hasher = new();
    private readonly RedStationAppFactory _app;

    public SignInDisclosureTests() => _app = new RedStationAppFactory(
        settings: new Dictionary<string, string?>
        {
            // Addresses come from X-Forwarded-For, as behind the city's reverse proxy.
            ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
            ["ReverseProxy:KnownProxies:1"] = "::1",
            ["Security:SignInAddressFailureLimit"] = "8",
        },
        services: services => services.AddSingleton<IPasswordHasher<StaffUser>>(_hasher));

    private const string Paused = "暂停";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AWrongPassword_ForAnUnknownName_VerifiesAPasswordHash_AsForAKnownName()
    {
        using var client = SecurityFixture.CreateClient(_app.ServerAddress);

        var before = _hasher.Verifications;
        using var known = await SecurityFixture.PostSignInAsync(client, RedStationAppFactory.AdminUserName, "not-the-password");
        var forKnown = _hasher.Verifications - before;
        using var unknown = await SecurityFixture.PostSignInAsync(client, "nobody-by-this-name", "not-the-password");
        var forUnknown = _hasher.Verifications - before - forKnown;

        Assert.Equal(1, forKnown);
        Assert.Equal(forKnown, forUnknown);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        const string Failed = "用户名或密码不正确";
        Assert.Contains(Failed, WebUtility.HtmlDecode(await known.Content.ReadAsStringAsync()));
        Assert.Contains(Failed, WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task FiveWrongPasswords_ForTheAdministrator_FromOneAddress_DoNotKeepThemOutFromAnother()
    {
        using var outsider = From("203.0.113.66");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await SecurityFixture.PostSignInAsync(outsider, RedStationAppFactory.AdminUserName, "not-the-password");
        }

        using var outsiderRight = await SecurityFixture.PostSignInAsync(outsider, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
        using var atTheirDesk = await SecurityFixture.PostSignInAsync(From("198.51.100.7"), RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);

        Assert.Contains(Paused, WebUtility.HtmlDecode(await outsiderRight.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, atTheirDesk.StatusCode);
    }

    [Fact]
    public async Task FiveWrongPasswords_ForAnUnknownName_ShowTheSamePause_AsForAKnownOne()
    {
        using var client = From("203.0.113.67");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await SecurityFixture.PostSignInAsync(client, "nobody-by-this-name", "not-the-password");
        }

        using var sixth = await SecurityFixture.PostSignInAsync(client, "nobody-by-this-name", "not-the-password");

        Assert.Contains(Paused, WebUtility.HtmlDecode(await sixth.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task WrongPasswords_ForManyNames_FromOneAddress_PauseThatAddress_AndNoOther()
    {
        using var prober = From("203.0.113.68");
        for (var name = 0; name < 8; name++)
        {
            using var wrong = await SecurityFixture.PostSignInAsync(prober, $"guess-{name}", "not-the-password");
        }

        using var proberRight = await SecurityFixture.PostSignInAsync(prober, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
        using var elsewhere = await SecurityFixture.PostSignInAsync(From("198.51.100.8"), RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);

        Assert.Contains(Paused, WebUtility.HtmlDecode(await proberRight.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
    }

    private HttpClient From(string address)
    {
        var client = SecurityFixture.CreateClient(_app.ServerAddress);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    /// <summary>The real hasher, counting its verifications.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<StaffUser>
    {
        private readonly PasswordHasher<StaffUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(StaffUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
