using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using RedStation.Dashboard.Localization;
using RedStation.Dashboard.Security;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Setup;

/// <summary>
/// The page a city's administrator opens on with an empty database: what the network holds of each thing a city brings
/// in before its first day (districts and communities, stations, activity types, volunteers, staff, wall displays), each
/// with its next step. Counts come from the database (<see cref="SetupDirectory"/>); the page stays useful later as a
/// summary of the network's parts.
/// </summary>
public partial class SetupPage
{
    private NetworkSetup? _setup;
    private bool _isAdministrator;

    [Inject]
    public required SetupDirectory Directory { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        _isAdministrator = user is not null && StationAccess.CanRunEveryDesk(user);
        _setup = await Directory.GetAsync();
    }

    /// <summary>One step of the list: done once the network holds one of its things.</summary>
    private sealed record Step(string Key, bool Done, string Count, string? Href, bool Optional = false);

    private IEnumerable<Step> Steps(NetworkSetup setup)
    {
        yield return new Step("Network", setup.Districts > 0 && setup.Communities > 0,
            L["Setup.Count.Network", setup.Districts, setup.Communities], NetworkHref);
        yield return new Step("Stations", setup.HasStations,
            L["Setup.Count.Stations", setup.RedStations, setup.Venues], "manage/stations");
        yield return new Step("Units", setup.Units > 0,
            L["Setup.Count.Units", setup.Units, setup.UnitVenues], UnitsImportHref, Optional: true);
        yield return new Step("ActivityTypes", setup.ActivityTypes > 0,
            L.Count("Setup.Count.ActivityTypes", setup.ActivityTypes, setup.ActivityTypes), "manage/activity-types");
        yield return new Step("Volunteers", setup.Volunteers > 0,
            L.Count("Setup.Count.Volunteers", setup.Volunteers, setup.Volunteers), "manage/volunteers/import");
        yield return new Step("Staff", setup.DutyStaff > 0,
            L["Setup.Count.Staff", setup.Organisers, setup.DutyStaff], _isAdministrator ? "admin/people" : null);
        yield return new Step("Teams", setup.Teams > 0,
            L.Count("Setup.Count.Teams", setup.Teams, setup.Teams), "manage/teams", Optional: true);
        yield return new Step("Displays", setup.DisplayTokens > 0,
            L.Count("Setup.Count.Displays", setup.DisplayTokens, setup.DisplayTokens), _isAdministrator ? "admin/displays" : null, Optional: true);
    }

    /// <summary>
    /// Districts, communities, units, stations, staff and volunteers come in with the network's import, opened on the
    /// whole-network workbook: one file, one preview, one write.
    /// </summary>
    internal const string NetworkHref = "manage/import?sheet=workbook";

    /// <summary>Units come in with the network import's units sheet.</summary>
    internal const string UnitsImportHref = "manage/import?sheet=units";
}
