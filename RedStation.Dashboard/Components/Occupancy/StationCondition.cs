using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Components.Occupancy;

/// <summary>What an organiser should notice about a station right now.</summary>
/// <param name="Band">How full it is.</param>
/// <param name="IsInsideHours">Open and within its opening hours, in city time.</param>
/// <param name="IsOverCapacity">More people inside than it can hold.</param>
/// <param name="IsUnstaffed">Inside its hours with no volunteer on duty.</param>
/// <param name="IsStale">Inside its hours with nothing logged for the stale period.</param>
public sealed record StationCondition(OccupancyBand Band, bool IsInsideHours, bool IsOverCapacity, bool IsUnstaffed, bool IsStale)
{
    /// <summary>Needs attention: over capacity, or open with nobody on duty.</summary>
    public bool IsFlagged => IsOverCapacity || IsUnstaffed;

    /// <param name="utcNow">Now, UTC; <paramref name="localNow"/> is the same instant in city time.</param>
    public static StationCondition Of(StationLive station, DateTime utcNow, DateTime localNow, TimeSpan staleAfter)
    {
        var inside = station.Status == StationStatus.Open && IsWithinHours(station, TimeOnly.FromDateTime(localNow));
        return new StationCondition(
            OccupancyLevel.Of(station.Occupancy, station.Capacity),
            inside,
            station.Occupancy > station.Capacity,
            inside && station.OnDuty.Count == 0,
            inside && (station.LastEventAt is not { } last || utcNow - last >= staleAfter));
    }

    /// <summary>Within the station's opening hours at a city time of day (its status aside).</summary>
    public static bool IsWithinHours(StationLive station, TimeOnly localTime) => IsWithin(localTime, station.OpensAt, station.ClosesAt);

    /// <summary>Opening hours that pass midnight (e.g. 20:00–02:00) wrap around.</summary>
    private static bool IsWithin(TimeOnly time, TimeOnly opens, TimeOnly closes) =>
        opens <= closes ? time >= opens && time < closes : time >= opens || time < closes;
}
