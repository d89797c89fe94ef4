using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Data.Services;

/// <summary>A station as a person's assignment shows it.</summary>
public sealed record StationRef(int Id, string Code, string Name);

/// <summary>One person of the people directory.</summary>
/// <param name="LockedUntil">When a lock ends: a wrong-password lockout ends after minutes, a lock set by an administrator never (<see cref="DateTimeOffset.MaxValue"/>).</param>
/// <param name="LastChangedAt">The latest audited change of the person (UTC), if any.</param>
public sealed record PersonRow(
    string Id,
    string UserName,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    IReadOnlyList<StationRef> Stations,
    DateTimeOffset? LockedUntil,
    DateTime? LastChangedAt)
{
    /// <summary>Locks that end after this are locks set by an administrator (the account is disabled), not lockouts.</summary>
    private static readonly DateTimeOffset DisabledThreshold = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public bool IsDisabled => LockedUntil is { } until && until >= DisabledThreshold;
}

public sealed record PeopleQuery
{
    /// <summary>Part of the user name or the display name.</summary>
    public string? Search { get; init; }

    /// <summary>Only people holding this role.</summary>
    public string? Role { get; init; }
}

/// <summary>Read side of the people who sign in: what the Admin people page lists.</summary>
public sealed class PeopleDirectory(IDbContextFactory<RedStationDbContext> contextFactory, CityClock clock)
{
    /// <summary>More people than a city's staff: the page lists them all, a search narrows them.</summary>
    public const int MaxRows = 2000;

    public DateTimeOffset Now => clock.TimeProvider.GetUtcNow();

    public async Task<IReadOnlyList<PersonRow>> SearchAsync(PeopleQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            var upper = term.ToUpperInvariant();
            users = users.Where(u => u.NormalizedUserName!.Contains(upper) || (u.DisplayName != null && u.DisplayName.Contains(term)));
        }

        if (!string.IsNullOrWhiteSpace(query.Role))
        {
            var normalized = query.Role.ToUpperInvariant();
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalized)));
        }

        var found = await users.OrderBy(u => u.UserName)
            .Take(MaxRows)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.LockoutEnabled, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        return await CompleteAsync(db, found.Select(u => (u.Id, u.UserName ?? string.Empty, u.DisplayName, u.LockoutEnabled ? u.LockoutEnd : null)).ToList(), cancellationToken);
    }

    public async Task<PersonRow?> FindAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.LockoutEnabled, u.LockoutEnd })
            .FirstOrDefaultAsync(cancellationToken);
        return user is null
            ? null
            : (await CompleteAsync(db, [(user.Id, user.UserName ?? string.Empty, user.DisplayName, user.LockoutEnabled ? user.LockoutEnd : null)], cancellationToken))[0];
    }

    private static async Task<IReadOnlyList<PersonRow>> CompleteAsync(
        RedStationDbContext db,
        List<(string Id, string UserName, string? DisplayName, DateTimeOffset? LockedUntil)> users,
        CancellationToken cancellationToken)
    {
        if (users.Count == 0)
        {
            return [];
        }

        var ids = users.Select(u => u.Id).ToList();
        var roles = (await db.UserRoles.AsNoTracking()
                .Where(ur => ids.Contains(ur.UserId))
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .ToListAsync(cancellationToken))
            .ToLookup(x => x.UserId, x => x.Name ?? string.Empty);
        var stations = (await db.StaffStations.AsNoTracking()
                .Where(s => ids.Contains(s.UserId))
                .Select(s => new { s.UserId, Station = new StationRef(s.StationId, s.Station!.Code, s.Station.Name) })
                .ToListAsync(cancellationToken))
            .ToLookup(x => x.UserId, x => x.Station);
        var changes = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Entity == nameof(StaffUser) && ids.Contains(a.EntityKey))
            .GroupBy(a => a.EntityKey)
            .Select(g => new { Id = g.Key, At = g.Max(a => a.At) })
            .ToDictionaryAsync(x => x.Id, x => x.At, cancellationToken);

        return users.Select(u => new PersonRow(
                u.Id,
                u.UserName,
                u.DisplayName,
                roles[u.Id].OrderBy(RoleOrder).ToList(),
                stations[u.Id].OrderBy(s => s.Code, StringComparer.Ordinal).ToList(),
                u.LockedUntil,
                changes.TryGetValue(u.Id, out var at) ? at : null))
            .ToList();
    }

    /// <summary>Roles in the order of <see cref="Security.StaffRoles.All"/>: the most powerful first.</summary>
    internal static int RoleOrder(string role)
    {
        var index = Security.StaffRoles.All.ToList().IndexOf(role);
        return index < 0 ? int.MaxValue : index;
    }
}
