namespace RedStation.Data.Live;

/// <summary>Who a snapshot or an event is for.</summary>
public enum LiveAudience
{
    /// <summary>Signed-in people and integration keys: the state as it is.</summary>
    Staff,

    /// <summary>Wall displays and anonymous pages: names masked (张*明), nothing that identifies a person.</summary>
    Public,
}

/// <summary>
/// The public projection of the live data, made once in the live layer so that no full name ever leaves the server
/// for a public audience, whatever channel carries it (a wall's circuit, a display's hub connection). Volunteers'
/// names are masked; the name of whoever acknowledged an alert is dropped; the live data holds no phone or member
/// number to begin with.
/// </summary>
public static class PublicProjection
{
    public static LiveSnapshot Of(LiveSnapshot snapshot) => snapshot with
    {
        Stations = snapshot.Stations.Select(Of).ToList(),
        Recent = snapshot.Recent.Select(Of).ToList(),
        Alerts = snapshot.Alerts.Select(a => a.AcknowledgedBy is null ? a : a with { AcknowledgedBy = null }).ToList(),
    };

    public static StationLive Of(StationLive station) =>
        station.OnDuty.Count == 0
            ? station
            : station with { OnDuty = station.OnDuty.Select(v => v with { Name = PublicName.Mask(v.Name) }).ToList() };

    /// <summary>The event as a public audience may see it: the same event (the same sequence), names masked.</summary>
    public static LiveEvent Of(LiveEvent liveEvent) => liveEvent switch
    {
        VolunteerCheckedIn e => e with { VolunteerName = PublicName.Mask(e.VolunteerName) },
        VolunteerCheckedOut e => e with { VolunteerName = PublicName.Mask(e.VolunteerName) },
        DutyUndone e => e with { VolunteerName = PublicName.Mask(e.VolunteerName) },
        AlertAcknowledged e => e with { By = string.Empty },
        // A volunteer's own name is public only masked, like on duty; types' and teams' names are not personal.
        CatalogChanged { Kind: CatalogKind.Volunteer } e => e with { Name = PublicName.Mask(e.Name), NameEn = e.NameEn is null ? null : PublicName.Mask(e.NameEn) },
        _ => liveEvent,
    };
}
