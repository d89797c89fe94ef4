using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Security;

namespace RedStation.Dashboard.Security;

/// <summary>
/// Creates the roles, the bootstrap administrator (when no administrator exists and a password is configured:
/// there is no default password) and, in Development over the demo network, one demo account per role.
/// </summary>
public sealed class IdentitySeeder(
    UserManager<StaffUser> users,
    RoleManager<IdentityRole> roles,
    IDbContextFactory<RedStationDbContext> contextFactory,
    IOptions<SecurityOptions> options,
    IOptions<SeedOptions> seedOptions,
    IHostEnvironment environment,
    ILogger<IdentitySeeder> logger)
{
    public async Task SeedAsync()
    {
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }

        await SeedBootstrapAdminAsync(options.Value.BootstrapAdmin);
        // Demo accounts only beside the demo network, and never outside Development.
        if (environment.IsDevelopment() && seedOptions.Value.Demo)
        {
            await SeedDemoAccountsAsync(options.Value.DemoAccounts);
        }
    }

    private async Task SeedBootstrapAdminAsync(BootstrapAdminOptions admin)
    {
        if ((await users.GetUsersInRoleAsync(StaffRoles.Administrator)).Count > 0)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(admin.UserName) || string.IsNullOrWhiteSpace(admin.Password))
        {
            logger.LogWarning("No administrator exists and Security:BootstrapAdmin:Password is not set: nobody can sign in as an administrator.");
            return;
        }

        await CreateAsync(admin.UserName, admin.Password, StaffRoles.Administrator, []);
        logger.LogInformation("Created the bootstrap administrator {UserName}.", admin.UserName);
    }

    private async Task SeedDemoAccountsAsync(Dictionary<string, DemoAccountOptions> accounts)
    {
        if (accounts.Count == 0)
        {
            return;
        }

        await using var db = await contextFactory.CreateDbContextAsync();
        foreach (var (userName, account) in accounts)
        {
            if (string.IsNullOrWhiteSpace(account.Password) || !StaffRoles.All.Contains(account.Role) || await users.FindByNameAsync(userName) is not null)
            {
                continue;
            }

            var stations = account.Stations > 0
                ? await db.Stations
                    .Where(s => s.Status == StationStatus.Open && s.Kind != StationKind.SharedVenue)
                    .OrderBy(s => s.Code).Select(s => s.Id).Take(account.Stations).ToListAsync()
                : [];
            await CreateAsync(userName, account.Password, account.Role, stations);
        }
    }

    private async Task CreateAsync(string userName, string password, string role, IReadOnlyList<int> stations)
    {
        var user = new StaffUser { UserName = userName };
        foreach (var stationId in stations)
        {
            user.Stations.Add(new StaffStation { UserId = user.Id, StationId = stationId });
        }

        Check(await users.CreateAsync(user, password), userName);
        Check(await users.AddToRoleAsync(user, role), userName);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
