using RedStation.Data.Entities;

namespace RedStation.Dashboard.Features.WallDisplay;

/// <summary>The <c>WallDisplay</c> configuration section: how wall screens behave.</summary>
public sealed class WallDisplayOptions
{
    public const string SectionName = "WallDisplay";

    /// <summary>The dwell of each panel of the default playlist (a token nobody gave a playlist).</summary>
    public int DefaultDwellSeconds { get; set; } = DisplayPlaylist.DefaultDwellSeconds;

    /// <summary>
    /// How often an idle screen hears from the server even when nothing happens: it moves the "updated N s ago"
    /// stamp and the clock's correction. A stamp older than three beats turns amber on screen.
    /// </summary>
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>Lines of the live feed panel: the DOM holds no more than this, however long the screen runs.</summary>
    public int FeedLines { get; set; } = 10;

    /// <summary>Stations shown on the occupancy panel (the fullest first).</summary>
    public int OccupancyTiles { get; set; } = 12;

    /// <summary>How many of the busiest stations the spotlight panel takes turns with.</summary>
    public int SpotlightStations { get; set; } = 5;

    /// <summary>The dwell actually used: the configured one, kept inside what a playlist allows.</summary>
    public int EffectiveDefaultDwellSeconds =>
        Math.Clamp(DefaultDwellSeconds, DisplayPlaylist.MinDwellSeconds, DisplayPlaylist.MaxDwellSeconds);
}
