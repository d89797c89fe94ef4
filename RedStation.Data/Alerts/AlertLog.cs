using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Services;

namespace RedStation.Data.Alerts;

/// <summary>Which alerts a list shows.</summary>
public enum AlertState
{
    /// <summary>Open, acknowledged or not.</summary>
    Open,

    /// <summary>Open and nobody has acknowledged it yet.</summary>
    Unacknowledged,

    /// <summary>Closed by itself.</summary>
    Closed,

    All,
}

/// <summary>Which alerts to read; every filter is optional.</summary>
public sealed record AlertQuery
{
    public int? DistrictId { get; init; }

    /// <summary>Only these stations (a duty member's own); null for all.</summary>
    public IReadOnlyCollection<int>? StationIds { get; init; }

    public AlertRule? Rule { get; init; }
    public AlertState State { get; init; } = AlertState.All;
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>One alert as the alerts page lists it.</summary>
public sealed record AlertRow(
    long Id,
    AlertRule Rule,
    int StationId,
    string StationName,
    int DistrictId,
    long SubjectId,
    int Value,
    int Limit,
    DateTime HoldingSince,
    DateTime OpenedAt,
    DateTime? ClosedAt,
    DateTime? AcknowledgedAt,
    string? AcknowledgedBy);

/// <summary>The history of alerts, newest first, paged on the <c>OpenedAt</c> indexes.</summary>
public sealed class AlertLog(IDbContextFactory<RedStationDbContext> contextFactory)
{
    public const int MaxPageSize = 200;

    public async Task<PagedResult<AlertRow>> SearchAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var alerts = db.Alerts.AsNoTracking();
        if (query.DistrictId is { } districtId)
        {
            alerts = alerts.Where(a => a.Station!.Community!.DistrictId == districtId);
        }

        if (query.StationIds is { } stationIds)
        {
            alerts = alerts.Where(a => stationIds.Contains(a.StationId));
        }

        if (query.Rule is { } rule)
        {
            alerts = alerts.Where(a => a.Rule == rule);
        }

        alerts = query.State switch
        {
            AlertState.Open => alerts.Where(a => a.ClosedAt == null),
            AlertState.Unacknowledged => alerts.Where(a => a.ClosedAt == null && a.AcknowledgedAt == null),
            AlertState.Closed => alerts.Where(a => a.ClosedAt != null),
            _ => alerts,
        };

        var total = await alerts.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var rows = await alerts
            .OrderByDescending(a => a.OpenedAt).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, query.Page) * pageSize)
            .Take(pageSize)
            .Select(a => new AlertRow(a.Id, a.Rule, a.StationId, a.Station!.Name, a.Station.Community!.DistrictId, a.SubjectId, a.Value, a.Limit,
                a.HoldingSince, a.OpenedAt, a.ClosedAt, a.AcknowledgedAt, a.AcknowledgedBy))
            .ToListAsync(cancellationToken);
        return new PagedResult<AlertRow>(rows, total);
    }
}
