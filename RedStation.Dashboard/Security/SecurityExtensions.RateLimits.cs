using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace RedStation.Dashboard.Security;

public static partial class SecurityExtensions
{
    /// <summary>
    /// The rate limit for anonymous public endpoints: <see cref="RateLimitOptions.PublicPermitLimit"/> requests per client
    /// IP address per <see cref="RateLimitOptions.PublicWindow"/>, 429 with <c>Retry-After</c> beyond it. Apply it to any
    /// endpoint that answers without credentials: <c>.RequireRateLimiting(SecurityExtensions.PublicRateLimitPolicy)</c>.
    /// </summary>
    public const string PublicRateLimitPolicy = "public-per-ip";

    /// <summary>Hub connection attempts per client IP address; applied to <c>/hubs/live</c> by <c>MapLiveHub</c>.</summary>
    public const string HubConnectRateLimitPolicy = "hub-connect-per-ip";

    /// <summary>The hub and public-endpoint limits (see <see cref="RateLimitOptions"/>), beside the policies of <c>AddDashboardSecurity</c>.</summary>
    public static IServiceCollection AddHardeningRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName));
        services.Configure<RateLimiterOptions>(options =>
        {
            options.AddPolicy(PublicRateLimitPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return PerAddress(context, limits.PublicPermitLimit, limits.PublicWindow);
            });
            options.AddPolicy(HubConnectRateLimitPolicy, context =>
            {
                // Only a connection attempt counts: a negotiation, or a connection without an id (a WebSocket client that
                // skips negotiation). Requests of an established connection (long polling's polls and sends) carry its id.
                if (!Live.LiveHub.IsConnectionAttempt(context.Request))
                {
                    return RateLimitPartition.GetNoLimiter("established");
                }

                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return PerAddress(context, limits.HubConnectPermitLimit, limits.HubConnectWindow);
            });
        });
        services.AddSingleton<HubInvocationRateLimitFilter>();
        services.AddSingleton<HubConnectionLimiter>();
        services.AddSingleton<HubConnectionLimitFilter>();
        return services;
    }

    /// <summary>
    /// A fixed window per client address. <see cref="ConnectionInfo.RemoteIpAddress"/> is the client's own address
    /// only when forwarded headers are trusted from a configured proxy; otherwise a spoofed X-Forwarded-For is ignored.
    /// </summary>
    internal static RateLimitPartition<string> PerAddress(HttpContext context, int permitLimit, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 });
}
