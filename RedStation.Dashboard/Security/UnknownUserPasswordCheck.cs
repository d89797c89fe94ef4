using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using RedStation.Data.Entities;

namespace RedStation.Dashboard.Security;

/// <summary>
/// The password check a sign-in with an unknown user name still pays: Identity answers an unknown name at once, without
/// hashing, so the time of a wrong answer told which names exist (4–8 ms against 80–145 ms). Verifying against a hash of
/// a random password costs what a real check costs, with the same hasher and settings.
/// </summary>
internal static class UnknownUserPasswordCheck
{
    private static readonly StaffUser Nobody = new() { UserName = "nobody" };
    private static string? _hash;

    public static void Verify(IPasswordHasher<StaffUser> hasher, string password)
    {
        var hash = _hash ??= hasher.HashPassword(Nobody, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        _ = hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
