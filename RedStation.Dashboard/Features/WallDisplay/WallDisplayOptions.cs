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

    /// <summary>
    /// The first day (city time) the cumulative figures (累计) count from while no historical baseline is entered: once an
    /// administrator enters one (Admin → Historical baselines), its start date is the programme's start and this is unused.
    /// </summary>
    public DateOnly ProgrammeStart { get; set; } = new(2020, 7, 1);

    /// <summary>The organiser named in every wall's header, in Chinese and in English.</summary>
    public string Organiser { get; set; } = "中共宁德市委组织部";

    public string OrganiserEn { get; set; } = "CPC Ningde Municipal Committee Organisation Department";

    /// <summary>The slogan under the title, in Chinese and in English; empty shows none.</summary>
    public string Slogan { get; set; } = "党建引领 · 服务群众 · 共建共享";

    public string SloganEn { get; set; } = "Party-led service, shared by all";

    /// <summary>Rows of each list of the honour roll (光荣榜): volunteers and stations.</summary>
    public int HonourRows { get; set; } = 10;

    /// <summary>The dwell actually used: the configured one, kept inside what a playlist allows.</summary>
    public int EffectiveDefaultDwellSeconds =>
        Math.Clamp(DefaultDwellSeconds, DisplayPlaylist.MinDwellSeconds, DisplayPlaylist.MaxDwellSeconds);
}
