using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Security;

namespace RedStation.Data.Services;

/// <summary>
/// What a network holds of each thing a city brings in before its first day: the counts the setup page shows, each
/// step done once it holds one (<see cref="SetupDirectory"/>). Units (驻区单位) and the venues they open are counted
/// too; a network runs without them.
/// </summary>
public sealed record NetworkSetup(
    int Districts,
    int Communities,
    int RedStations,
    int Venues,
    int ActivityTypes,
    int Volunteers,
    int Teams,
    int Organisers,
    int DutyStaff,
    int DisplayTokens,
    int Units = 0,
    int UnitVenues = 0)
{
    /// <summary>Stations of either kind: a network without any has nothing to show on any screen yet.</summary>
    public bool HasStations => RedStations + Venues > 0;

    /// <summary>The steps a network cannot run without are done (teams and wall displays are optional).</summary>
    public bool IsReady => Districts > 0 && Communities > 0 && HasStations && ActivityTypes > 0 && Volunteers > 0 && DutyStaff > 0;
}

/// <summary>Read side of the setup page: counts straight from the database, never from the live feed.</summary>
public sealed class SetupDirectory(IDbContextFactory<RedStationDbContext> contextFactory)
{
    public async Task<NetworkSetup> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stationKinds = await db.Stations.AsNoTracking()
            .GroupBy(s => s.Kind == StationKind.SharedVenue)
            .Select(g => new { Venue = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var roles = await db.UserRoles.AsNoTracking()
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name)
            .GroupBy(name => name)
            .Select(g => new { Role = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        return new NetworkSetup(
            Districts: await db.Districts.CountAsync(cancellationToken),
            Communities: await db.Communities.CountAsync(cancellationToken),
            RedStations: stationKinds.Where(k => !k.Venue).Sum(k => k.Count),
            Venues: stationKinds.Where(k => k.Venue).Sum(k => k.Count),
            ActivityTypes: await db.ActivityTypes.CountAsync(cancellationToken),
            Volunteers: await db.Volunteers.CountAsync(cancellationToken),
            Teams: await db.Teams.CountAsync(cancellationToken),
            Organisers: roles.Where(r => r.Role == StaffRoles.Organiser).Sum(r => r.Count),
            DutyStaff: roles.Where(r => r.Role == StaffRoles.DutyStaff).Sum(r => r.Count),
            DisplayTokens: await db.DisplayTokens.CountAsync(t => t.RevokedAt == null, cancellationToken),
            Units: await db.Units.CountAsync(cancellationToken),
            UnitVenues: await db.Stations.CountAsync(s => s.UnitId != null, cancellationToken));
    }
}
