using Microsoft.AspNetCore.Components;

namespace RedStation.Dashboard.Components.Map;

/// <summary>
/// A pointer over, or a click on, one of the map's dots, delegated: the dots' group holds the map's only two
/// handlers, and the browser names the station from the dot's <c>data-station-id</c>
/// (<c>RedStation.Dashboard.lib.module.js</c>). No handler per dot, so a circuit keeps no table of 906 handlers.
/// </summary>
public sealed class MapStationEventArgs : EventArgs
{
    /// <summary>The station whose dot the pointer is on; none when the event came from between the dots.</summary>
    public int? StationId { get; set; }

    /// <summary>The pointer's kind (<c>mouse</c>, <c>touch</c>, <c>pen</c>), as in <see cref="Microsoft.AspNetCore.Components.Web.PointerEventArgs"/>.</summary>
    public string? PointerType { get; set; }
}

/// <summary>The map's delegated events: <c>@onmapstationover</c> (the browser's pointerover) and <c>@onmapstationclick</c> (click).</summary>
[EventHandler("onmapstationover", typeof(MapStationEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
[EventHandler("onmapstationclick", typeof(MapStationEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers
{
}
