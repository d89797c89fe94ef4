using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Security;

/// <summary>
/// A circuit outlives the request that opened it, so its principal is checked again while it stays open:
/// a wall display every <see cref="SecurityOptions.DisplayRevalidation"/> against the cached active tokens (so a
/// revoked token's open screen loses access within seconds); a person every 30 minutes (still there, same
/// security stamp), so that a deleted or reset account does not keep a screen open for days — and at the next tick after
/// any person's sign-in changed on any server (a <see cref="SettingChanged"/> of kind <see cref="SettingKind.Person"/>
/// on the live feed), so that a removed role or station closes the screens that relied on it within seconds.
/// </summary>
public sealed class RevalidatingStaffAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly TimeSpan PersonInterval = TimeSpan.FromMinutes(30);
    private readonly IServiceScopeFactory _scopeFactory;
    private readonly IOptions<IdentityOptions> _options;
    private readonly IOptions<SecurityOptions> _securityOptions;
    private readonly CredentialCache _credentials;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;
    private DateTimeOffset _personCheckedAt;

    public RevalidatingStaffAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IOptions<SecurityOptions> securityOptions,
        CredentialCache credentials,
        LiveFeed feed,
        TimeProvider time)
        : base(loggerFactory)
    {
        (_scopeFactory, _options, _securityOptions, _credentials, _time) = (scopeFactory, options, securityOptions, credentials, time);
        _personCheckedAt = time.GetUtcNow();
        _subscription = feed.Subscribe(events =>
        {
            if (events.Any(e => e is SettingChanged { Kind: SettingKind.Person }))
            {
                // On the writer's (or the relay's) thread: only a field moves; the check itself runs at the next tick.
                _personCheckedAt = DateTimeOffset.MinValue;
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        _subscription.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>The display's interval; a person's check skips the ticks until 30 minutes have passed.</summary>
    protected override TimeSpan RevalidationInterval => _securityOptions.Value.DisplayRevalidation;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (principal.Identity?.AuthenticationType == SecurityClaims.DisplayScheme)
        {
            return await DisplaySignIn.IsActiveAsync(_credentials, principal, cancellationToken);
        }

        var now = _time.GetUtcNow();
        if (now - _personCheckedAt < PersonInterval)
        {
            return true;
        }

        _personCheckedAt = now;
        await using var scope = _scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        return await IsValidAsync(users, principal);
    }

    private async Task<bool> IsValidAsync(UserManager<StaffUser> users, ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        return principal.FindFirstValue(_options.Value.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
