using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RedStation.Dashboard.Localization;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Components.Live;

/// <summary>One line of the live ticker: an icon and a sentence; names are masked for public screens.</summary>
public sealed record TickerLine(long Sequence, string Icon, Color Color, string Text)
{
    public static TickerLine Of(LiveEvent liveEvent, IStringLocalizer<SharedResource> l)
    {
        var culture = CultureInfo.CurrentCulture;
        return liveEvent switch
        {
            VolunteerCheckedIn e => new(e.Sequence, Icons.Material.Filled.Login, Color.Success,
                l["Ticker.CheckedIn", PublicName.Mask(e.VolunteerName)]),
            VolunteerCheckedOut e => new(e.Sequence, Icons.Material.Filled.Logout, Color.Default,
                l["Ticker.CheckedOut", PublicName.Mask(e.VolunteerName), e.Hours.ToString("0.#", culture)]),
            DutyUndone e => new(e.Sequence, Icons.Material.Filled.Undo, Color.Default,
                l[$"Ticker.Undone.{e.Undone}", PublicName.Mask(e.VolunteerName)]),
            ActivityLogged e => new(e.Sequence, Icons.Material.Filled.Event, Color.Primary,
                l["Ticker.ActivityLogged", e.Title, e.Attendance]),
            ActivityEnded e => new(e.Sequence, Icons.Material.Filled.EventAvailable, Color.Primary,
                l["Ticker.ActivityEnded", e.Title, e.Attendance]),
            OccupancyChanged e => new(e.Sequence, Icons.Material.Filled.Groups, e.Count >= e.Capacity ? Color.Error : Color.Info,
                l["Ticker.Occupancy", e.Count, e.Capacity]),
            WishChanged e => new(e.Sequence, Icons.Material.Filled.VolunteerActivism, Color.Secondary,
                l[$"Ticker.Wish.{e.Status}", e.Title]),
            MediationChanged e => new(e.Sequence, Icons.Material.Filled.Balance, e.Status == MediationStatus.Resolved ? Color.Success : Color.Warning,
                l[$"Ticker.Mediation.{e.Status}", l[$"MediationCategory.{e.Category}"]]),
            _ => new(liveEvent.Sequence, Icons.Material.Filled.Info, Color.Default, liveEvent.GetType().Name),
        };
    }
}
