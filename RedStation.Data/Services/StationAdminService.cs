using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

/// <summary>What Management sets on a station; the head-count is the duty desk's, never this form's.</summary>
public sealed record StationInput
{
    public string Code { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    public int CommunityId { get; init; }
    public StationKind Kind { get; init; }
    public StationStatus Status { get; init; } = StationStatus.Planned;
    public double FloorArea { get; init; }
    public int Capacity { get; init; }
    public TimeOnly OpensAt { get; init; } = new(8, 0);
    public TimeOnly ClosesAt { get; init; } = new(21, 0);
    public StationFacilities Facilities { get; init; }
    public StationServices Services { get; init; }
    public string? HostUnit { get; init; }
    public double Latitude { get; init; }
    public double Longitude { get; init; }

    public static StationInput From(Station s) => new()
    {
        Code = s.Code, Name = s.Name, CommunityId = s.CommunityId, Kind = s.Kind, Status = s.Status, FloorArea = s.FloorArea,
        Capacity = s.Capacity, OpensAt = s.OpensAt, ClosesAt = s.ClosesAt, Facilities = s.Facilities, Services = s.Services,
        HostUnit = s.HostUnit, Latitude = s.Latitude, Longitude = s.Longitude,
    };
}

/// <summary>A community as forms offer it, with its district.</summary>
public sealed record CommunityOption(int Id, string Name, int DistrictId, string DistrictName, string DistrictNameEn);

/// <summary>
/// Creates, edits and closes stations (Management). Each change is one audited write; once it commits,
/// a <see cref="StationChanged"/> event carries the new name, capacity, hours and status to every live screen.
/// </summary>
public sealed partial class StationAdminService(DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory)
{
    public const int MinCapacity = 1;
    public const int MaxCapacity = 2000;
    public const double MinFloorArea = 1;
    public const double MaxFloorArea = 50_000;

    /// <summary>Ningde's bounding box, roughly: a location outside it is a typo (or a swapped latitude and longitude).</summary>
    public const double MinLatitude = 26.1, MaxLatitude = 27.7, MinLongitude = 118.5, MaxLongitude = 120.8;

    private DomainErrors Errors => writer.Errors;

    public async Task<StationInput?> GetAsync(int stationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var station = await db.Stations.AsNoTracking().FirstOrDefaultAsync(s => s.Id == stationId, cancellationToken);
        return station is null ? null : StationInput.From(station);
    }

    public async Task<IReadOnlyList<CommunityOption>> GetCommunitiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Communities.AsNoTracking()
            .OrderBy(c => c.District!.SortOrder).ThenBy(c => c.Name)
            .Select(c => new CommunityOption(c.Id, c.Name, c.DistrictId, c.District!.Name, c.District.NameEn))
            .ToListAsync(cancellationToken);
    }

    public Task<Result<Station>> CreateAsync(StationInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Station>(async (scope, ct) =>
        {
            var normalized = Normalize(input);
            if (Validate(normalized) is { } invalid)
            {
                return invalid;
            }

            var db = scope.Db;
            if (await CheckReferencesAsync(db, normalized, stationId: null, ct) is { } conflict)
            {
                return conflict;
            }

            var station = new Station { Code = normalized.Code, Name = normalized.Name };
            Apply(station, normalized);
            db.Stations.Add(station);
            var districtId = await DistrictOfAsync(db, station.CommunityId, ct);
            RaiseChanged(scope, station, districtId, previousStatus: null);
            return Result<Station>.Ok(station);
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.StationCodeTaken, input.Code.Trim().ToUpperInvariant()) with { Field = "Code" });

    public Task<Result<Station>> UpdateAsync(int stationId, StationInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Station>(async (scope, ct) =>
        {
            var normalized = Normalize(input);
            if (Validate(normalized) is { } invalid)
            {
                return invalid;
            }

            var db = scope.Db;
            var station = await db.Stations.FirstOrDefaultAsync(s => s.Id == stationId, ct);
            if (station is null)
            {
                return Errors.NotFound(ErrorCodes.StationNotFound, stationId);
            }

            if (await CheckReferencesAsync(db, normalized, stationId, ct) is { } conflict)
            {
                return conflict;
            }

            if (await CheckCanLeaveOpenAsync(db, station, normalized.Status, ct) is { } busy)
            {
                return busy;
            }

            // A venue stays its unit's (驻区单位) while the form names that unit as host; another host (or none) ends the link.
            if (station.UnitId is { } unitId && normalized.HostUnit != await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).FirstOrDefaultAsync(ct))
            {
                station.UnitId = null;
            }

            var previousStatus = station.Status;
            Apply(station, normalized);
            var districtId = await DistrictOfAsync(db, station.CommunityId, ct);
            RaiseChanged(scope, station, districtId, previousStatus);
            return Result<Station>.Ok(station);
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.StationCodeTaken, input.Code.Trim().ToUpperInvariant()) with { Field = "Code" });

    /// <summary>Closes a station: refused while volunteers are on duty or people are counted inside.</summary>
    public Task<Result<Station>> CloseAsync(int stationId, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Station>(async (scope, ct) =>
        {
            var db = scope.Db;
            var station = await db.Stations.Include(s => s.Community).FirstOrDefaultAsync(s => s.Id == stationId, ct);
            if (station is null)
            {
                return Errors.NotFound(ErrorCodes.StationNotFound, stationId);
            }

            if (await CheckCanLeaveOpenAsync(db, station, StationStatus.Closed, ct) is { } busy)
            {
                return busy;
            }

            var previousStatus = station.Status;
            station.Status = StationStatus.Closed;
            RaiseChanged(scope, station, station.Community!.DistrictId, previousStatus);
            return Result<Station>.Ok(station);
        },
        cancellationToken);

    /// <summary>The input as it is stored: code in capitals, texts cleaned, hours to the minute (the import normalizes with it too).</summary>
    internal static StationInput Normalize(StationInput input) => input with
    {
        Code = input.Code?.Trim().ToUpperInvariant() ?? string.Empty,
        Name = TextPolicy.Clean(input.Name),
        HostUnit = TextPolicy.CleanOrNull(input.HostUnit),
        OpensAt = new TimeOnly(input.OpensAt.Hour, input.OpensAt.Minute),
        ClosesAt = new TimeOnly(input.ClosesAt.Hour, input.ClosesAt.Minute),
    };

    /// <summary>The checks that need no database, in the order a form shows its fields.</summary>
    internal DomainError? Validate(StationInput input)
    {
        if (Errors.CheckText(input.Code, "Code", TextLimits.Code) is { } code)
        {
            return code;
        }

        if (!CodePattern().IsMatch(input.Code))
        {
            return Errors.Invalid(ErrorCodes.StationCodeInvalid, TextLimits.Code) with { Field = "Code" };
        }

        if (Errors.CheckText(input.Name, "StationName", TextLimits.Name) is { } name)
        {
            return name;
        }

        if (!Enum.IsDefined(input.Kind))
        {
            return Errors.Invalid(ErrorCodes.StationKindUnknown, input.Kind) with { Field = "Kind" };
        }

        if (!Enum.IsDefined(input.Status))
        {
            return Errors.Invalid(ErrorCodes.UnknownCategory, input.Status) with { Field = "Status" };
        }

        if (input.Capacity is < MinCapacity or > MaxCapacity)
        {
            return Errors.Invalid(ErrorCodes.CapacityOutOfRange, MinCapacity, MaxCapacity) with { Field = "Capacity" };
        }

        if (double.IsNaN(input.FloorArea) || input.FloorArea is < MinFloorArea or > MaxFloorArea)
        {
            return Errors.Invalid(ErrorCodes.FloorAreaOutOfRange, MinFloorArea, MaxFloorArea) with { Field = "FloorArea" };
        }

        if (input.ClosesAt <= input.OpensAt)
        {
            return Errors.Invalid(ErrorCodes.ClosingBeforeOpening, input.OpensAt.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), input.ClosesAt.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)) with { Field = "ClosesAt" };
        }

        if (!IsInCity(input.Latitude, input.Longitude))
        {
            return Errors.Invalid(ErrorCodes.LocationOutsideCity, input.Latitude, input.Longitude, MinLatitude, MaxLatitude, MinLongitude, MaxLongitude) with { Field = "Latitude" };
        }

        if (Errors.CheckText(input.HostUnit, "HostUnit", TextLimits.Name, required: false) is { } host)
        {
            return host;
        }

        const StationFacilities allFacilities = (StationFacilities)((1 << 8) - 1);
        const StationServices allServices = (StationServices)((1 << 10) - 1);
        if ((input.Facilities & ~allFacilities) != 0 || (input.Services & ~allServices) != 0)
        {
            return Errors.Invalid(ErrorCodes.UnknownCategory, $"{input.Facilities}/{input.Services}") with { Field = "Facilities" };
        }

        return null;
    }

    public static bool IsInCity(double latitude, double longitude) =>
        latitude is >= MinLatitude and <= MaxLatitude && longitude is >= MinLongitude and <= MaxLongitude;

    private async Task<DomainError?> CheckReferencesAsync(RedStationDbContext db, StationInput input, int? stationId, CancellationToken ct)
    {
        if (!await db.Communities.AnyAsync(c => c.Id == input.CommunityId, ct))
        {
            return Errors.NotFound(ErrorCodes.CommunityNotFound, input.CommunityId) with { Field = "Community" };
        }

        if (await db.Stations.AnyAsync(s => s.Code == input.Code && s.Id != stationId, ct))
        {
            return Errors.Conflict(ErrorCodes.StationCodeTaken, input.Code) with { Field = "Code" };
        }

        return null;
    }

    /// <summary>An open station stops being open only when nobody is on duty or counted inside it.</summary>
    internal async Task<DomainError?> CheckCanLeaveOpenAsync(RedStationDbContext db, Station station, StationStatus next, CancellationToken ct)
    {
        if (station.Status != StationStatus.Open || next == StationStatus.Open)
        {
            return null;
        }

        var onDuty = await db.DutySessions.CountAsync(d => d.StationId == station.Id && d.CheckedOutAt == null, ct);
        if (onDuty > 0)
        {
            return Errors.Conflict(ErrorCodes.StationHasVolunteersOnDuty, station.Name, onDuty);
        }

        return station.Occupancy > 0 ? Errors.Conflict(ErrorCodes.StationHasPeopleInside, station.Name, station.Occupancy) : null;
    }

    internal static void Apply(Station station, StationInput input)
    {
        station.Code = input.Code;
        station.Name = input.Name;
        station.CommunityId = input.CommunityId;
        station.Kind = input.Kind;
        station.Status = input.Status;
        station.FloorArea = Math.Round(input.FloorArea, 1);
        station.Capacity = input.Capacity;
        station.OpensAt = input.OpensAt;
        station.ClosesAt = input.ClosesAt;
        station.Facilities = input.Facilities;
        station.Services = input.Services;
        station.HostUnit = input.HostUnit;
        station.Latitude = Math.Round(input.Latitude, 6);
        station.Longitude = Math.Round(input.Longitude, 6);
    }

    private static Task<int> DistrictOfAsync(RedStationDbContext db, int communityId, CancellationToken ct) =>
        db.Communities.Where(c => c.Id == communityId).Select(c => c.DistrictId).FirstAsync(ct);

    internal void RaiseChanged(WriteScope scope, Station station, int districtId, StationStatus? previousStatus)
    {
        var now = writer.Clock.UtcNow;
        scope.Raise(() => new StationChanged(station.Code, station.Name, station.Kind, station.Status, station.Capacity, station.OpensAt, station.ClosesAt, previousStatus)
        {
            StationId = station.Id,
            DistrictId = districtId,
            At = now,
            Latitude = station.Latitude,
            Longitude = station.Longitude,
        });
    }

    /// <summary>Whether a (normalized) code is capitals, digits and single hyphens: station and district codes alike.</summary>
    internal static bool IsCode(string code) => CodePattern().IsMatch(code);

    [GeneratedRegex("^[A-Z0-9]+(-[A-Z0-9]+)*$")]
    private static partial Regex CodePattern();
}
