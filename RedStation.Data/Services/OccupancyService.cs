using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

/// <summary>Each station's head-count: how many people are in it now, with every change recorded.</summary>
public sealed class OccupancyService(DomainWriter writer)
{
    /// <summary>A head-count above capacity is allowed (and flagged); above this multiple it is a typo.</summary>
    public const int SaneCapacityMultiple = 3;

    public Task<Result<OccupancyChange>> ChangeAsync(int stationId, int delta, CancellationToken cancellationToken = default) =>
        delta == 0
            ? Task.FromResult<Result<OccupancyChange>>(writer.Errors.Invalid(ErrorCodes.OccupancyNoChange) with { Field = "Delta" })
            : WriteAsync(stationId, current => (int)Math.Clamp((long)current + delta, int.MinValue, int.MaxValue), "Delta", cancellationToken);

    public Task<Result<OccupancyChange>> SetAsync(int stationId, int count, CancellationToken cancellationToken = default) =>
        WriteAsync(stationId, _ => count, "Count", cancellationToken);

    /// <param name="field">The input at fault when the new count is refused: the count itself, or the change that led to it.</param>
    private Task<Result<OccupancyChange>> WriteAsync(int stationId, Func<int, int> next, string field, CancellationToken cancellationToken) =>
        writer.WriteAsync<OccupancyChange>(async (scope, ct) =>
        {
            var db = scope.Db;
            var found = await writer.FindStationAsync(db, stationId, mustBeOpen: true, ct);
            if (found.Error is { } stationError)
            {
                return stationError;
            }

            var station = found.Value!;
            var count = next(station.Occupancy);
            if (count < 0)
            {
                return writer.Errors.Invalid(ErrorCodes.OccupancyBelowZero, station.Occupancy) with { Field = field };
            }

            var limit = station.Capacity * SaneCapacityMultiple;
            if (count > limit)
            {
                return writer.Errors.Invalid(ErrorCodes.OccupancyAboveLimit, count, station.Name, limit) with { Field = field };
            }

            var now = writer.Clock.UtcNow;
            if (count == station.Occupancy)
            {
                // Confirming the count changes nothing: nothing to record, nothing to tell the screens.
                return Result<OccupancyChange>.Ok(new OccupancyChange { StationId = stationId, Count = count, At = station.OccupancyUpdatedAt ?? now });
            }

            var change = new OccupancyChange { StationId = stationId, Delta = count - station.Occupancy, Count = count, At = now };
            station.Occupancy = count;
            station.OccupancyUpdatedAt = now;
            db.OccupancyChanges.Add(change);
            scope.Raise(() => new OccupancyChanged(change.Count, change.Delta, station.Capacity)
            {
                StationId = stationId,
                DistrictId = station.Community!.DistrictId,
                At = now,
            });
            return Result<OccupancyChange>.Ok(change);
        },
        cancellationToken);
}
