using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RedStation.Data.Live;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Security;

/// <summary>An active display token as the server keeps it: its SHA-256, never the token.</summary>
public sealed record DisplayTokenEntry(int Id, string Name, byte[] Hash, string Scope);

/// <summary>
/// The active integration keys and display tokens of the database, in memory: every API request and every
/// display request checks against it, so it must not cost a query. A create or revoke drops the cache at once on
/// every server: the write raises a <see cref="SettingChanged"/> live event, which reaches this server's feed after the
/// commit, here or through the relay from another server. <see cref="SecurityOptions.CredentialRefresh"/> remains a
/// backstop for a server cut off from the others.
/// </summary>
public sealed class CredentialCache : IDisposable
{
    private readonly IntegrationKeyService _keys;
    private readonly DisplayTokenService _displays;
    private readonly IDisposable _subscription;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refresh;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _loaded;
    private long _version;

    public CredentialCache(IntegrationKeyService keys, DisplayTokenService displays, LiveFeed feed, TimeProvider time, IOptions<SecurityOptions> options)
    {
        _keys = keys;
        _displays = displays;
        _time = time;
        _refresh = options.Value.CredentialRefresh;
        // On the writer's (or the relay's) thread: only a counter moves.
        _subscription = feed.Subscribe(events =>
        {
            if (events.Any(e => e is SettingChanged { Kind: SettingKind.IntegrationKey or SettingKind.DisplayToken }))
            {
                Invalidate();
            }
        });
    }

    /// <summary>Drops what is cached: the next look-up reads the database again.</summary>
    public void Invalidate() => Interlocked.Increment(ref _version);

    public async ValueTask<IReadOnlyList<ApiKeyEntry>> ActiveKeysAsync(CancellationToken cancellationToken = default) =>
        (await GetAsync(cancellationToken)).Keys;

    public async ValueTask<DisplayTokenEntry?> FindDisplayAsync(string presented, CancellationToken cancellationToken = default)
    {
        var hash = CredentialSecrets.Hash(presented);
        DisplayTokenEntry? found = null;
        foreach (var entry in (await GetAsync(cancellationToken)).Displays.Values)
        {
            // No early exit: the time taken does not depend on which entry matched.
            if (CryptographicOperations.FixedTimeEquals(entry.Hash, hash))
            {
                found = entry;
            }
        }

        return found;
    }

    /// <summary>The display token with this id, when it is still active.</summary>
    public async ValueTask<DisplayTokenEntry?> ActiveDisplayAsync(int id, CancellationToken cancellationToken = default) =>
        (await GetAsync(cancellationToken)).Displays.GetValueOrDefault(id);

    public void Dispose()
    {
        _subscription.Dispose();
        _loading.Dispose();
    }

    private async ValueTask<Loaded> GetAsync(CancellationToken cancellationToken)
    {
        if (_loaded is { } current && IsFresh(current))
        {
            return current;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded is { } again && IsFresh(again))
            {
                return again;
            }

            // Read the version first: an invalidation during the load makes this result stale at once.
            var version = Interlocked.Read(ref _version);
            var at = _time.GetUtcNow();
            var keys = await _keys.ListActiveAsync(cancellationToken);
            var displays = await _displays.ListActiveAsync(cancellationToken);
            var loaded = new Loaded(
                version,
                at,
                keys.Select(k => new ApiKeyEntry(
                    $"key:{k.Id.ToString(CultureInfo.InvariantCulture)}", k.Name, k.Hash, k.Scopes, k.Stations)).ToList(),
                displays.ToDictionary(t => t.Id, t => new DisplayTokenEntry(t.Id, t.Name, t.Hash, t.Scope)));
            _loaded = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private bool IsFresh(Loaded loaded) =>
        loaded.Version == Interlocked.Read(ref _version) && _time.GetUtcNow() - loaded.At < _refresh;

    private sealed record Loaded(long Version, DateTimeOffset At, IReadOnlyList<ApiKeyEntry> Keys, IReadOnlyDictionary<int, DisplayTokenEntry> Displays);
}
