using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RedStation.Dashboard.Components.Live;
using RedStation.Dashboard.Localization;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.WallDisplay;

/// <summary>One line of the wall's live feed: the Overview's ticker sentence (names masked) with where and when.</summary>
public sealed record WallFeedLine(string Key, string Icon, Color Color, string Text, string Station, string Time)
{
    /// <summary>
    /// What a wall shows of the recent events: check-ins, activities and fulfilled wishes, newest first, at most
    /// <paramref name="take"/>. Check-outs, head-counts and mediation stay on the staff's screens.
    /// </summary>
    public static IReadOnlyList<WallFeedLine> From(IEnumerable<LiveEvent> events, LiveSnapshot snapshot, int take, CityClock clock, IStringLocalizer<SharedResource> l)
    {
        var names = snapshot.Stations.ToDictionary(s => s.StationId, s => s.Name);
        var lines = new List<WallFeedLine>(take);
        foreach (var liveEvent in events.Where(IsShown).DistinctBy(KeyOf).Take(take))
        {
            var ticker = TickerLine.Of(liveEvent, l);
            lines.Add(new WallFeedLine(KeyOf(liveEvent), ticker.Icon, ticker.Color, ticker.Text,
                names.GetValueOrDefault(liveEvent.StationId, string.Empty),
                clock.ToLocal(liveEvent.At).ToString("HH:mm", CultureInfo.InvariantCulture)));
        }

        return lines;
    }

    /// <summary>
    /// What an event is about, whatever its sequence (events read back at start-up or from the tables carry 0, the
    /// same event published live carries its number): the key that merges the two without showing it twice.
    /// </summary>
    public static string KeyOf(LiveEvent liveEvent) => liveEvent switch
    {
        VolunteerCheckedIn e => $"in:{e.SessionId}",
        ActivityLogged e => $"activity:{e.ActivityId}",
        WishChanged e => $"wish:{e.WishId}:{e.Status}",
        _ => $"{liveEvent.GetType().Name}:{liveEvent.StationId}:{liveEvent.At.Ticks}",
    };

    /// <summary>
    /// The feed a wall keeps: what it had, with the snapshot's newest shown events merged in, newest first, at most
    /// <paramref name="capacity"/> — a bounded list however long the screen runs.
    /// </summary>
    public static List<LiveEvent> Merge(IEnumerable<LiveEvent> kept, LiveSnapshot snapshot, int capacity) =>
        snapshot.Recent.Where(IsShown).Concat(kept).DistinctBy(KeyOf).OrderByDescending(e => e.At).Take(capacity).ToList();

    public static bool IsShown(LiveEvent liveEvent) => liveEvent is VolunteerCheckedIn or ActivityLogged or WishChanged { Status: WishStatus.Fulfilled };
}
