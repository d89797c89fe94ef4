using System.Text.Json.Serialization;
using RedStation.Dashboard.Security;
using Scalar.AspNetCore;

namespace RedStation.Dashboard.Api;

public static class ApiExtensions
{
    public static IServiceCollection AddIntegrationApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();

        // Always throw on a malformed request, so that ApiExceptionHandler answers it the same way everywhere.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return services;
    }

    public static WebApplication MapIntegrationApi(this WebApplication app)
    {
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api => api.UseExceptionHandler().UseMiddleware<IdempotencyMiddleware>());
        app.MapOpenApi().RequireAuthorization(SecurityPolicies.Read);
        app.MapScalarApiReference("/api/reference").RequireAuthorization(SecurityPolicies.Read);
        app.MapRedStationApi();
        return app;
    }
}
