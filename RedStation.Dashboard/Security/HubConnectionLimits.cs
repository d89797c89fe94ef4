using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Live;
using RedStation.Data.Security;

namespace RedStation.Dashboard.Security;

/// <summary>
/// Caps the live hub's concurrent connections per credential: per integration key
/// (<see cref="RateLimitOptions.HubConnectionsPerKey"/>), per display token (<see cref="RateLimitOptions.HubConnectionsPerDisplay"/>)
/// and per person (<see cref="RateLimitOptions.HubConnectionsPerPerson"/>), beside the per-address limit on connection
/// attempts. A connection holds its slot from <c>OnConnectedAsync</c> to <c>OnDisconnectedAsync</c>, so a client that
/// closes (or whose connection the server times out) frees it for its reconnection. Counted per server: behind a load
/// balancer a credential may hold the limit on each server.
/// </summary>
public sealed class HubConnectionLimiter(IOptionsMonitor<RateLimitOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>A credential's slot count key, its kind (for the refusal) and its limit.</summary>
    public sealed record Credential(string Id, string Kind, int Limit);

    /// <summary>The credential a connection of <paramref name="user"/> counts against; null when it is not limited.</summary>
    public Credential? CredentialOf(ClaimsPrincipal? user)
    {
        if (user is null)
        {
            return null;
        }

        var limits = options.CurrentValue;
        var actor = Actors.From(user);
        var (kind, limit) = actor.Kind switch
        {
            ActorKind.ApiKey => ("key", limits.HubConnectionsPerKey),
            ActorKind.DisplayToken => ("display", limits.HubConnectionsPerDisplay),
            ActorKind.Person => ("person", limits.HubConnectionsPerPerson),
            _ => ("", 0),
        };
        return limit > 0 ? new Credential($"{actor.Kind}:{actor.Id}", kind, limit) : null;
    }

    /// <summary>Whether one more connection of <paramref name="credential"/> would be taken now.</summary>
    public bool HasRoom(Credential credential)
    {
        lock (_lock)
        {
            return Open(credential.Id) < credential.Limit;
        }
    }

    /// <summary>Takes a slot of <paramref name="credential"/>; false when all of its slots are held.</summary>
    public bool TryEnter(Credential credential)
    {
        lock (_lock)
        {
            var open = Open(credential.Id);
            if (open >= credential.Limit)
            {
                return false;
            }

            _open[credential.Id] = open + 1;
            return true;
        }
    }

    /// <summary>Gives a slot back.</summary>
    public void Leave(Credential credential)
    {
        lock (_lock)
        {
            var open = Open(credential.Id);
            if (open <= 1)
            {
                _open.Remove(credential.Id);
            }
            else
            {
                _open[credential.Id] = open - 1;
            }
        }
    }

    /// <summary>The connections <paramref name="credential"/> holds on this server.</summary>
    public int OpenConnections(Credential credential)
    {
        lock (_lock)
        {
            return Open(credential.Id);
        }
    }

    /// <summary>The refusal, for the client and the log: no secret, only the kind of credential and the limit.</summary>
    public static string RefusalOf(Credential credential) =>
        $"Too many live connections for this {credential.Kind}: at most {credential.Limit} at once. Close one before opening another.";

    private int Open(string id) => _open.TryGetValue(id, out var open) ? open : 0;
}

/// <summary>
/// Holds a <see cref="HubConnectionLimiter"/> slot for each connection of the live hub. A connection beyond its
/// credential's limit (one that got past the check of <see cref="HubConnectionLimits.UseHubConnectionLimits"/> in a race)
/// is aborted and logged as a refusal, briefly and within the refusal log's budget.
/// </summary>
public sealed class HubConnectionLimitFilter(HubConnectionLimiter limiter, HubRefusalLogFilter refusals) : IHubFilter
{
    private static readonly object SlotKey = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (limiter.CredentialOf(context.Context.User) is not { } credential)
        {
            await next(context);
            return;
        }

        if (!limiter.TryEnter(credential))
        {
            refusals.Refused("connect", HubConnectionLimiter.RefusalOf(credential));
            context.Context.Abort();
            return;
        }

        context.Context.Items[SlotKey] = credential;
        try
        {
            await next(context);
        }
        catch
        {
            // A connection whose OnConnectedAsync fails never reaches OnDisconnectedAsync: its slot is given back here.
            context.Context.Items.Remove(SlotKey);
            limiter.Leave(credential);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.TryGetValue(SlotKey, out var held) && held is HubConnectionLimiter.Credential credential)
            {
                context.Context.Items.Remove(SlotKey);
                limiter.Leave(credential);
            }
        }
    }
}

/// <summary>The live hub's connection limits, in the pipeline and on the hub.</summary>
public static class HubConnectionLimits
{
    public const string ErrorCode = "TooManyConnections";

    /// <summary>
    /// Refuses a connection attempt to the live hub (<see cref="LiveHub.IsConnectionAttempt"/>) whose credential already
    /// holds all of its connections, with 429 and problem details, before any connection exists. Runs after
    /// authorization, so that only a caller the hub would admit is counted.
    /// </summary>
    public static IApplicationBuilder UseHubConnectionLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(LiveHub.Path, StringComparison.OrdinalIgnoreCase) && LiveHub.IsConnectionAttempt(context.Request))
        {
            var limiter = context.RequestServices.GetRequiredService<HubConnectionLimiter>();
            if (limiter.CredentialOf(context.User) is { } credential && !limiter.HasRoom(credential))
            {
                var reason = HubConnectionLimiter.RefusalOf(credential);
                context.RequestServices.GetRequiredService<HubRefusalLogFilter>().Refused("connect", reason);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "TooManyConnections",
                        Detail = reason,
                        Extensions = { ["code"] = ErrorCode },
                    },
                });
                return;
            }
        }

        await next(context);
    });
}
