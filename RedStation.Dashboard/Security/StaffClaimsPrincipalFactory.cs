using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RedStation.Data;
using RedStation.Data.Entities;

namespace RedStation.Dashboard.Security;

/// <summary>
/// Puts the duty staff member's stations in the cookie, so that every station check is a claim lookup.
/// A change of assignment reaches the cookie at the next sign-in or security-stamp validation.
/// </summary>
public sealed class StaffClaimsPrincipalFactory(
    UserManager<StaffUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    IDbContextFactory<RedStationDbContext> contextFactory)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        await using var db = await contextFactory.CreateDbContextAsync();
        var stations = await db.StaffStations.Where(s => s.UserId == user.Id).Select(s => s.StationId).ToListAsync();
        identity.AddClaims(stations.Select(id => new Claim(SecurityClaims.Station, id.ToString(CultureInfo.InvariantCulture))));
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        }

        return identity;
    }
}
