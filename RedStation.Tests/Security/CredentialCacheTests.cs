using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Security;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Security;

/// <summary>The in-memory list of active keys and display tokens: at once for changes whose live event arrives, within the refresh otherwise.</summary>
public sealed class CredentialCacheTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private CredentialCache _cache = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        // The changes reach the cache through the live feed, as in the app (where it is built at start-up).
        await _database.Get<LiveFeed>().RebuildAsync(_database.Get<DomainWriter>());
        _cache = new CredentialCache(
            _database.Get<IntegrationKeyService>(),
            _database.Get<DisplayTokenService>(),
            _database.Get<LiveFeed>(),
            _database.Time,
            Options.Create(new SecurityOptions { CredentialRefresh = TimeSpan.FromSeconds(30) }));
    }

    public async Task DisposeAsync()
    {
        _cache.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AKeyCreatedOrRevokedHere_IsSeenAtOnce()
    {
        Assert.Empty(await _cache.ActiveKeysAsync());
        var created = (await _database.Get<IntegrationKeyService>().CreateAsync("kiosk", ["read"], [])).Value!;

        var entry = Assert.Single(await _cache.ActiveKeysAsync());
        Assert.Equal($"key:{created.Key.Id}", entry.Id);

        await _database.Get<IntegrationKeyService>().RevokeAsync(created.Key.Id);
        Assert.Empty(await _cache.ActiveKeysAsync());
    }

    [Fact]
    public async Task ATokenRevokedByAnotherServer_IsSeenAtOnce_WhenItsLiveEventArrives()
    {
        var created = (await _database.Get<DisplayTokenService>().CreateAsync("hall", "all")).Value!;
        Assert.NotNull(await _cache.FindDisplayAsync(created.Secret));

        // Another server revokes it and its event arrives through the relay; no time passes here.
        await using (var db = await _database.CreateContextAsync())
        {
            await db.DisplayTokens.ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, DateTime.UtcNow).SetProperty(x => x.RevokedBy, "elsewhere"));
        }

        Assert.NotNull(await _cache.ActiveDisplayAsync(created.Token.Id));
        _database.Get<LiveFeed>().PublishRemote("server-b", [SettingChanged.Of(SettingKind.DisplayToken, created.Token.Id, DateTime.UtcNow) with { Sequence = 1 }]);

        Assert.Null(await _cache.ActiveDisplayAsync(created.Token.Id));
        Assert.Null(await _cache.FindDisplayAsync(created.Secret));
    }

    [Fact]
    public async Task ATokenRevokedByAnotherServer_IsSeenAfterTheRefreshInterval()
    {
        var created = (await _database.Get<DisplayTokenService>().CreateAsync("hall", "all")).Value!;
        Assert.NotNull(await _cache.FindDisplayAsync(created.Secret));

        // Another server revokes it and its event never reaches this one (cut off from Redis): the refresh is the backstop.
        await using (var db = await _database.CreateContextAsync())
        {
            await db.DisplayTokens.ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, DateTime.UtcNow).SetProperty(x => x.RevokedBy, "elsewhere"));
        }

        _database.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(await _cache.ActiveDisplayAsync(created.Token.Id));
        _database.Time.Advance(TimeSpan.FromSeconds(21));
        Assert.Null(await _cache.ActiveDisplayAsync(created.Token.Id));
        Assert.Null(await _cache.FindDisplayAsync(created.Secret));
    }

    [Fact]
    public async Task AnUnknownToken_IsNotFound() =>
        Assert.Null(await _cache.FindDisplayAsync("rsd_unknown"));
}
