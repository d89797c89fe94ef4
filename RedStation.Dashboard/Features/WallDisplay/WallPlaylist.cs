using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Features.WallDisplay;

/// <summary>
/// Which panel a wall screen shows and until when: the token's playlist, reduced to the panels that make sense
/// for the screen's scope, stepped forward by a clock. Pure: the page drives it with its timer.
/// </summary>
public sealed class WallPlaylist
{
    private IReadOnlyList<DisplayPlaylistItem> _items;

    public WallPlaylist(IReadOnlyList<DisplayPlaylistItem> items, LiveScope scope, DateTimeOffset now)
    {
        Scope = scope;
        _items = Applicable(items, scope);
        Since = now;
    }

    public LiveScope Scope { get; }

    /// <summary>The panels this screen cycles through; never empty.</summary>
    public IReadOnlyList<DisplayPlaylistItem> Items => _items;

    public int Index { get; private set; }

    public DisplayPlaylistItem Current => _items[Index];

    /// <summary>When the current panel came up.</summary>
    public DateTimeOffset Since { get; private set; }

    /// <summary>Counts every change of panel (or of the playlist): a key that restarts the dwell's progress bar.</summary>
    public long Step { get; private set; }

    public DateTimeOffset Until => Since.AddSeconds(Current.DwellSeconds);

    /// <summary>Moves on when the current panel's dwell is over; true when the panel changed.</summary>
    public bool Tick(DateTimeOffset now)
    {
        if (now < Until)
        {
            return false;
        }

        // One panel only: it stays, but its dwell starts again (the progress bar loops).
        Index = (Index + 1) % _items.Count;
        Since = now;
        Step++;
        return true;
    }

    /// <summary>
    /// A new playlist, live: the screen stays on the panel it shows when the new list still has it (its dwell
    /// restarts), otherwise it starts at the new list's first panel.
    /// </summary>
    public void Replace(IReadOnlyList<DisplayPlaylistItem> items, DateTimeOffset now)
    {
        var current = Current.Panel;
        _items = Applicable(items, Scope);
        var same = _items.Select((item, index) => (item, index)).FirstOrDefault(x => x.item.Panel == current);
        Index = same.item is null ? 0 : same.index;
        Since = now;
        Step++;
    }

    /// <summary>Whether a panel has something to say for a scope: a single station has no ranking and no board.</summary>
    public static bool AppliesTo(string panel, LiveScope scope) =>
        scope.StationId is null || panel is not (DisplayPlaylist.Ranking or DisplayPlaylist.Occupancy);

    private static IReadOnlyList<DisplayPlaylistItem> Applicable(IReadOnlyList<DisplayPlaylistItem> items, LiveScope scope)
    {
        var applicable = items.Where(i => AppliesTo(i.Panel, scope)).ToList();
        // Nothing left (a station screen given only a ranking): the headline figures rather than a blank wall.
        return applicable.Count > 0
            ? applicable
            : [new DisplayPlaylistItem(DisplayPlaylist.Kpis, items.Count > 0 ? items[0].DwellSeconds : DisplayPlaylist.DefaultDwellSeconds)];
    }
}
