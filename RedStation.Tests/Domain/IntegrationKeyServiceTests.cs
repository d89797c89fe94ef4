using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class IntegrationKeyServiceTests : DomainTestBase
{
    private static readonly Actor Admin = new(ActorKind.Person, "user-1", "admin") { IsAdministrator = true };

    [Fact]
    public async Task Create_ReturnsTheKeyOnce_AndStoresOnlyItsHashAndPrefix()
    {
        CreatedIntegrationKey created;
        using (ActorContext.Begin(Admin))
        {
            created = AssertSucceeded(await Service<IntegrationKeyService>().CreateAsync(" kiosk ", ["write", "READ"], [OpenStationId]));
        }

        Assert.StartsWith("rsk_", created.Secret);
        Assert.True(created.Secret.Length >= 40, created.Secret);
        await using var db = await Database.CreateContextAsync();
        var stored = await db.IntegrationKeys.SingleAsync();
        Assert.Equal("kiosk", stored.Name);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Secret)), stored.Hash);
        Assert.Equal(created.Secret[..stored.Prefix.Length], stored.Prefix);
        Assert.True(stored.Prefix.Length < 16);
        Assert.Equal(["read", "write"], stored.Scopes);
        Assert.Equal([OpenStationId], stored.Stations);
        Assert.Equal(("admin", Database.Time.GetUtcNow().UtcDateTime), (stored.CreatedBy, stored.CreatedAt));
        Assert.True(stored.IsActive);
    }

    [Fact]
    public async Task Create_IsAudited_WithTheActor_AndNeverTheHash()
    {
        CreatedIntegrationKey created;
        using (ActorContext.Begin(Admin))
        {
            created = AssertSucceeded(await Service<IntegrationKeyService>().CreateAsync("kiosk", ["read"], []));
        }

        await using var db = await Database.CreateContextAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(IntegrationKey));
        Assert.Equal((ActorKind.Person, "user-1", AuditChange.Added), (entry.ActorKind, entry.ActorId, entry.Change));
        Assert.Contains("kiosk", entry.After);
        var hash = (await db.IntegrationKeys.SingleAsync()).Hash;
        Assert.DoesNotContain(Convert.ToBase64String(hash), entry.After);
        Assert.DoesNotContain(created.Secret, entry.After);
        Assert.Contains("\"Hash\":\"***\"", entry.After);
    }

    [Theory]
    [InlineData("", "read", ErrorCodes.TextRequired)]
    [InlineData("   ", "read", ErrorCodes.TextRequired)]
    [InlineData("kiosk", "", ErrorCodes.KeyScopesInvalid)]
    [InlineData("kiosk", "admin", ErrorCodes.KeyScopesInvalid)]
    [InlineData("kiosk", "read,delete", ErrorCodes.KeyScopesInvalid)]
    public async Task Create_WithoutANameOrValidScopes_IsRejected(string name, string scopes, string code)
    {
        var list = scopes.Split(',', StringSplitOptions.RemoveEmptyEntries);

        await AssertRejectedAsync(() => Service<IntegrationKeyService>().CreateAsync(name, list, []), code, ErrorKind.Validation);
    }

    [Fact]
    public async Task Create_WithANameTooLong_IsRejected() =>
        await AssertRejectedAsync(() => Service<IntegrationKeyService>().CreateAsync(new string('键', 65), ["read"], []), ErrorCodes.TextTooLong, ErrorKind.Validation);

    [Fact]
    public async Task Create_WithAnUnknownStation_IsRejected() =>
        await AssertRejectedAsync(() => Service<IntegrationKeyService>().CreateAsync("kiosk", ["write"], [OpenStationId, UnknownId]), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Create_WithTheNameOfAnActiveKey_IsRejected_ButTheNameOfARevokedOneIsFree()
    {
        var service = Service<IntegrationKeyService>();
        var first = AssertSucceeded(await service.CreateAsync("kiosk", ["read"], []));

        await AssertRejectedAsync(() => service.CreateAsync("KIOSK", ["read"], []), ErrorCodes.KeyNameTaken, ErrorKind.Conflict);

        AssertSucceeded(await service.RevokeAsync(first.Key.Id));
        AssertSucceeded(await service.CreateAsync("kiosk", ["read"], []));
    }

    [Fact]
    public async Task Revoke_RecordsWhoAndWhen_AndTheKeyLeavesTheActiveList()
    {
        var service = Service<IntegrationKeyService>();
        var created = AssertSucceeded(await service.CreateAsync("kiosk", ["read"], []));
        Database.Time.Advance(TimeSpan.FromMinutes(5));

        using (ActorContext.Begin(Admin))
        {
            AssertSucceeded(await service.RevokeAsync(created.Key.Id));
        }

        var key = Assert.Single(await service.ListAsync());
        Assert.Equal(("admin", Database.Time.GetUtcNow().UtcDateTime), (key.RevokedBy, key.RevokedAt));
        Assert.Empty(await service.ListActiveAsync());
        await using var db = await Database.CreateContextAsync();
        var entry = await db.AuditEntries.Where(a => a.Entity == nameof(IntegrationKey)).OrderBy(a => a.Id).LastAsync();
        Assert.Equal((AuditChange.Modified, "user-1"), (entry.Change, entry.ActorId));
        Assert.Contains("RevokedAt", entry.After);
    }

    [Fact]
    public async Task Revoke_Twice_OrAnUnknownKey_IsRejected()
    {
        var service = Service<IntegrationKeyService>();
        var created = AssertSucceeded(await service.CreateAsync("kiosk", ["read"], []));
        AssertSucceeded(await service.RevokeAsync(created.Key.Id));

        await AssertRejectedAsync(() => service.RevokeAsync(created.Key.Id), ErrorCodes.KeyAlreadyRevoked, ErrorKind.Conflict);
        await AssertRejectedAsync(() => service.RevokeAsync(UnknownId), ErrorCodes.KeyNotFound, ErrorKind.NotFound);
    }

    [Fact]
    public async Task CreateAndRevoke_RaiseALiveSettingChanged_ThatTellsEveryServersCaches()
    {
        // Built as the app builds it at start-up: a feed tells its subscribers once it holds a state.
        await Service<LiveFeed>().RebuildAsync(Service<DomainWriter>());
        var service = Service<IntegrationKeyService>();
        var changes = 0;
        using var subscription = Service<LiveFeed>().Subscribe(events => changes += events.Count(e => e is SettingChanged { Kind: SettingKind.IntegrationKey }));

        var created = AssertSucceeded(await service.CreateAsync("kiosk", ["read"], []));
        await service.CreateAsync("", ["read"], []);
        AssertSucceeded(await service.RevokeAsync(created.Key.Id));

        Assert.Equal(2, changes);
    }
}

public sealed class IntegrationKeyServiceTests_PostgreSQL : IntegrationKeyServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
