using System.Security.Cryptography;
using System.Text;

namespace RedStation.Data.Services;

/// <summary>
/// Makes and hashes the secrets of integration keys and display tokens. They are 32 random bytes, so one
/// unsalted SHA-256 is enough to keep them: nobody can guess their way back from the hash.
/// </summary>
public static class CredentialSecrets
{
    public const string KeyPrefix = "rsk_";
    public const string DisplayPrefix = "rsd_";

    /// <summary>How many characters of a secret are kept to recognise it by in lists.</summary>
    public const int ShownPrefixLength = 10;

    /// <summary>A new secret: <paramref name="prefix"/> followed by 32 random bytes in base64url.</summary>
    public static string Create(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string ShownPrefix(string secret) => secret[..Math.Min(ShownPrefixLength, secret.Length)];
}
