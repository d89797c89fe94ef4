using RedStation.Dashboard.Features.WallDisplay;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Tests.Components;

/// <summary>Which panel a wall shows, and for how long.</summary>
public sealed class WallPlaylistTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Tick_MovesToTheNextPanel_OnlyOnceItsDwellIsOver_AndWrapsAround()
    {
        var playlist = new WallPlaylist([new("kpis", 10), new("feed", 5)], LiveScope.All, Start);

        Assert.False(playlist.Tick(Start.AddSeconds(9)));
        Assert.Equal("kpis", playlist.Current.Panel);
        Assert.True(playlist.Tick(Start.AddSeconds(10)));
        Assert.Equal(("feed", 1L), (playlist.Current.Panel, playlist.Step));
        Assert.False(playlist.Tick(Start.AddSeconds(14)));
        Assert.True(playlist.Tick(Start.AddSeconds(15)));
        Assert.Equal("kpis", playlist.Current.Panel);
    }

    [Fact]
    public void Replace_KeepsThePanelOnScreen_WhenTheNewListHasIt_AndRestartsItsDwell()
    {
        var playlist = new WallPlaylist([new("kpis", 10), new("feed", 10)], LiveScope.All, Start);
        playlist.Tick(Start.AddSeconds(10));

        playlist.Replace([new("charts", 30), new("feed", 60)], Start.AddSeconds(12));

        Assert.Equal(("feed", 1, 60), (playlist.Current.Panel, playlist.Index, playlist.Current.DwellSeconds));
        Assert.Equal(Start.AddSeconds(72), playlist.Until);
    }

    [Fact]
    public void Replace_StartsAtTheFirstPanel_WhenTheNewListDropsTheCurrentOne()
    {
        var playlist = new WallPlaylist([new("kpis", 10)], LiveScope.All, Start);

        playlist.Replace([new("wishes", 30), new("charts", 30)], Start.AddSeconds(3));

        Assert.Equal(("wishes", 0), (playlist.Current.Panel, playlist.Index));
    }

    [Fact]
    public void AStationWall_SkipsTheRankingAndTheBoard_AndNeverEndsUpEmpty()
    {
        var station = LiveScope.Station(3);

        var mixed = new WallPlaylist([new("ranking", 10), new("spotlight", 20), new("occupancy", 10)], station, Start);
        var none = new WallPlaylist([new("ranking", 25)], station, Start);

        Assert.Equal(["spotlight"], mixed.Items.Select(i => i.Panel));
        Assert.Equal([new DisplayPlaylistItem("kpis", 25)], none.Items);
    }
}
