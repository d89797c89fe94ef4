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
/// In memory, per server (<see cref="FailureCounter"/>).
/// </summary>
public sealed class SignInAttemptLimiter(IOptionsMonitor<IdentityOptions> identity, IOptionsMonitor<SecurityOptions> security, TimeProvider time)
{
    private readonly FailureCounter _pairs = new(time);
    private readonly FailureCounter _addresses = new(time);

    /// <summary>Whether this name may try to sign in from this address now.</summary>
    public bool IsLockedOut(string normalizedUserName, string address) =>
        _pairs.RetryAfter(Pair(normalizedUserName, address)) is not null || _addresses.RetryAfter(address) is not null;

    public void RecordFailure(string normalizedUserName, string address)
    {
        var lockout = identity.CurrentValue.Lockout;
        var limits = security.CurrentValue;
        _pairs.RecordFailure(Pair(normalizedUserName, address), lockout.MaxFailedAccessAttempts, lockout.DefaultLockoutTimeSpan, lockout.DefaultLockoutTimeSpan);
        _addresses.RecordFailure(address, limits.SignInAddressFailureLimit, limits.SignInAddressFailureWindow, limits.SignInAddressLockout);
    }

    /// <summary>A right password forgets the name's slips from that address (not the address's other failures).</summary>
    public void RecordSuccess(string normalizedUserName, string address) => _pairs.Forget(Pair(normalizedUserName, address));

    private static string Pair(string normalizedUserName, string address) => $"{address}\n{normalizedUserName}";
}
