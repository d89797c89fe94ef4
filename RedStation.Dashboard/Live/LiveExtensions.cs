using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using RedStation.Dashboard.Security;

namespace RedStation.Dashboard.Live;

public static class LiveExtensions
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        services.AddSignalR(options => options.AddFilter<ActorHubFilter>()).AddJsonProtocol(options =>
            options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddHostedService<HubBroadcaster>();
        return services;
    }

    public static IEndpointRouteBuilder MapLiveHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<LiveHub>(LiveHub.Path);
        return endpoints;
    }
}
