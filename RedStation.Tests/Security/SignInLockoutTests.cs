using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Security;
using RedStation.Data.Auditing;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Security;

/// <summary>
/// Sign-in lockouts leave a durable, audited trace — for unknown names as for known ones — and an administrator's lift
/// lets the name sign in again from that address, on the server that counted the failures too.
/// </summary>
public sealed class SignInLockoutTests : IAsyncLifetime
{
    private const string Paused = "暂停";
    private static readonly Actor Admin = new(ActorKind.Person, "admin-id", "chief") { IsAdministrator = true };

    private readonly RedStationAppFactory _app = new(settings: new Dictionary<string, string?>
    {
        // Addresses come from X-Forwarded-For, as behind the city's reverse proxy.
        ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
        ["ReverseProxy:KnownProxies:1"] = "::1",
        ["Security:SignInAddressFailureLimit"] = "8",
    });

    private SignInLockoutService Lockouts => _app.Services.GetRequiredService<SignInLockoutService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task FiveWrongPasswords_ForAKnownAndAnUnknownName_RecordALockoutEach_AuditedAsTheAnonymousCallerAtThatAddress()
    {
        await FailAsync(From("10.0.0.5"), RedStationAppFactory.AdminUserName, 5);
        await FailAsync(From("10.0.0.6"), "no.such.person", 5);

        var recorded = (await Lockouts.ListRecentAsync()).OrderBy(l => l.Id).ToList();
        Assert.Equal(
            [(RedStationAppFactory.AdminUserName, "10.0.0.5", 5), ("no.such.person", "10.0.0.6", 5)],
            recorded.Select(l => (l.UserName!, l.Address, l.Failures)));
        Assert.Equal(await AdminIdAsync(), recorded[0].UserId);
        Assert.Null(recorded[1].UserId);
        Assert.All(recorded, l => Assert.Equal(TimeSpan.FromMinutes(15), l.EndsAt - l.StartedAt));
        var audit = await _app.Services.GetRequiredService<AuditLog>().SearchAsync(new AuditQuery { Entity = nameof(SignInLockout) });
        Assert.Equal(
            [(ActorKind.Anonymous, "10.0.0.6", AuditChange.Added), (ActorKind.Anonymous, "10.0.0.5", AuditChange.Added)],
            audit.Items.Select(a => (a.ActorKind, a.ActorName, a.Change)));
    }

    [Fact]
    public async Task FourWrongPasswords_RecordNothing()
    {
        await FailAsync(From("10.0.0.5"), "no.such.person", 4);

        Assert.Empty(await Lockouts.ListRecentAsync());
    }

    [Fact]
    public async Task ALiftRecordedByAnAdministrator_LetsTheNameSignInAgain_FromThatAddress()
    {
        using var outsider = From("10.0.0.5");
        await FailAsync(outsider, RedStationAppFactory.AdminUserName, 5);
        using (var paused = await SecurityFixture.PostSignInAsync(outsider, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword))
        {
            Assert.Contains(Paused, WebUtility.HtmlDecode(await paused.Content.ReadAsStringAsync()));
        }

        // Lifted through the service alone, as on another server: this server's counter still holds the lockout and
        // must read the lift from its record.
        var lockout = Assert.Single(await Lockouts.ListRecentAsync());
        using (ActorContext.Begin(Admin))
        {
            Assert.True((await Lockouts.LiftAsync(lockout.Id)).Succeeded);
        }

        Assert.True(_app.Services.GetRequiredService<SignInAttemptLimiter>().IsLockedOut(lockout.NormalizedUserName!, "10.0.0.5"));
        using var again = await SecurityFixture.PostSignInAsync(outsider, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.False(_app.Services.GetRequiredService<SignInAttemptLimiter>().IsLockedOut(lockout.NormalizedUserName!, "10.0.0.5"));
        var audit = await _app.Services.GetRequiredService<AuditLog>().SearchAsync(new AuditQuery { Entity = nameof(SignInLockout), Change = AuditChange.Modified });
        Assert.Equal((ActorKind.Person, "chief"), audit.Items.Select(a => (a.ActorKind, a.ActorName)).Single());
    }

    [Fact]
    public async Task ALockoutStartedAfterALift_IsNotEndedByThatLift()
    {
        using var outsider = From("10.0.0.5");
        await FailAsync(outsider, "no.such.person", 5);
        using (ActorContext.Begin(Admin))
        {
            Assert.True((await Lockouts.LiftAsync(Assert.Single(await Lockouts.ListRecentAsync()).Id)).Succeeded);
        }

        // The next try reads the lift; five more wrong passwords lock the name out again, and the old lift does not count.
        await FailAsync(outsider, "no.such.person", 5);
        using var sixth = await SecurityFixture.PostSignInAsync(outsider, "no.such.person", "not-the-password");

        Assert.Contains(Paused, WebUtility.HtmlDecode(await sixth.Content.ReadAsStringAsync()));
        Assert.Equal(2, (await Lockouts.ListRecentAsync()).Count);
    }

    [Fact]
    public async Task WrongPasswords_ForManyNames_RecordTheAddressLockout_AndItsLiftOpensTheAddress()
    {
        using var prober = From("203.0.113.68");
        for (var name = 0; name < 8; name++)
        {
            await FailAsync(prober, $"guess-{name}", 1);
        }

        var lockout = Assert.Single(await Lockouts.ListRecentAsync());
        Assert.Equal(((string?)null, "203.0.113.68", 8), (lockout.UserName, lockout.Address, lockout.Failures));
        using (var paused = await SecurityFixture.PostSignInAsync(prober, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword))
        {
            Assert.Contains(Paused, WebUtility.HtmlDecode(await paused.Content.ReadAsStringAsync()));
        }

        using (ActorContext.Begin(Admin))
        {
            Assert.True((await Lockouts.LiftAsync(lockout.Id)).Succeeded);
        }

        using var again = await SecurityFixture.PostSignInAsync(prober, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    private static async Task FailAsync(HttpClient client, string userName, int times)
    {
        for (var attempt = 0; attempt < times; attempt++)
        {
            using var wrong = await SecurityFixture.PostSignInAsync(client, userName, "not-the-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
    }

    private async Task<string> AdminIdAsync()
    {
        using var scope = _app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByNameAsync(RedStationAppFactory.AdminUserName))!.Id;
    }

    private HttpClient From(string address)
    {
        var client = SecurityFixture.CreateClient(_app.ServerAddress);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}
