using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Security;

/// <summary>The in-memory list of active keys and display tokens: at once for changes here, within the refresh for others.</summary>
public sealed class CredentialCacheTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private CredentialCache _cache = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _cache = new CredentialCache(
            _database.Get<IntegrationKeyService>(),
            _database.Get<DisplayTokenService>(),
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
    public async Task ATokenRevokedByAnotherServer_IsSeenAfterTheRefreshInterval()
    {
        var created = (await _database.Get<DisplayTokenService>().CreateAsync("hall", "all")).Value!;
        Assert.NotNull(await _cache.FindDisplayAsync(created.Secret));

        // Another server revokes it: no event reaches this one.
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
