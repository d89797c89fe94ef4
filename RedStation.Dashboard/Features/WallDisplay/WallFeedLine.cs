using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RedStation.Dashboard.Features.Overview;
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
    public static IReadOnlyList<WallFeedLine> From(LiveSnapshot snapshot, int take, CityClock clock, IStringLocalizer<SharedResource> l)
    {
        var names = snapshot.Stations.ToDictionary(s => s.StationId, s => s.Name);
        var lines = new List<WallFeedLine>(take);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var liveEvent in snapshot.Recent.Where(IsShown).Take(take))
        {
            var ticker = TickerLine.Of(liveEvent, l);
            // Events loaded at start-up all carry sequence 0: the key adds what tells them apart.
            var key = $"{liveEvent.Sequence}:{liveEvent.GetType().Name}:{liveEvent.StationId}:{liveEvent.At.Ticks}";
            while (!keys.Add(key))
            {
                key += "+";
            }

            lines.Add(new WallFeedLine(key, ticker.Icon, ticker.Color, ticker.Text,
                names.GetValueOrDefault(liveEvent.StationId, string.Empty),
                clock.ToLocal(liveEvent.At).ToString("HH:mm", CultureInfo.InvariantCulture)));
        }

        return lines;
    }

    public static bool IsShown(LiveEvent liveEvent) => liveEvent is VolunteerCheckedIn or ActivityLogged or WishChanged { Status: WishStatus.Fulfilled };
}
