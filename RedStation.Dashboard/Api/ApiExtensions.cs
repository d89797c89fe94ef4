using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
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
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Numbers are numbers: the web defaults also take "30" for 30, which the API promised to refuse. Instants carry
            // their offset (InstantJsonConverter). Unknown fields are refused per request model (ApiModels.cs), so the
            // OpenAPI document says so for them and not for the answers, which may gain fields.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.Converters.Add(new InstantJsonConverter());
            // A field sent twice is refused, never "the last one wins": a proxy or a log reading the first would see
            // another request than the one written.
            options.SerializerOptions.AllowDuplicateProperties = false;
            // ASP.NET Core writes HTTP JSON with the relaxed encoder, which leaves < > & ' " as they are. Free text holds
            // whatever callers typed, markup included: escaped, it stays inert data even for a client that pastes it into
            // HTML or a sniffing proxy. Chinese stays readable (all Unicode ranges are allowed).
            options.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
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

    private static IResult UnmatchedApiRequest(HttpRequest request) =>
        request.ContentLength > 0 && request.HasJsonContentType() is false
            ? TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "InvalidRequest",
                detail: "Request bodies are JSON: send Content-Type: application/json.",
                extensions: new Dictionary<string, object?> { ["code"] = "InvalidRequest" })
            : ApiProblems.NotFound("NotFound", $"There is no {request.Method} {request.Path} in the API.");

    public static WebApplication MapIntegrationApi(this WebApplication app)
    {
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api => api.UseExceptionHandler().UseStatusCodePages().Use(LimitBodySize).UseMiddleware<IdempotencyMiddleware>());
        app.MapOpenApi().RequireAuthorization(SecurityPolicies.ApiRead);
        // No fonts from Scalar's CDN: the policy allows fonts from our own origin only.
        app.MapScalarApiReference(ContentSecurityPolicy.ApiReferencePath, options => options.DisableDefaultFonts()).RequireAuthorization(SecurityPolicies.ApiRead);
        app.MapRedStationApi();

        // Without it, a request no API endpoint takes (an unknown address, a body that is not JSON) matches no endpoint,
        // falls to the deny-by-default policy and is answered 403 even for a valid key. Readers get a precise answer.
        app.MapFallback("/api/{**path}", UnmatchedApiRequest).RequireAuthorization(SecurityPolicies.Read).ExcludeFromDescription();
        return app;
    }
}
