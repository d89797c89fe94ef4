using MudBlazor;

namespace RedStation.Dashboard.Components.Occupancy;

/// <summary>How full a station is, in the three bands the boards colour.</summary>
public enum OccupancyBand
{
    /// <summary>Below <see cref="OccupancyLevel.BusyAt"/> of capacity: green.</summary>
    Comfortable,

    /// <summary>From <see cref="OccupancyLevel.BusyAt"/> of capacity: amber.</summary>
    Busy,

    /// <summary>At or over capacity: red.</summary>
    Full,
}

public static class OccupancyLevel
{
    /// <summary>80 %: from here a station is busy.</summary>
    public const double BusyAt = 0.8;

    /// <summary>100 %: from here a station is full.</summary>
    public const double FullAt = 1.0;

    /// <summary>The band of a head-count against a capacity; a station without capacity is full as soon as anyone is in.</summary>
    public static OccupancyBand Of(int occupancy, int capacity)
    {
        if (capacity <= 0)
        {
            return occupancy > 0 ? OccupancyBand.Full : OccupancyBand.Comfortable;
        }

        // Integer comparisons: 0.8 * capacity in floating point puts 8 of 10 on the wrong side.
        if (occupancy >= capacity)
        {
            return OccupancyBand.Full;
        }

        return occupancy * 10 >= capacity * 8 ? OccupancyBand.Busy : OccupancyBand.Comfortable;
    }

    public static Color ColorOf(OccupancyBand band) => band switch
    {
        OccupancyBand.Full => Color.Error,
        OccupancyBand.Busy => Color.Warning,
        _ => Color.Success,
    };
}
