using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using RedStation.Dashboard.Security;

namespace RedStation.Dashboard.Live;

public static class LiveExtensions
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        // The refusal log first, so that it sees every failure of every filter and method behind it.
        services.AddSingleton<HubRefusalLogFilter>();
        services.AddSignalR(options =>
        {
            options.AddFilter<HubRefusalLogFilter>();
            options.AddFilter<ActorHubFilter>();
        }).AddJsonProtocol(options =>
            options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSingleton<HubSubscriptions>();
        services.AddSingleton<HubBroadcaster>();
        services.AddHostedService(provider => provider.GetRequiredService<HubBroadcaster>());
        return services;
    }

    public static IEndpointRouteBuilder MapLiveHub(this IEndpointRouteBuilder endpoints)
    {
        // Connection attempts are limited per client address; the policy lets an established connection's requests through.
        endpoints.MapHub<LiveHub>(LiveHub.Path).RequireRateLimiting(SecurityExtensions.HubConnectRateLimitPolicy);
        return endpoints;
    }
}
