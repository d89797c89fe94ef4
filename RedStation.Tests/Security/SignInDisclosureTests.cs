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

    public SignInDisclosureTests() =>
        _app = new RedStationAppFactory(services: services => services.AddSingleton<IPasswordHasher<StaffUser>>(_hasher));

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
