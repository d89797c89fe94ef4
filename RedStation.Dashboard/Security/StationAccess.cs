using System.Globalization;
using System.Security.Claims;
using RedStation.Data.Live;
using RedStation.Data.Security;

namespace RedStation.Dashboard.Security;

/// <summary>
/// The one place that decides who may read and who may write at a station, for the API, the hub and the
/// screens alike. Pure over the principal's claims: a duty staff member's stations are put in the cookie at
/// sign-in (<see cref="StaffClaimsPrincipalFactory"/>), a key's from its configuration.
/// </summary>
public static class StationAccess
{
    public static bool IsApiKey(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: SecurityClaims.ApiKeyScheme };

    /// <summary>A wall display (admitted by a display token, or a person given the Display role): read-only.</summary>
    public static bool IsDisplay(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true } &&
        (user.Identity.AuthenticationType == SecurityClaims.DisplayScheme || user.IsInRole(StaffRoles.Display));

    /// <summary>The API is for people and integration keys: never for wall displays, which see only their screens.</summary>
    public static bool CanUseApi(ClaimsPrincipal user) => CanRead(user) && !IsDisplay(user);

    /// <summary>
    /// The live scope a principal may watch: a display token's own scope; everyone else the whole network.
    /// A display whose scope cannot be read sees nothing rather than everything.
    /// </summary>
    public static LiveScope? WatchableScope(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        // People and keys watch the whole network; a display token only its own scope.
        if (user.Identity.AuthenticationType != SecurityClaims.DisplayScheme)
        {
            return LiveScope.All;
        }

        return user.FindFirstValue(SecurityClaims.DisplayScope) is { } text && LiveScope.TryParse(text, out var scope) ? scope : null;
    }

    /// <summary>
    /// Whether <paramref name="user"/> may watch <paramref name="requested"/>: inside its own scope. A station's
    /// district is given by <paramref name="districtOfStation"/> (null when the station is unknown).
    /// </summary>
    public static bool CanWatch(ClaimsPrincipal user, LiveScope requested, Func<int, int?> districtOfStation)
    {
        if (WatchableScope(user) is not { } allowed)
        {
            return false;
        }

        if (allowed == LiveScope.All)
        {
            return true;
        }

        if (allowed.StationId is { } onlyStation)
        {
            return requested.StationId == onlyStation;
        }

        return requested.DistrictId == allowed.DistrictId ||
            (requested.StationId is { } stationId && districtOfStation(stationId) == allowed.DistrictId);
    }

    /// <summary>A signed-in person with any role, or a key with the <c>read</c> scope.</summary>
    public static bool CanRead(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true &&
        (IsApiKey(user)
            ? user.HasClaim(SecurityClaims.Scope, SecurityClaims.ReadScope)
            : StaffRoles.All.Any(user.IsInRole));

    /// <summary>
    /// An administrator; duty staff assigned to the station; a key with the <c>write</c> scope, limited to its
    /// stations when it has any. Organisers and displays never write check-ins and the like.
    /// </summary>
    public static bool CanWriteAt(ClaimsPrincipal user, int stationId)
    {
        // A wall display is read-only, whatever else its principal says.
        if (user.Identity?.IsAuthenticated != true || IsDisplay(user))
        {
            return false;
        }

        if (IsApiKey(user))
        {
            var limits = StationsOf(user);
            return user.HasClaim(SecurityClaims.Scope, SecurityClaims.WriteScope) && (limits.Count == 0 || limits.Contains(stationId));
        }

        return user.IsInRole(StaffRoles.Administrator) ||
            (user.IsInRole(StaffRoles.DutyStaff) && StationsOf(user).Contains(stationId));
    }

    /// <summary>
    /// May look after the station's material (its check-in poster): administrators, organisers, and the duty staff
    /// assigned to it. People only; keys and displays never.
    /// </summary>
    public static bool CanManage(ClaimsPrincipal user, int stationId) =>
        user.Identity?.IsAuthenticated == true && !IsApiKey(user) &&
        (user.IsInRole(StaffRoles.Administrator) || user.IsInRole(StaffRoles.Organiser) ||
            (user.IsInRole(StaffRoles.DutyStaff) && StationsOf(user).Contains(stationId)));

    /// <summary>
    /// Hands out and withdraws wall screens' access (creates and revokes display tokens): administrators only. Organisers
    /// tune what the screens show (playlists). Policy <see cref="SecurityPolicies.ManageDisplays"/>.
    /// </summary>
    public static bool CanManageDisplays(ClaimsPrincipal user) => IsAdministrator(user);

    /// <summary>
    /// Sees every station's alerts and the alerts page: organisers and administrators (duty staff see their own stations'
    /// alerts on the desk). Policy <see cref="SecurityPolicies.SeeAlerts"/>.
    /// </summary>
    public static bool CanSeeAlerts(ClaimsPrincipal user) => IsOrganiserOrAdministrator(user);

    /// <summary>
    /// Sees the alerts of a station (the API's <c>/alerts</c>): organisers and administrators everywhere, duty staff at
    /// their stations, a key within its stations (all when it names none). Displays never.
    /// </summary>
    public static bool CanSeeAlertsAt(ClaimsPrincipal user, int stationId)
    {
        if (!CanUseApi(user))
        {
            return false;
        }

        if (IsApiKey(user))
        {
            var limits = StationsOf(user);
            return limits.Count == 0 || limits.Contains(stationId);
        }

        return CanSeeAlerts(user) || (IsDutyStaff(user) && StationsOf(user).Contains(stationId));
    }

    /// <summary>
    /// May acknowledge a station's alerts: whoever may write there (administrators, its duty staff, a key with
    /// <c>write</c> for it) and organisers, who look after every station's alerts. Displays and read-only keys never.
    /// Policy <see cref="SecurityPolicies.AcknowledgeAlerts"/> (with the station as the resource); the alert lists ask this.
    /// </summary>
    public static bool CanAcknowledgeAlertsAt(ClaimsPrincipal user, int stationId) => CanWriteAt(user, stationId) || CanSeeAlerts(user);

    /// <summary>May open any wall to preview it (a token's playlist included): organisers and administrators.</summary>
    public static bool CanPreviewAnyWall(ClaimsPrincipal user) => CanSeeAlerts(user);

    /// <summary>
    /// Manages the network's catalogue: stations, volunteers (and their import), teams, activity types, the setup page. Organisers and
    /// administrators. Policy <see cref="SecurityPolicies.ManageNetwork"/>.
    /// </summary>
    public static bool CanManageNetwork(ClaimsPrincipal user) => IsOrganiserOrAdministrator(user);

    /// <summary>
    /// Tunes what the wall screens show (the displays page's playlists): organisers and administrators; handing out
    /// screens' access is <see cref="CanManageDisplays"/>. Policy <see cref="SecurityPolicies.EditPlaylists"/>.
    /// </summary>
    public static bool CanEditPlaylists(ClaimsPrincipal user) => IsOrganiserOrAdministrator(user);

    /// <summary>The analytics pages (a station's history, a volunteer's record) and their exports: organisers and administrators. Policy <see cref="SecurityPolicies.SeeAnalytics"/>.</summary>
    public static bool CanSeeAnalytics(ClaimsPrincipal user) => IsOrganiserOrAdministrator(user);

    /// <summary>Opens the duty desk: duty staff (at their stations) and administrators (at any). Policy <see cref="SecurityPolicies.RunDesk"/>.</summary>
    public static bool CanRunDesk(ClaimsPrincipal user) => IsDutyStaff(user) || CanRunEveryDesk(user);

    /// <summary>Opens a wall screen: a display (within its scope, see <see cref="CanWatch"/>), or a person who may preview any wall. Policy <see cref="SecurityPolicies.WatchWall"/>.</summary>
    public static bool CanWatchWall(ClaimsPrincipal user) => IsDisplay(user) || CanPreviewAnyWall(user);

    /// <summary>Manages people's accounts, roles and stations: administrators. Policy <see cref="SecurityPolicies.ManagePeople"/>.</summary>
    public static bool CanManagePeople(ClaimsPrincipal user) => IsAdministrator(user);

    /// <summary>Creates and revokes integration keys: administrators. Policy <see cref="SecurityPolicies.ManageKeys"/>.</summary>
    public static bool CanManageKeys(ClaimsPrincipal user) => IsAdministrator(user);

    /// <summary>Reads the audit trail: administrators. Policy <see cref="SecurityPolicies.SeeAudit"/>.</summary>
    public static bool CanSeeAudit(ClaimsPrincipal user) => IsAdministrator(user);

    /// <summary>Lists, makes and downloads database backups: administrators. Policy <see cref="SecurityPolicies.ManageBackups"/>.</summary>
    public static bool CanManageBackups(ClaimsPrincipal user) => IsAdministrator(user);

    /// <summary>Enters the programme's historical baselines (the figures from before the system): administrators. Policy <see cref="SecurityPolicies.ManageBaselines"/>.</summary>
    public static bool CanManageBaselines(ClaimsPrincipal user) => IsAdministrator(user);

    /// <summary>Duty staff: they run (and see the alerts of) the stations in <see cref="StationsOf"/>.</summary>
    public static bool IsDutyStaff(ClaimsPrincipal user) => IsPerson(user) && user.IsInRole(StaffRoles.DutyStaff);

    /// <summary>May run the desk of any open station, not only assigned ones: administrators.</summary>
    public static bool CanRunEveryDesk(ClaimsPrincipal user) => IsAdministrator(user);

    private static bool IsAdministrator(ClaimsPrincipal user) => IsPerson(user) && user.IsInRole(StaffRoles.Administrator);

    private static bool IsOrganiserOrAdministrator(ClaimsPrincipal user) =>
        IsPerson(user) && (user.IsInRole(StaffRoles.Administrator) || user.IsInRole(StaffRoles.Organiser));

    private static bool IsPerson(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && !IsApiKey(user) && !IsDisplay(user);

    public static IReadOnlySet<int> StationsOf(ClaimsPrincipal user) =>
        user.FindAll(SecurityClaims.Station)
            .Select(c => int.TryParse(c.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0)
            .ToHashSet();
}
