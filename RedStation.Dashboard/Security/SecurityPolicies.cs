using Microsoft.AspNetCore.Authorization;
using RedStation.Data.Security;

namespace RedStation.Dashboard.Security;

public static class SecurityPolicies
{
    /// <summary>Reads of the hub: a signed-in person with any role, a wall display, or a key with <c>read</c>.</summary>
    public const string Read = nameof(Read);

    /// <summary>Reads of the API: like <see cref="Read"/>, but never a wall display (the API is not for screens).</summary>
    public const string ApiRead = nameof(ApiRead);

    /// <summary>Writes to the station in the route's <c>{stationId}</c>: see <see cref="StationAccess.CanWriteAt"/>.</summary>
    public const string WriteAtStation = nameof(WriteAtStation);

    /// <summary>Creates and revokes display tokens: see <see cref="StationAccess.CanManageDisplays"/>.</summary>
    public const string ManageDisplays = nameof(ManageDisplays);

    /// <summary>Every station's alerts and the alerts page: see <see cref="StationAccess.CanSeeAlerts"/>.</summary>
    public const string SeeAlerts = nameof(SeeAlerts);

    /// <summary>Pages (and, by default, everything else): a signed-in person with any role.</summary>
    public static AuthorizationPolicy Person { get; } =
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(StaffRoles.All).Build();

    internal static void Configure(AuthorizationOptions options)
    {
        options.DefaultPolicy = Person;
        // Deny by default: an endpoint that says nothing needs a signed-in person; anonymous ones say so.
        options.FallbackPolicy = Person;
        options.AddPolicy(Read, policy => policy.RequireAssertion(context => StationAccess.CanRead(context.User)));
        options.AddPolicy(ApiRead, policy => policy.RequireAssertion(context => StationAccess.CanUseApi(context.User)));
        options.AddPolicy(WriteAtStation, policy => policy.AddRequirements(new StationWriteRequirement()));
        options.AddPolicy(ManageDisplays, policy => policy.RequireAssertion(context => StationAccess.CanManageDisplays(context.User)));
        options.AddPolicy(SeeAlerts, policy => policy.RequireAssertion(context => StationAccess.CanSeeAlerts(context.User)));
    }
}

/// <summary>The principal may write at the station named by the route value <c>stationId</c>.</summary>
public sealed class StationWriteRequirement : IAuthorizationRequirement;

public sealed class StationWriteHandler : AuthorizationHandler<StationWriteRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StationWriteRequirement requirement)
    {
        // Endpoint routing hands the HttpContext over as the resource.
        if (context.Resource is HttpContext http &&
            http.Request.RouteValues.TryGetValue("stationId", out var value) &&
            int.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), out var stationId) &&
            StationAccess.CanWriteAt(context.User, stationId))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
