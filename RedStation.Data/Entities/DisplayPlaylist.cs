using System.Globalization;
using System.Text;

namespace RedStation.Data.Entities;

/// <summary>One step of a wall screen's playlist: a panel, shown for <see cref="DwellSeconds"/>.</summary>
/// <param name="Panel">One of <see cref="DisplayPlaylist.Panels"/>.</param>
public sealed record DisplayPlaylistItem(string Panel, int DwellSeconds);

/// <summary>
/// The panels a wall screen rotates through, in order, each with its dwell time. Stored on the
/// <see cref="DisplayToken"/> as compact text (<c>kpis:20;feed:30</c>) so that the audit trail shows a change
/// as one readable value; null there means <see cref="Default"/>.
/// </summary>
public static class DisplayPlaylist
{
    public const string Kpis = "kpis";
    public const string Occupancy = "occupancy";
    public const string Ranking = "ranking";
    public const string Feed = "feed";
    public const string Charts = "charts";
    public const string Wishes = "wishes";
    public const string Spotlight = "spotlight";
    public const string Map = "map";

    /// <summary>The programme's cumulative figures since its start (累计): hours served, check-ins, volunteers, wishes, stations.</summary>
    public const string Cumulative = "cumulative";

    /// <summary>This month's honour roll (光荣榜): the volunteers and stations with the most hours served, names masked.</summary>
    public const string Honours = "honours";

    /// <summary>
    /// The open alert groups of the scope. Never in <see cref="Default"/>: a wall in front of the public shows the
    /// network's achievements; a screen shows the organisers' open conditions only when its playlist names this panel.
    /// </summary>
    public const string Alerts = "alerts";

    /// <summary>Every panel a screen knows (what the playlist editor offers), in the default order, the alerts last.</summary>
    public static readonly IReadOnlyList<string> Panels = [Cumulative, Kpis, Honours, Map, Occupancy, Ranking, Feed, Charts, Wishes, Spotlight, Alerts];

    /// <summary>The panels of a screen nobody gave a playlist: every panel but the alerts, the cumulative figures first.</summary>
    public static readonly IReadOnlyList<string> DefaultPanels = [.. Panels.Where(p => p != Alerts)];

    /// <summary>The shortest dwell: less and nobody can read a panel before it goes.</summary>
    public const int MinDwellSeconds = 5;

    /// <summary>The longest dwell: ten minutes; longer is a static screen, which one entry already gives.</summary>
    public const int MaxDwellSeconds = 600;

    /// <summary>Bounds the stored text (and what a screen cycles through).</summary>
    public const int MaxItems = 20;

    /// <summary>The longest stored text: <see cref="MaxItems"/> entries of the longest name and dwell.</summary>
    public const int MaxStoredLength = 400;

    public const int DefaultDwellSeconds = 20;

    /// <summary>What a screen shows when nobody chose: every panel of <see cref="DefaultPanels"/>, <paramref name="dwellSeconds"/> each.</summary>
    public static IReadOnlyList<DisplayPlaylistItem> Default(int dwellSeconds = DefaultDwellSeconds) =>
        DefaultPanels.Select(p => new DisplayPlaylistItem(p, dwellSeconds)).ToList();

    public static bool IsKnownPanel(string? panel) => panel is not null && Panels.Contains(panel, StringComparer.Ordinal);

    /// <summary>The stored form; the items must be valid.</summary>
    public static string Format(IEnumerable<DisplayPlaylistItem> items)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(item.Panel).Append(':').Append(item.DwellSeconds.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads the stored form. Entries that are not (or no longer) valid are skipped rather than failing the
    /// screen: a wall nobody stands at must keep showing something; an empty result means <see cref="Default"/>.
    /// </summary>
    public static IReadOnlyList<DisplayPlaylistItem> Parse(string? stored, int defaultDwellSeconds = DefaultDwellSeconds)
    {
        var items = new List<DisplayPlaylistItem>();
        foreach (var part in (stored ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Split(':', 2) is [var panel, var dwellText] && IsKnownPanel(panel) &&
                int.TryParse(dwellText, NumberStyles.None, CultureInfo.InvariantCulture, out var dwell) &&
                dwell is >= MinDwellSeconds and <= MaxDwellSeconds)
            {
                items.Add(new DisplayPlaylistItem(panel, dwell));
            }
        }

        return items.Count > 0 ? items : Default(defaultDwellSeconds);
    }
}
