using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace RedStation.Dashboard.Security;

/// <summary>
/// Wrong passwords counted per user name and client address, and per address: after
/// <see cref="LockoutOptions.MaxFailedAccessAttempts"/> for one name from one address, that name may not sign in from that
/// address for <see cref="LockoutOptions.DefaultLockoutTimeSpan"/>; after <see cref="SecurityOptions.SignInAddressFailureLimit"/>
/// from one address, that address may not sign in at all for a while. An outsider who keeps failing for <c>admin</c>
/// locks only their own address out, never the administrator at their desk (Identity's own lockout, per account, let
/// anyone do that). Unknown names are counted like known ones, so "locked" tells nothing about which names exist.
/// In memory, per server (<see cref="FailureCounter"/>); the sign-in records each lockout that begins
/// (<see cref="RedStation.Data.Services.SignInLockoutService"/>) and an administrator may lift it (<see cref="Lift"/>).
/// </summary>
public sealed class SignInAttemptLimiter(IOptionsMonitor<IdentityOptions> identity, IOptionsMonitor<SecurityOptions> security, TimeProvider time)
{
    private readonly FailureCounter _pairs = new(time);
    private readonly FailureCounter _addresses = new(time);

    /// <summary>Whether this name may try to sign in from this address now.</summary>
    public bool IsLockedOut(string normalizedUserName, string address) =>
        _pairs.RetryAfter(Pair(normalizedUserName, address)) is not null || _addresses.RetryAfter(address) is not null;

    /// <summary>
    /// Since when this name (or, for <paramref name="normalizedUserName"/> null, the whole address) is locked out from
    /// this address; null when it is not.
    /// </summary>
    public DateTimeOffset? LockedSince(string? normalizedUserName, string address) =>
        normalizedUserName is null ? _addresses.LockedSince(address) : _pairs.LockedSince(Pair(normalizedUserName, address));

    /// <summary>Counts a wrong password; answers the lockouts it set off (of the name from the address, of the address).</summary>
    public IReadOnlyList<SignInLockoutStarted> RecordFailure(string normalizedUserName, string address)
    {
        var lockout = identity.CurrentValue.Lockout;
        var limits = security.CurrentValue;
        var started = new List<SignInLockoutStarted>(0);
        if (_pairs.RecordFailure(Pair(normalizedUserName, address), lockout.MaxFailedAccessAttempts, lockout.DefaultLockoutTimeSpan, lockout.DefaultLockoutTimeSpan) is { } pair)
        {
            started.Add(new SignInLockoutStarted(normalizedUserName, pair));
        }

        if (_addresses.RecordFailure(address, limits.SignInAddressFailureLimit, limits.SignInAddressFailureWindow, limits.SignInAddressLockout) is { } whole)
        {
            started.Add(new SignInLockoutStarted(null, whole));
        }

        return started;
    }

    /// <summary>A right password forgets the name's slips from that address (not the address's other failures).</summary>
    public void RecordSuccess(string normalizedUserName, string address) => _pairs.Forget(Pair(normalizedUserName, address));

    /// <summary>
    /// Ends a lockout on this server: of the name from the address, or (<paramref name="normalizedUserName"/> null) of
    /// the whole address. Other servers learn of the lift from its record when the name next tries.
    /// </summary>
    public void Lift(string? normalizedUserName, string address)
    {
        if (normalizedUserName is null)
        {
            _addresses.Forget(address);
        }
        else
        {
            _pairs.Forget(Pair(normalizedUserName, address));
        }
    }

    private static string Pair(string normalizedUserName, string address) => $"{address}\n{normalizedUserName}";
}

/// <summary>A lockout a wrong password set off: of a name from an address, or (<paramref name="NormalizedUserName"/> null) of the address.</summary>
public sealed record SignInLockoutStarted(string? NormalizedUserName, FailureLockout Lockout);
