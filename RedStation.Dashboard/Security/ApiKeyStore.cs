using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RedStation.Dashboard.Security;

/// <summary>An integration key as the server keeps it: the SHA-256 of the key, never the key itself.</summary>
public sealed record ApiKeyEntry(string Id, string Name, byte[] Hash, IReadOnlyList<string> Scopes, IReadOnlyList<int> Stations);

/// <summary>
/// The integration keys, from <c>Security:ApiKeys</c> for now, hashed as they are read. Keys are long random
/// secrets, so one unsalted SHA-256 is enough; every entry is compared in constant time, so the answer's
/// timing says nothing about how close a guess came.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly IReadOnlyList<ApiKeyEntry> _entries;

    public ApiKeyStore(IOptions<SecurityOptions> options)
    {
        _entries = options.Value.ApiKeys
            .Where(k => !string.IsNullOrWhiteSpace(k.Key) && !string.IsNullOrWhiteSpace(k.Name))
            .Select(k => new ApiKeyEntry(
                $"config:{k.Name}",
                k.Name,
                Hash(k.Key),
                k.Scopes.Select(s => s.Trim().ToLowerInvariant()).Distinct().ToList(),
                k.Stations.Distinct().ToList()))
            .ToList();
    }

    public ApiKeyEntry? Find(string presented)
    {
        var hash = Hash(presented);
        ApiKeyEntry? found = null;
        foreach (var entry in _entries)
        {
            // No early exit: the time taken does not depend on which entry matched.
            if (CryptographicOperations.FixedTimeEquals(entry.Hash, hash))
            {
                found = entry;
            }
        }

        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
