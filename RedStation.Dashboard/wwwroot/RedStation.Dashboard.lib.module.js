// Blazor's JS initializer for the dashboard (loaded by blazor.web.js from this file's conventional name).
// The station map (NetworkMap) listens once, on the group of its dots, rather than twice per dot: these custom
// events carry the station of the dot under the pointer, read from its data-station-id.

const stationOf = event => {
    const dot = event.target instanceof Element ? event.target.closest('[data-station-id]') : null;
    const id = dot ? Number.parseInt(dot.getAttribute('data-station-id'), 10) : Number.NaN;
    return Number.isNaN(id) ? null : id;
};

const mapStationArgs = event => ({ stationId: stationOf(event), pointerType: event.pointerType || 'mouse' });

export function afterWebStarted(blazor) {
    blazor.registerCustomEventType('mapstationover', { browserEventName: 'pointerover', createEventArgs: mapStationArgs });
    blazor.registerCustomEventType('mapstationclick', { browserEventName: 'click', createEventArgs: mapStationArgs });
}
