using System.Text.Json.Serialization;
using RedStation.Dashboard.Security;
using Scalar.AspNetCore;

namespace RedStation.Dashboard.Api;

public static class ApiExtensions
{
    public static IServiceCollection AddIntegrationApi(this IServiceCollection services)
    {
        // Every problem answer names a stable code; status codes pages (an empty 413, say) get one from their status.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Status == StatusCodes.Status413PayloadTooLarge)
            {
                problem.Detail ??= $"The request body may be at most {MaxRequestBodyBytes / 1024} KB.";
                problem.Extensions.TryAdd("code", "PayloadTooLarge");
            }

            problem.Extensions.TryAdd("code", problem.Title?.Replace(" ", string.Empty, StringComparison.Ordinal));
        });
        services.AddExceptionHandler<ApiExceptionHandler>();

        // Always throw on a malformed request, so that ApiExceptionHandler answers it the same way everywhere.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return services;
    }

    /// <summary>The largest request body the API reads; its requests are a few hundred bytes.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    // Beyond the limit, reading the body throws a 413 BadHttpRequestException, which ApiExceptionHandler
    // answers with problem-details; the write is never attempted.
    private static Task LimitBodySize(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBodyBytes;
        }

        return next(context);
    }

    public static WebApplication MapIntegrationApi(this WebApplication app)
    {
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api => api.UseExceptionHandler().UseStatusCodePages().Use(LimitBodySize).UseMiddleware<IdempotencyMiddleware>());
        app.MapOpenApi().RequireAuthorization(SecurityPolicies.ApiRead);
        app.MapScalarApiReference("/api/reference").RequireAuthorization(SecurityPolicies.ApiRead);
        app.MapRedStationApi();
        return app;
    }
}
