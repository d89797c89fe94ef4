using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

public sealed record TeamRow(int Id, string Name, string NameEn, int MemberCount) : IBilingualName;

public sealed record TeamInput(string Name, string NameEn);

public sealed record ActivityTypeRow(int Id, string Code, string Name, string NameEn, bool IsActive, int ActivityCount) : IBilingualName;

public sealed record ActivityTypeInput(string Code, string Name, string NameEn, bool IsActive = true);

/// <summary>
/// The network's catalogues (Management): volunteer teams and their members, and the activity types duty staff
/// log. A changed activity type is told to the live screens, which name today's activities by type.
/// </summary>
public sealed partial class CatalogService(DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory, VolunteerAdminService volunteers)
{
    private DomainErrors Errors => writer.Errors;

    public async Task<IReadOnlyList<TeamRow>> GetTeamsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Teams.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new TeamRow(t.Id, t.Name, t.NameEn, t.Members.Count))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ActivityTypeRow>> GetActivityTypesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ActivityTypes.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new ActivityTypeRow(t.Id, t.Code, t.Name, t.NameEn, t.IsActive, db.Activities.Count(a => a.ActivityTypeId == t.Id)))
            .ToListAsync(cancellationToken);
    }

    public Task<Result<Team>> CreateTeamAsync(TeamInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Team>(async (scope, ct) =>
        {
            var (name, nameEn) = (TextPolicy.Clean(input.Name), TextPolicy.Clean(input.NameEn));
            if (await CheckTeamAsync(scope.Db, name, nameEn, teamId: null, ct) is { } invalid)
            {
                return invalid;
            }

            var team = new Team { Name = name, NameEn = nameEn };
            scope.Db.Teams.Add(team);
            RaiseCatalog(scope, CatalogKind.Team, () => (team.Id, team.Name, team.NameEn));
            return Result<Team>.Ok(team);
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.TeamNameTaken, input.Name.Trim()) with { Field = "TeamName" });

    public Task<Result<Team>> UpdateTeamAsync(int teamId, TeamInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Team>(async (scope, ct) =>
        {
            var (name, nameEn) = (TextPolicy.Clean(input.Name), TextPolicy.Clean(input.NameEn));
            var team = await scope.Db.Teams.FirstOrDefaultAsync(t => t.Id == teamId, ct);
            if (team is null)
            {
                return Errors.NotFound(ErrorCodes.TeamNotFound, teamId);
            }

            if (await CheckTeamAsync(scope.Db, name, nameEn, teamId, ct) is { } invalid)
            {
                return invalid;
            }

            (team.Name, team.NameEn) = (name, nameEn);
            RaiseCatalog(scope, CatalogKind.Team, () => (team.Id, team.Name, team.NameEn));
            return Result<Team>.Ok(team);
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.TeamNameTaken, input.Name.Trim()) with { Field = "TeamName" });

    /// <summary>Adds (or, with <paramref name="member"/> false, removes) a volunteer to a team; a no-op when it already is so.</summary>
    public Task<Result<bool>> SetMemberAsync(int teamId, int volunteerId, bool member, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<bool>(async (scope, ct) =>
        {
            var team = await scope.Db.Teams.FirstOrDefaultAsync(t => t.Id == teamId, ct);
            if (team is null)
            {
                return Errors.NotFound(ErrorCodes.TeamNotFound, teamId);
            }

            var volunteer = await scope.Db.Volunteers.Include(v => v.Teams.Where(t => t.Id == teamId)).FirstOrDefaultAsync(v => v.Id == volunteerId, ct);
            if (volunteer is null)
            {
                return Errors.NotFound(ErrorCodes.VolunteerNotFound, volunteerId);
            }

            var isMember = volunteer.Teams.Count > 0;
            if (member && !isMember)
            {
                volunteer.Teams.Add(team);
            }
            else if (!member && isMember)
            {
                volunteer.Teams.Clear();
            }

            return Result<bool>.Ok(member != isMember);
        },
        cancellationToken);

    public async Task<PagedResult<VolunteerAdminRow>> GetMembersAsync(int teamId, string? search, int page, int pageSize, CancellationToken cancellationToken = default) =>
        await volunteers.SearchAsync(
            new VolunteerQuery { TeamId = teamId, Search = search, SortBy = VolunteerSort.Name, Page = page, PageSize = pageSize }, cancellationToken);

    public Task<Result<ActivityType>> CreateActivityTypeAsync(ActivityTypeInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<ActivityType>(async (scope, ct) =>
        {
            var normalized = Normalize(input);
            if (await CheckActivityTypeAsync(scope.Db, normalized, typeId: null, ct) is { } invalid)
            {
                return invalid;
            }

            var type = new ActivityType { Code = normalized.Code, Name = normalized.Name, NameEn = normalized.NameEn, IsActive = normalized.IsActive };
            scope.Db.ActivityTypes.Add(type);
            RaiseCatalog(scope, CatalogKind.ActivityType, () => (type.Id, type.Name, type.NameEn));
            return Result<ActivityType>.Ok(type);
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.ActivityTypeCodeTaken, input.Code.Trim().ToLowerInvariant()) with { Field = "ActivityTypeCode" });

    public Task<Result<ActivityType>> UpdateActivityTypeAsync(int typeId, ActivityTypeInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<ActivityType>(async (scope, ct) =>
        {
            var normalized = Normalize(input);
            var type = await scope.Db.ActivityTypes.FirstOrDefaultAsync(t => t.Id == typeId, ct);
            if (type is null)
            {
                return Errors.NotFound(ErrorCodes.ActivityTypeNotFound, typeId);
            }

            if (await CheckActivityTypeAsync(scope.Db, normalized, typeId, ct) is { } invalid)
            {
                return invalid;
            }

            (type.Code, type.Name, type.NameEn, type.IsActive) = (normalized.Code, normalized.Name, normalized.NameEn, normalized.IsActive);
            RaiseCatalog(scope, CatalogKind.ActivityType, () => (type.Id, type.Name, type.NameEn));
            return Result<ActivityType>.Ok(type);
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.ActivityTypeCodeTaken, input.Code.Trim().ToLowerInvariant()) with { Field = "ActivityTypeCode" });

    private static ActivityTypeInput Normalize(ActivityTypeInput input) => input with
    {
        Code = input.Code?.Trim().ToLowerInvariant() ?? string.Empty,
        Name = TextPolicy.Clean(input.Name),
        NameEn = TextPolicy.Clean(input.NameEn),
    };

    private async Task<DomainError?> CheckTeamAsync(RedStationDbContext db, string name, string nameEn, int? teamId, CancellationToken ct)
    {
        if ((Errors.CheckText(name, "TeamName", TextLimits.Name) ?? Errors.CheckText(nameEn, "NameEn", TextLimits.Name)) is { } invalid)
        {
            return invalid;
        }

        return await db.Teams.AnyAsync(t => t.Name == name && t.Id != teamId, ct) ? Errors.Conflict(ErrorCodes.TeamNameTaken, name) with { Field = "TeamName" } : null;
    }

    private async Task<DomainError?> CheckActivityTypeAsync(RedStationDbContext db, ActivityTypeInput input, int? typeId, CancellationToken ct)
    {
        const int maxCode = TextLimits.Code * 2;
        if (Errors.CheckText(input.Code, "ActivityTypeCode", maxCode) is { } code)
        {
            return code;
        }

        if (!CodePattern().IsMatch(input.Code))
        {
            return Errors.Invalid(ErrorCodes.ActivityTypeCodeInvalid, maxCode) with { Field = "ActivityTypeCode" };
        }

        if ((Errors.CheckText(input.Name, "ActivityTypeName", TextLimits.Name) ?? Errors.CheckText(input.NameEn, "NameEn", TextLimits.Name)) is { } invalid)
        {
            return invalid;
        }

        return await db.ActivityTypes.AnyAsync(t => t.Code == input.Code && t.Id != typeId, ct)
            ? Errors.Conflict(ErrorCodes.ActivityTypeCodeTaken, input.Code) with { Field = "ActivityTypeCode" }
            : null;
    }

    private void RaiseCatalog(WriteScope scope, CatalogKind kind, Func<(int Id, string Name, string NameEn)> what)
    {
        var now = writer.Clock.UtcNow;
        scope.Raise(() =>
        {
            var (id, name, nameEn) = what();
            return new CatalogChanged(kind, id, name, nameEn) { StationId = 0, DistrictId = 0, At = now };
        });
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();
}
