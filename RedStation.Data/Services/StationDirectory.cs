using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;

namespace RedStation.Data.Services;

public sealed record StationQuery
{
    public string? Search { get; init; }
    public int? DistrictId { get; init; }
    public StationKind? Kind { get; init; }
    public StationStatus? Status { get; init; }

    /// <summary>One of <see cref="StationSort"/>'s names; none lists the Red Stations first, then the shared venues.</summary>
    public string? SortBy { get; init; }

    public bool SortDescending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public static class StationSort
{
    public const string Code = nameof(Code);
    public const string Name = nameof(Name);
    public const string District = nameof(District);
    public const string Kind = nameof(Kind);
    public const string Status = nameof(Status);
    public const string Capacity = nameof(Capacity);
    public const string FloorArea = nameof(FloorArea);
    public const string Occupancy = nameof(Occupancy);
}

public sealed record StationRow(
    int Id,
    string Code,
    string Name,
    int DistrictId,
    string DistrictName,
    string DistrictNameEn,
    string CommunityName,
    StationKind Kind,
    StationStatus Status,
    double FloorArea,
    int Capacity,
    int Occupancy,
    TimeOnly OpensAt,
    TimeOnly ClosesAt,
    string? HostUnit);

public sealed record DistrictOption(int Id, string Name, string NameEn) : IBilingualName;

public sealed record ActivityTypeOption(int Id, string Code, string Name, string NameEn) : IBilingualName;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>Read side of the station network: what the Stations page and the API list.</summary>
public sealed class StationDirectory(IDbContextFactory<RedStationDbContext> contextFactory)
{
    public const int MaxPageSize = 200;

    private static readonly System.Linq.Expressions.Expression<Func<Station, StationRow>> ToRow = s => new StationRow(
        s.Id, s.Code, s.Name,
        s.Community!.DistrictId, s.Community.District!.Name, s.Community.District.NameEn, s.Community.Name,
        s.Kind, s.Status, s.FloorArea, s.Capacity, s.Occupancy, s.OpensAt, s.ClosesAt, s.HostUnit);

    public async Task<PagedResult<StationRow>> SearchAsync(StationQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stations = db.Stations.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            stations = stations.Where(s =>
                s.Name.Contains(term) || s.Code.Contains(term) ||
                s.Community!.Name.Contains(term) || (s.HostUnit != null && s.HostUnit.Contains(term)));
        }

        if (query.DistrictId is { } districtId)
        {
            stations = stations.Where(s => s.Community!.DistrictId == districtId);
        }

        if (query.Kind is { } kind)
        {
            stations = stations.Where(s => s.Kind == kind);
        }

        if (query.Status is { } status)
        {
            stations = stations.Where(s => s.Status == status);
        }

        var total = await stations.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var items = await Sort(stations, query.SortBy, query.SortDescending)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .Select(ToRow)
            .ToListAsync(cancellationToken);
        return new PagedResult<StationRow>(items, total);
    }

    public async Task<StationRow?> FindAsync(int stationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Stations.AsNoTracking()
            .Where(s => s.Id == stationId)
            .Select(ToRow)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The activity types duty staff may log: the active ones.</summary>
    public async Task<IReadOnlyList<ActivityTypeOption>> GetActivityTypesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ActivityTypes.AsNoTracking()
            .Where(t => t.IsActive)
            .OrderBy(t => t.Id)
            .Select(t => new ActivityTypeOption(t.Id, t.Code, t.Name, t.NameEn))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The names of these stations, by id (unknown ids are left out).</summary>
    public async Task<IReadOnlyDictionary<int, string>> GetStationNamesAsync(IReadOnlyCollection<int> stationIds, CancellationToken cancellationToken = default)
    {
        if (stationIds.Count == 0)
        {
            return new Dictionary<int, string>();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Stations.AsNoTracking().Where(s => stationIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
    }

    public async Task<IReadOnlyList<DistrictOption>> GetDistrictsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Districts.AsNoTracking()
            .OrderBy(d => d.SortOrder)
            .Select(d => new DistrictOption(d.Id, d.Name, d.NameEn))
            .ToListAsync(cancellationToken);
    }

    private static IQueryable<Station> Sort(IQueryable<Station> stations, string? sortBy, bool descending) =>
        (sortBy, descending) switch
        {
            (StationSort.Name, false) => stations.OrderBy(s => s.Name).ThenBy(s => s.Id),
            (StationSort.Name, true) => stations.OrderByDescending(s => s.Name).ThenBy(s => s.Id),
            (StationSort.District, false) => stations.OrderBy(s => s.Community!.District!.SortOrder).ThenBy(s => s.Code),
            (StationSort.District, true) => stations.OrderByDescending(s => s.Community!.District!.SortOrder).ThenBy(s => s.Code),
            (StationSort.Kind, false) => stations.OrderBy(s => s.Kind).ThenBy(s => s.Code),
            (StationSort.Kind, true) => stations.OrderByDescending(s => s.Kind).ThenBy(s => s.Code),
            (StationSort.Status, false) => stations.OrderBy(s => s.Status).ThenBy(s => s.Code),
            (StationSort.Status, true) => stations.OrderByDescending(s => s.Status).ThenBy(s => s.Code),
            (StationSort.Capacity, false) => stations.OrderBy(s => s.Capacity).ThenBy(s => s.Code),
            (StationSort.Capacity, true) => stations.OrderByDescending(s => s.Capacity).ThenBy(s => s.Code),
            (StationSort.FloorArea, false) => stations.OrderBy(s => s.FloorArea).ThenBy(s => s.Code),
            (StationSort.FloorArea, true) => stations.OrderByDescending(s => s.FloorArea).ThenBy(s => s.Code),
            (StationSort.Occupancy, false) => stations.OrderBy(s => s.Occupancy).ThenBy(s => s.Code),
            (StationSort.Occupancy, true) => stations.OrderByDescending(s => s.Occupancy).ThenBy(s => s.Code),
            (StationSort.Code, false) => stations.OrderBy(s => s.Code),
            (StationSort.Code, true) => stations.OrderByDescending(s => s.Code),

            // Unsorted: the Red Stations first, then the shared venues, each by code.
            _ => stations.OrderBy(s => s.Kind == StationKind.SharedVenue).ThenBy(s => s.Code),
        };
}
