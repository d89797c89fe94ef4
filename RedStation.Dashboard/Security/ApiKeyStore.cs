using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Security;

/// <summary>An integration key as the server keeps it: the SHA-256 of the key, never the key itself.</summary>
/// <param name="Id">What the audit trail records: <c>config:{name}</c> or <c>key:{id}</c>.</param>
public sealed record ApiKeyEntry(string Id, string Name, byte[] Hash, IReadOnlyList<string> Scopes, IReadOnlyList<int> Stations);

/// <summary>
/// The integration keys: those of <c>Security:ApiKeys</c>, hashed as they are read, and the active keys created in
/// Admin (from the <see cref="CredentialCache"/>, so a look-up costs no query and a revoked key is refused at its
/// next request). Keys are long random secrets, so one unsalted SHA-256 is enough; every entry is compared in
/// constant time, so the answer's timing says nothing about how close a guess came.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly IReadOnlyList<ApiKeyEntry> _configured;
    private readonly CredentialCache _cache;

    public ApiKeyStore(IOptions<SecurityOptions> options, CredentialCache cache)
    {
        _cache = cache;
        _configured = options.Value.ApiKeys
            .Where(k => !string.IsNullOrWhiteSpace(k.Key) && !string.IsNullOrWhiteSpace(k.Name))
            .Select(k => new ApiKeyEntry(
                $"config:{k.Name}",
                k.Name,
                CredentialSecrets.Hash(k.Key),
                k.Scopes.Select(s => s.Trim().ToLowerInvariant()).Distinct().ToList(),
                k.Stations.Distinct().ToList()))
            .ToList();
    }

    public async ValueTask<ApiKeyEntry?> FindAsync(string presented, CancellationToken cancellationToken = default)
    {
        var hash = CredentialSecrets.Hash(presented);
        var stored = await _cache.ActiveKeysAsync(cancellationToken);
        ApiKeyEntry? found = null;
        foreach (var entry in _configured.Concat(stored))
        {
            // No early exit: the time taken does not depend on which entry matched.
            if (CryptographicOperations.FixedTimeEquals(entry.Hash, hash))
            {
                found = entry;
            }
        }

        return found;
    }
}
