using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;

namespace RedStation.Data.Services;

/// <summary>What Management (or the network import) sets on a unit (驻区单位).</summary>
public sealed record UnitInput
{
    public string Code { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    public string? NameEn { get; init; }
    public UnitKind Kind { get; init; }
    public int CommunityId { get; init; }
    public string? PartyOrganisation { get; init; }

    public static UnitInput From(Unit u) => new()
    {
        Code = u.Code, Name = u.Name, NameEn = u.NameEn, Kind = u.Kind, CommunityId = u.CommunityId, PartyOrganisation = u.PartyOrganisation,
    };
}

/// <summary>A venue a unit opens, as the units page names it.</summary>
public sealed record UnitVenue(int Id, string Code, string Name);

/// <summary>A unit as the units page lists it: its co-build community and the venues it opens.</summary>
public sealed record UnitRow(
    int Id,
    string Code,
    string Name,
    string? NameEn,
    UnitKind Kind,
    int CommunityId,
    string CommunityName,
    string DistrictName,
    string DistrictNameEn,
    string? PartyOrganisation,
    IReadOnlyList<UnitVenue> Venues);

/// <summary>
/// The units stationed in the area (驻区单位) that co-build with a community (共驻共建) and open venues to residents
/// (Management). Each change is one audited write through the <see cref="DomainWriter"/>. A renamed unit renames the
/// host shown on its venues (<see cref="Station.HostUnit"/>) in the same write. No live screen shows units, so no
/// live event is raised.
/// </summary>
public sealed class UnitService(DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory)
{
    private DomainErrors Errors => writer.Errors;

    /// <summary>Every unit, by district (in the network's order) and code, with the venues it opens.</summary>
    public async Task<IReadOnlyList<UnitRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Community!.District!.SortOrder).ThenBy(u => u.Code)
            .Select(u => new
            {
                u.Id, u.Code, u.Name, u.NameEn, u.Kind, u.CommunityId, Community = u.Community!.Name,
                District = u.Community.District!.Name, DistrictEn = u.Community.District.NameEn, u.PartyOrganisation,
            })
            .ToListAsync(cancellationToken);
        var venues = (await db.Stations.AsNoTracking().Where(s => s.UnitId != null)
                .Select(s => new { UnitId = s.UnitId!.Value, s.Id, s.Code, s.Name }).ToListAsync(cancellationToken))
            .ToLookup(s => s.UnitId, s => new UnitVenue(s.Id, s.Code, s.Name));
        return units.Select(u => new UnitRow(
                u.Id, u.Code, u.Name, u.NameEn, u.Kind, u.CommunityId, u.Community, u.District, u.DistrictEn, u.PartyOrganisation,
                venues[u.Id].OrderBy(v => v.Code, StringComparer.Ordinal).ToList()))
            .ToList();
    }

    public async Task<UnitInput?> GetAsync(int unitId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, cancellationToken);
        return unit is null ? null : UnitInput.From(unit);
    }

    public Task<Result<Unit>> CreateAsync(UnitInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Unit>(async (scope, ct) =>
        {
            var normalized = Normalize(input);
            if ((Validate(normalized) ?? await CheckReferencesAsync(scope.Db, normalized, unitId: null, ct)) is { } invalid)
            {
                return invalid;
            }

            var unit = new Unit { Code = normalized.Code, Name = normalized.Name };
            Apply(unit, normalized);
            scope.Db.Units.Add(unit);
            return Result<Unit>.Ok(unit);
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.UnitCodeTaken, Normalize(input).Code) with { Field = "Code" });

    public Task<Result<Unit>> UpdateAsync(int unitId, UnitInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Unit>(async (scope, ct) =>
        {
            var normalized = Normalize(input);
            if (Validate(normalized) is { } invalid)
            {
                return invalid;
            }

            var unit = await scope.Db.Units.FirstOrDefaultAsync(u => u.Id == unitId, ct);
            if (unit is null)
            {
                return Errors.NotFound(ErrorCodes.UnitNotFound, unitId);
            }

            if (await CheckReferencesAsync(scope.Db, normalized, unitId, ct) is { } conflict)
            {
                return conflict;
            }

            await ApplyAsync(scope.Db, unit, normalized, ct);
            return Result<Unit>.Ok(unit);
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.UnitCodeTaken, Normalize(input).Code) with { Field = "Code" });

    /// <summary>The input as it is stored: code in capitals, texts cleaned, empty optional texts null (the import normalizes with it too).</summary>
    internal static UnitInput Normalize(UnitInput input) => input with
    {
        Code = input.Code?.Trim().ToUpperInvariant() ?? string.Empty,
        Name = TextPolicy.Clean(input.Name),
        NameEn = TextPolicy.CleanOrNull(input.NameEn),
        PartyOrganisation = TextPolicy.CleanOrNull(input.PartyOrganisation),
    };

    /// <summary>The checks that need no database, in the order the form shows its fields.</summary>
    internal DomainError? Validate(UnitInput input)
    {
        if (Errors.CheckText(input.Code, "Code", TextLimits.Code) is { } code)
        {
            return code;
        }

        if (!StationAdminService.IsCode(input.Code))
        {
            return Errors.Invalid(ErrorCodes.UnitCodeInvalid, TextLimits.Code) with { Field = "Code" };
        }

        if ((Errors.CheckText(input.Name, "UnitName", TextLimits.Name)
            ?? Errors.CheckText(input.NameEn, "NameEn", TextLimits.Name, required: false)) is { } text)
        {
            return text;
        }

        if (!Enum.IsDefined(input.Kind))
        {
            return Errors.Invalid(ErrorCodes.UnitKindUnknown, input.Kind) with { Field = "Kind" };
        }

        return Errors.CheckText(input.PartyOrganisation, "PartyOrganisation", TextLimits.Name, required: false);
    }

    /// <summary>Sets the input on a tracked unit; a new name is carried to the host shown on its venues.</summary>
    internal static async Task ApplyAsync(RedStationDbContext db, Unit unit, UnitInput input, CancellationToken ct)
    {
        if (unit.Id != 0 && unit.Name != input.Name)
        {
            foreach (var venue in await db.Stations.Where(s => s.UnitId == unit.Id).ToListAsync(ct))
            {
                venue.HostUnit = input.Name;
            }
        }

        Apply(unit, input);
    }

    private static void Apply(Unit unit, UnitInput input)
    {
        unit.Code = input.Code;
        unit.Name = input.Name;
        unit.NameEn = input.NameEn;
        unit.Kind = input.Kind;
        unit.CommunityId = input.CommunityId;
        unit.PartyOrganisation = input.PartyOrganisation;
    }

    private async Task<DomainError?> CheckReferencesAsync(RedStationDbContext db, UnitInput input, int? unitId, CancellationToken ct)
    {
        if (!await db.Communities.AnyAsync(c => c.Id == input.CommunityId, ct))
        {
            return Errors.NotFound(ErrorCodes.CommunityNotFound, input.CommunityId) with { Field = "Community" };
        }

        if (await db.Units.AnyAsync(u => u.Code == input.Code && u.Id != unitId, ct))
        {
            return Errors.Conflict(ErrorCodes.UnitCodeTaken, input.Code) with { Field = "Code" };
        }

        return null;
    }
}
