using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;

namespace RedStation.Data.Services;

/// <summary>A person to create.</summary>
/// <param name="StationIds">The stations a duty staff member staffs; kept only when <paramref name="Roles"/> holds <see cref="StaffRoles.DutyStaff"/>.</param>
public sealed record NewPerson(string UserName, string? DisplayName, string Password, IReadOnlyCollection<string> Roles, IReadOnlyCollection<int> StationIds);

/// <summary>A person's new display name, roles and stations (the whole set of each, not a difference).</summary>
public sealed record PersonChange(string? DisplayName, IReadOnlyCollection<string> Roles, IReadOnlyCollection<int> StationIds);

/// <summary>
/// The one write path for people: their accounts, roles, stations, passwords and locks. It writes the Identity
/// rows itself through the <see cref="DomainWriter"/> (not through <see cref="UserManager{TUser}"/>, which saves on
/// its own), so that every change is validated against the latest state and audited in the same transaction.
/// </summary>
/// <remarks>
/// Every change that touches what a person may do (roles, stations, password, lock) gets a new security stamp: the
/// person's cookies stop being accepted at their next validation and open circuits end at their next revalidation,
/// so the person signs in again and gets claims that match. A display-name change alone keeps the sessions.
/// </remarks>
public sealed class StaffService(
    DomainWriter writer,
    IPasswordHasher<StaffUser> passwordHasher,
    ILookupNormalizer normalizer,
    IOptions<IdentityOptions> identityOptions)
{
    public const int UserNameMinLength = 3;
    public const int UserNameMaxLength = 50;
    public const int DisplayNameMaxLength = 100;

    /// <summary>Roles an administrator gives people here. <see cref="StaffRoles.Display"/> is for wall screens, which use display tokens.</summary>
    public static readonly IReadOnlyList<string> AssignableRoles = [StaffRoles.Administrator, StaffRoles.Organiser, StaffRoles.DutyStaff];

    private DomainErrors Errors => writer.Errors;

    public Task<Result<PersonRow>> CreateAsync(NewPerson person, CancellationToken cancellationToken = default) =>
        writer.WriteAsAdministratorAsync<PersonRow>(
            (scope, ct) => CreateAsync(scope, person, ct),
            cancellationToken,
            onUniqueViolation: () => Errors.Conflict(ErrorCodes.UserNameTaken, person.UserName?.Trim() ?? string.Empty) with { Field = "UserName" });

    public Task<Result<PersonRow>> UpdateAsync(string userId, PersonChange change, CancellationToken cancellationToken = default) =>
        writer.WriteAsAdministratorAsync<PersonRow>((scope, ct) => UpdateAsync(scope, userId, change, ct), cancellationToken);

    /// <summary>
    /// A new initial password that meets the sign-in's rules (<see cref="CheckPassword"/>): 16 random letters and digits
    /// (more if the rules ask) in groups of four joined by hyphens, without the look-alikes (0/O, 1/l/I). Shown once to whoever creates the account.
    /// </summary>
    public string GeneratePassword()
    {
        const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var length = Math.Max(16, identityOptions.Value.Password.RequiredLength);
        while (true)
        {
            var chars = RandomNumberGenerator.GetItems<char>(Alphabet, length);
            var password = string.Join('-', chars.Chunk(4).Select(group => new string(group)));
            if (CheckPassword(password) is null)
            {
                return password;
            }
        }
    }

    /// <summary>Creates a person inside a write already running (the people page's own, or an import's), as an administrator may.</summary>
    internal async Task<Result<PersonRow>> CreateAsync(WriteScope scope, NewPerson person, CancellationToken ct)
    {
        var db = scope.Db;
        var userName = person.UserName?.Trim() ?? string.Empty;
        if (!IsValidUserName(userName))
        {
            return Errors.Invalid(ErrorCodes.UserNameInvalid, UserNameMinLength, UserNameMaxLength) with { Field = "UserName" };
        }

        var normalizedName = normalizer.NormalizeName(userName);
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalizedName, ct))
        {
            return Errors.Conflict(ErrorCodes.UserNameTaken, userName) with { Field = "UserName" };
        }

        if (Errors.CheckText(person.DisplayName, "DisplayName", DisplayNameMaxLength) is { } nameError)
        {
            return nameError;
        }

        if (CheckPassword(person.Password) is { } passwordError)
        {
            return passwordError;
        }

        var assignment = await CheckAssignmentAsync(db, person.Roles, person.StationIds, ct);
        if (assignment.Error is { } assignmentError)
        {
            return assignmentError;
        }

        var (roles, stations) = assignment.Value!;
        var user = new StaffUser
        {
            UserName = userName,
            NormalizedUserName = normalizedName,
            DisplayName = TextPolicy.Clean(person.DisplayName),
            LockoutEnabled = identityOptions.Value.Lockout.AllowedForNewUsers,
        };
        user.PasswordHash = passwordHasher.HashPassword(user, person.Password);
        Restamp(scope, user, signInChanged: true);
        db.Users.Add(user);
        foreach (var role in roles)
        {
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        }

        foreach (var station in stations)
        {
            db.StaffStations.Add(new StaffStation { UserId = user.Id, StationId = station.Id });
        }

        return Result<PersonRow>.Ok(Row(user, roles, stations));
    }

    /// <summary>Changes a person's display name, roles and stations inside a write already running.</summary>
    internal async Task<Result<PersonRow>> UpdateAsync(WriteScope scope, string userId, PersonChange change, CancellationToken ct)
    {
        var db = scope.Db;
        if (await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) is not { } user)
        {
            return Errors.NotFound(ErrorCodes.PersonNotFound, userId);
        }

        if (Errors.CheckText(change.DisplayName, "DisplayName", DisplayNameMaxLength) is { } nameError)
        {
            return nameError;
        }

        var assignment = await CheckAssignmentAsync(db, change.Roles, change.StationIds, ct);
        if (assignment.Error is { } assignmentError)
        {
            return assignmentError;
        }

        var (roles, stations) = assignment.Value!;
        var currentRoles = await db.UserRoles.Where(ur => ur.UserId == userId).ToListAsync(ct);
        var currentStations = await db.StaffStations.Where(s => s.UserId == userId).ToListAsync(ct);
        var staysAdministrator = roles.Any(r => r.Name == StaffRoles.Administrator);
        if (!staysAdministrator && await IsLastActiveAdministratorAsync(db, user, ct))
        {
            return Errors.Conflict(ErrorCodes.LastAdministrator);
        }

        var roleIds = roles.Select(r => r.Id).ToHashSet();
        var stationIds = stations.Select(s => s.Id).ToHashSet();
        var rolesChanged = !roleIds.SetEquals(currentRoles.Select(r => r.RoleId));
        var stationsChanged = !stationIds.SetEquals(currentStations.Select(s => s.StationId));
        db.UserRoles.RemoveRange(currentRoles.Where(r => !roleIds.Contains(r.RoleId)));
        foreach (var roleId in roleIds.Except(currentRoles.Select(r => r.RoleId)))
        {
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
        }

        db.StaffStations.RemoveRange(currentStations.Where(s => !stationIds.Contains(s.StationId)));
        foreach (var stationId in stationIds.Except(currentStations.Select(s => s.StationId)))
        {
            db.StaffStations.Add(new StaffStation { UserId = userId, StationId = stationId });
        }

        var displayName = TextPolicy.Clean(change.DisplayName);
        var nameChanged = displayName != user.DisplayName;
        user.DisplayName = displayName;
        if (rolesChanged || stationsChanged || nameChanged)
        {
            Restamp(scope, user, signInChanged: rolesChanged || stationsChanged);
        }

        return Result<PersonRow>.Ok(Row(user, roles, stations));
    }

    public Task<Result<PersonRow>> ResetPasswordAsync(string userId, string password, CancellationToken cancellationToken = default) =>
        WriteUserAsync(userId, (db, user, ct) =>
        {
            if (CheckPassword(password) is { } passwordError)
            {
                return Task.FromResult<DomainError?>(passwordError);
            }

            user.PasswordHash = passwordHasher.HashPassword(user, password);
            user.AccessFailedCount = 0;
            Restamp(null, user, signInChanged: true);
            return Task.FromResult<DomainError?>(null);
        },
        cancellationToken);

    /// <summary>Disables a person: no sign-in until unlocked, and their open sessions end at the next validation.</summary>
    public Task<Result<PersonRow>> LockAsync(string userId, CancellationToken cancellationToken = default) =>
        WriteUserAsync(userId, async (db, user, ct) =>
        {
            if (user.LockoutEnabled && user.LockoutEnd == DateTimeOffset.MaxValue)
            {
                return Errors.Conflict(ErrorCodes.PersonAlreadyLocked, user.UserName ?? userId);
            }

            if (await IsLastActiveAdministratorAsync(db, user, ct))
            {
                return Errors.Conflict(ErrorCodes.LastAdministrator);
            }

            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            Restamp(null, user, signInChanged: true);
            return null;
        },
        cancellationToken);

    /// <summary>Ends a lock, whether set here or by too many wrong passwords.</summary>
    public Task<Result<PersonRow>> UnlockAsync(string userId, CancellationToken cancellationToken = default) =>
        WriteUserAsync(userId, (db, user, ct) =>
        {
            if (!IsLocked(user))
            {
                return Task.FromResult<DomainError?>(Errors.Conflict(ErrorCodes.PersonNotLocked, user.UserName ?? userId));
            }

            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            Restamp(null, user, signInChanged: true);
            return Task.FromResult<DomainError?>(null);
        },
        cancellationToken);

    /// <summary>The id of the person who signs in as <paramref name="userName"/> (compared as the sign-in compares it), or null.</summary>
    internal async Task<string?> FindUserIdAsync(RedStationDbContext db, string userName, CancellationToken ct)
    {
        var normalized = normalizer.NormalizeName(userName.Trim());
        return await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>User names sign in: ASCII letters, digits and <c>. _ - @</c>, so that they are typed the same on every keyboard.</summary>
    public static bool IsValidUserName(string userName) =>
        userName.Length is >= UserNameMinLength and <= UserNameMaxLength &&
        userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@');

    /// <summary>The sign-in's password rules (<see cref="StaffIdentityPolicy"/>), with a message per broken rule.</summary>
    public DomainError? CheckPassword(string? password)
    {
        var rules = identityOptions.Value.Password;
        password ??= string.Empty;
        if (password.Length < rules.RequiredLength)
        {
            return Errors.Invalid(ErrorCodes.PasswordTooShort, rules.RequiredLength) with { Field = "Password" };
        }

        if (password.Distinct().Count() < rules.RequiredUniqueChars)
        {
            return Errors.Invalid(ErrorCodes.PasswordTooFewUniqueChars, rules.RequiredUniqueChars) with { Field = "Password" };
        }

        if ((rules.RequireDigit && !password.Any(char.IsAsciiDigit)) ||
            (rules.RequireLowercase && !password.Any(char.IsAsciiLetterLower)) ||
            (rules.RequireUppercase && !password.Any(char.IsAsciiLetterUpper)) ||
            (rules.RequireNonAlphanumeric && password.All(char.IsAsciiLetterOrDigit)))
        {
            return Errors.Invalid(ErrorCodes.PasswordTooSimple) with { Field = "Password" };
        }

        return null;
    }

    private Task<Result<PersonRow>> WriteUserAsync(
        string userId,
        Func<RedStationDbContext, StaffUser, CancellationToken, Task<DomainError?>> change,
        CancellationToken cancellationToken) =>
        writer.WriteAsAdministratorAsync<PersonRow>(async (scope, ct) =>
        {
            var db = scope.Db;
            if (await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) is not { } user)
            {
                return Errors.NotFound(ErrorCodes.PersonNotFound, userId);
            }

            if (await change(db, user, ct) is { } error)
            {
                return error;
            }

            // Every change made here (password, lock, unlock) is a change to how the person signs in.
            scope.Raise(() => SettingChanged.Of(SettingKind.Person, 0, writer.Clock.UtcNow));

            var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r)
                .ToListAsync(ct);
            var stations = await db.StaffStations.Where(s => s.UserId == userId).Select(s => s.Station!).ToListAsync(ct);
            return Result<PersonRow>.Ok(Row(user, roles, stations));
        },
        cancellationToken);

    /// <summary>Checks roles and stations, and finds (or creates) the role rows.</summary>
    private async Task<Result<(List<IdentityRole> Roles, List<Station> Stations)>> CheckAssignmentAsync(
        RedStationDbContext db, IReadOnlyCollection<string>? roleNames, IReadOnlyCollection<int>? stationIds, CancellationToken ct)
    {
        var names = (roleNames ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return Errors.Invalid(ErrorCodes.RoleRequired) with { Field = "Roles" };
        }

        if (names.FirstOrDefault(n => !AssignableRoles.Contains(n)) is { } refused)
        {
            return StaffRoles.All.Contains(refused)
                ? Errors.Invalid(ErrorCodes.RoleNotAssignable, refused) with { Field = "Roles" }
                : Errors.Invalid(ErrorCodes.RoleUnknown, refused) with { Field = "Roles" };
        }

        var stations = new List<Station>();
        if (names.Contains(StaffRoles.DutyStaff))
        {
            var ids = (stationIds ?? []).Distinct().ToList();
            if (ids.Count == 0)
            {
                return Errors.Invalid(ErrorCodes.DutyStaffNeedsStation) with { Field = "StationIds" };
            }

            stations = await db.Stations.Where(s => ids.Contains(s.Id)).ToListAsync(ct);
            if (stations.Count != ids.Count)
            {
                return Errors.NotFound(ErrorCodes.StationNotFound, ids.First(id => stations.All(s => s.Id != id))) with { Field = "StationIds" };
            }
        }

        var normalized = names.Select(n => normalizer.NormalizeName(n)).ToList();
        var roles = await db.Roles.Where(r => normalized.Contains(r.NormalizedName!)).ToListAsync(ct);
        // Within one write (an import of several people) a role added for an earlier person is tracked, not yet saved.
        roles.AddRange(db.Roles.Local.Where(r => normalized.Contains(r.NormalizedName!) && !roles.Contains(r)).ToList());
        foreach (var name in names.Where(n => roles.All(r => r.Name != n)))
        {
            // The roles are seeded at start-up; a database without them (a fresh test database) gets them here.
            var role = new IdentityRole(name) { NormalizedName = normalizer.NormalizeName(name), ConcurrencyStamp = Guid.NewGuid().ToString() };
            db.Roles.Add(role);
            roles.Add(role);
        }

        return Result<(List<IdentityRole>, List<Station>)>.Ok((roles, stations));
    }

    /// <summary>Whether <paramref name="user"/> is now the only administrator who can sign in.</summary>
    private async Task<bool> IsLastActiveAdministratorAsync(RedStationDbContext db, StaffUser user, CancellationToken ct)
    {
        var adminRole = normalizer.NormalizeName(StaffRoles.Administrator);
        var administrators = await db.UserRoles
            .Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == adminRole))
            .Join(db.Users, ur => ur.UserId, u => u.Id, (ur, u) => new { u.Id, u.LockoutEnabled, u.LockoutEnd })
            .AsNoTracking()
            .ToListAsync(ct);
        var now = writer.Clock.TimeProvider.GetUtcNow();
        bool Active(bool enabled, DateTimeOffset? end) => !enabled || end is null || end <= now;

        return administrators.Any(a => a.Id == user.Id) && Active(user.LockoutEnabled, user.LockoutEnd) &&
            !administrators.Any(a => a.Id != user.Id && Active(a.LockoutEnabled, a.LockoutEnd));
    }

    private bool IsLocked(StaffUser user) => user.LockoutEnabled && user.LockoutEnd is { } end && end > writer.Clock.TimeProvider.GetUtcNow();

    /// <summary>
    /// A change to how the person signs in (roles, stations, password, lock) gets a new security stamp and a live
    /// <see cref="SettingChanged"/>: every server's open circuits of that person check their stamp at their next
    /// revalidation instead of within the half hour.
    /// </summary>
    /// <param name="scope">The write's scope; null inside <see cref="WriteUserAsync"/>, which raises the event itself.</param>
    private void Restamp(WriteScope? scope, StaffUser user, bool signInChanged)
    {
        if (signInChanged)
        {
            user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
            scope?.Raise(() => SettingChanged.Of(SettingKind.Person, 0, writer.Clock.UtcNow));
        }

        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    private PersonRow Row(StaffUser user, IEnumerable<IdentityRole> roles, IEnumerable<Station> stations) => new(
        user.Id,
        user.UserName ?? string.Empty,
        user.DisplayName,
        roles.Select(r => r.Name ?? string.Empty).OrderBy(PeopleDirectory.RoleOrder).ToList(),
        stations.Select(s => new StationRef(s.Id, s.Code, s.Name)).OrderBy(s => s.Code, StringComparer.Ordinal).ToList(),
        user.LockoutEnabled ? user.LockoutEnd : null,
        writer.Clock.UtcNow);
}
