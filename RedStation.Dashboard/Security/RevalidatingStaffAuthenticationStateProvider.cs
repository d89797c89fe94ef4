using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RedStation.Data.Entities;

namespace RedStation.Dashboard.Security;

/// <summary>
/// A circuit outlives the request that opened it, so its principal is checked again while it stays open:
/// a wall display every <see cref="SecurityOptions.DisplayRevalidation"/> against the cached active tokens (so a
/// revoked token's open screen loses access within seconds); a person every 30 minutes (still there, same
/// security stamp), so that a deleted or reset account does not keep a screen open for days.
/// </summary>
public sealed class RevalidatingStaffAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> options,
    IOptions<SecurityOptions> securityOptions,
    CredentialCache credentials,
    TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private static readonly TimeSpan PersonInterval = TimeSpan.FromMinutes(30);
    private DateTimeOffset _personCheckedAt = time.GetUtcNow();

    /// <summary>The display's interval; a person's check skips the ticks until 30 minutes have passed.</summary>
    protected override TimeSpan RevalidationInterval => securityOptions.Value.DisplayRevalidation;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (principal.Identity?.AuthenticationType == SecurityClaims.DisplayScheme)
        {
            return await DisplaySignIn.IsActiveAsync(credentials, principal, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (now - _personCheckedAt < PersonInterval)
        {
            return true;
        }

        _personCheckedAt = now;
        await using var scope = scopeFactory.CreateAsyncScope();
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

        return principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
