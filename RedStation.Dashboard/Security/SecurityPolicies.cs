using System.Collections.Frozen;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using RedStation.Data.Security;

namespace RedStation.Dashboard.Security;

/// <summary>
/// The named authorization policies: every role decision of a page, an endpoint or the hub names one of these
/// (<c>[Authorize(Policy = SecurityPolicies.X)]</c>, <c>.RequireAuthorization(SecurityPolicies.X)</c>), never a list of
/// roles. Each is decided by one <see cref="StationAccess"/> predicate; a component that shows or hides something asks
/// <see cref="Allows"/> with the same name, so the menu, the buttons and the server never disagree.
/// </summary>
public static class SecurityPolicies
{
    /// <summary>Reads of the hub: a signed-in person with any role, a wall display, or a key with <c>read</c>.</summary>
    public const string Read = nameof(Read);

    /// <summary>Reads of the API: like <see cref="Read"/>, but never a wall display (the API is not for screens).</summary>
    public const string ApiRead = nameof(ApiRead);

    /// <summary>Writes to the station in the route's <c>{stationId}</c>: see <see cref="StationAccess.CanWriteAt"/>.</summary>
    public const string WriteAtStation = nameof(WriteAtStation);

    /// <summary>
    /// Acknowledges the alerts of a station, given as the resource (an <see cref="int"/> station id, or the request
    /// with a <c>{stationId}</c> route value): see <see cref="StationAccess.CanAcknowledgeAlertsAt"/>.
    /// </summary>
    public const string AcknowledgeAlerts = nameof(AcknowledgeAlerts);

    /// <summary>Creates and revokes display tokens: see <see cref="StationAccess.CanManageDisplays"/>.</summary>
    public const string ManageDisplays = nameof(ManageDisplays);

    /// <summary>Every station's alerts and the alerts page: see <see cref="StationAccess.CanSeeAlerts"/>.</summary>
    public const string SeeAlerts = nameof(SeeAlerts);

    /// <summary>Stations, volunteers and their import, teams, activity types: see <see cref="StationAccess.CanManageNetwork"/>.</summary>
    public const string ManageNetwork = nameof(ManageNetwork);

    /// <summary>The displays page (playlists): see <see cref="StationAccess.CanEditPlaylists"/>.</summary>
    public const string EditPlaylists = nameof(EditPlaylists);

    /// <summary>The analytics pages and exports: see <see cref="StationAccess.CanSeeAnalytics"/>.</summary>
    public const string SeeAnalytics = nameof(SeeAnalytics);

    /// <summary>The duty desk: see <see cref="StationAccess.CanRunDesk"/>.</summary>
    public const string RunDesk = nameof(RunDesk);

    /// <summary>The wall screens: see <see cref="StationAccess.CanWatchWall"/> (the scope is checked by the wall itself).</summary>
    public const string WatchWall = nameof(WatchWall);

    /// <summary>The people page: see <see cref="StationAccess.CanManagePeople"/>.</summary>
    public const string ManagePeople = nameof(ManagePeople);

    /// <summary>The integration keys page: see <see cref="StationAccess.CanManageKeys"/>.</summary>
    public const string ManageKeys = nameof(ManageKeys);

    /// <summary>The audit page: see <see cref="StationAccess.CanSeeAudit"/>.</summary>
    public const string SeeAudit = nameof(SeeAudit);

    /// <summary>The backups page and backup downloads: see <see cref="StationAccess.CanManageBackups"/>.</summary>
    public const string ManageBackups = nameof(ManageBackups);

    /// <summary>The historical baselines page: see <see cref="StationAccess.CanManageBaselines"/>.</summary>
    public const string ManageBaselines = nameof(ManageBaselines);

    /// <summary>The policies decided by the principal alone, and the predicate that decides each.</summary>
    private static readonly FrozenDictionary<string, Func<ClaimsPrincipal, bool>> PrincipalPolicies =
        new Dictionary<string, Func<ClaimsPrincipal, bool>>
        {
            [Read] = StationAccess.CanRead,
            [ApiRead] = StationAccess.CanUseApi,
            [ManageDisplays] = StationAccess.CanManageDisplays,
            [SeeAlerts] = StationAccess.CanSeeAlerts,
            [ManageNetwork] = StationAccess.CanManageNetwork,
            [EditPlaylists] = StationAccess.CanEditPlaylists,
            [SeeAnalytics] = StationAccess.CanSeeAnalytics,
            [RunDesk] = StationAccess.CanRunDesk,
            [WatchWall] = StationAccess.CanWatchWall,
            [ManagePeople] = StationAccess.CanManagePeople,
            [ManageKeys] = StationAccess.CanManageKeys,
            [SeeAudit] = StationAccess.CanSeeAudit,
            [ManageBackups] = StationAccess.CanManageBackups,
            [ManageBaselines] = StationAccess.CanManageBaselines,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The policies decided per station (the resource), and the predicate that decides each.</summary>
    private static readonly FrozenDictionary<string, Func<ClaimsPrincipal, int, bool>> StationPolicies =
        new Dictionary<string, Func<ClaimsPrincipal, int, bool>>
        {
            [WriteAtStation] = StationAccess.CanWriteAt,
            [AcknowledgeAlerts] = StationAccess.CanAcknowledgeAlertsAt,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every named policy.</summary>
    public static IReadOnlyCollection<string> Names { get; } = [.. PrincipalPolicies.Keys, .. StationPolicies.Keys];

    /// <summary>Pages (and, by default, everything else): a signed-in person with any role.</summary>
    public static AuthorizationPolicy Person { get; } =
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(StaffRoles.All).Build();

    /// <summary>
    /// Whether <paramref name="user"/> passes <paramref name="policy"/>, one decided by the principal alone: what a
    /// component asks to show or hide a menu entry or a button, answered exactly as the server's check of the page.
    /// </summary>
    public static bool Allows(ClaimsPrincipal user, string policy) =>
        PrincipalPolicies.TryGetValue(policy, out var allows)
            ? allows(user)
            : throw new ArgumentException($"'{policy}' is not a policy decided by the principal alone.", nameof(policy));

    internal static void Configure(AuthorizationOptions options)
    {
        options.DefaultPolicy = Person;
        // Deny by default: an endpoint that says nothing needs a signed-in person; anonymous ones say so.
        options.FallbackPolicy = Person;
        foreach (var (name, allows) in PrincipalPolicies)
        {
            options.AddPolicy(name, policy => policy.RequireAssertion(context => allows(context.User)));
        }

        foreach (var (name, allows) in StationPolicies)
        {
            options.AddPolicy(name, policy => policy.AddRequirements(new StationRequirement(allows)));
        }
    }
}

/// <summary>The principal passes <see cref="Allows"/> at the station given as the resource.</summary>
public sealed class StationRequirement(Func<ClaimsPrincipal, int, bool> allows) : IAuthorizationRequirement
{
    public Func<ClaimsPrincipal, int, bool> Allows { get; } = allows;
}

/// <summary>
/// Decides a <see cref="StationRequirement"/>: the station is the resource, an <see cref="int"/> (a component or a
/// handler asking <see cref="IAuthorizationService"/>) or the request, whose route names it as <c>stationId</c>
/// (endpoint routing hands the <see cref="HttpContext"/> over as the resource).
/// </summary>
public sealed class StationRequirementHandler : AuthorizationHandler<StationRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StationRequirement requirement)
    {
        var stationId = context.Resource switch
        {
            int id => id,
            HttpContext http when http.Request.RouteValues.TryGetValue("stationId", out var value) &&
                int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) => id,
            _ => (int?)null,
        };
        if (stationId is { } station && requirement.Allows(context.User, station))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
