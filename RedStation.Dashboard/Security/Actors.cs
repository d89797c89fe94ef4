using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;
using RedStation.Data.Security;

namespace RedStation.Dashboard.Security;

/// <summary>Who a principal is, for the audit trail.</summary>
public static class Actors
{
    public static Actor From(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true } identity)
        {
            return Actor.System;
        }

        var name = identity.Name ?? "?";
        return identity.AuthenticationType switch
        {
            SecurityClaims.ApiKeyScheme => new Actor(ActorKind.ApiKey, user.FindFirstValue(SecurityClaims.ActorId) ?? name, name),
            SecurityClaims.DisplayScheme => new Actor(ActorKind.DisplayToken, user.FindFirstValue(SecurityClaims.ActorId) ?? name, name),
            _ => new Actor(ActorKind.Person, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? name, name)
            {
                IsAdministrator = user.IsInRole(StaffRoles.Administrator),
            },
        };
    }

    /// <summary>Makes the request's principal the actor of every write it queues.</summary>
    public static IApplicationBuilder UseRequestActor(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            using var _ = ActorContext.Begin(From(context.User));
            await next(context);
        });
}

/// <summary>Makes a Blazor circuit's signed-in person the actor of every write its event handlers queue.</summary>
public sealed class ActorCircuitHandler(AuthenticationStateProvider authentication) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var state = await authentication.GetAuthenticationStateAsync();
            using var _ = ActorContext.Begin(Actors.From(state.User));
            await next(context);
        };
}

/// <summary>Makes a hub caller the actor of every write its hub methods queue.</summary>
public sealed class ActorHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using var _ = ActorContext.Begin(Actors.From(invocationContext.Context.User ?? new ClaimsPrincipal()));
        return await next(invocationContext);
    }
}
