namespace RedStation.Dashboard.Features.Occupancy;

public enum OccupancySort
{
    /// <summary>Fullest first: what an organiser looks for.</summary>
    Fullness,
    Name,

    /// <summary>Most volunteers on duty first.</summary>
    OnDuty,
}
