using System.Globalization;
using Microsoft.AspNetCore.Localization;
using MudBlazor;
using MudBlazor.Services;
using RedStation.Dashboard.Components.Map;
using RedStation.Dashboard.Localization;

namespace RedStation.Dashboard.Infrastructure;

public static class DashboardExtensions
{
    /// <summary>zh-CN first: the city's language. English for visitors and integrators.</summary>
    public static readonly string[] SupportedCultures = ["zh-CN", "en"];

    public static IServiceCollection AddDashboardUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomCenter;
            options.SnackbarConfiguration.ShowCloseIcon = true;
        });
        services.AddTransient<MudLocalizer, DashboardMudLocalizer>();
        // The city's boundaries, projected and simplified once per process, on the first map drawn.
        services.AddSingleton<CityMap>();
        services.AddHostedService<CityMapWarmUp>();
        return services;
    }

    public static IServiceCollection AddDashboardHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static IApplicationBuilder UseDashboardLocalization(this IApplicationBuilder app) =>
        app.UseRequestLocalization(options =>
        {
            var cultures = SupportedCultures.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(SupportedCultures[0]);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // An explicit ?culture= in the address wins (a poster's link may carry one), then the cookie (the user's
            // own choice); the browser's language only breaks a tie.
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { UIQueryStringKey = "culture" },
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The health check stays unlimited: load balancers probe it often, from one address.
        endpoints.MapHealthChecks("/healthz").AllowAnonymous();
        endpoints.MapGet("/culture/set", SetCulture).ExcludeFromDescription().AllowAnonymous()
            .RequireRateLimiting(Security.SecurityExtensions.PublicRateLimitPolicy);
        return endpoints;
    }

    /// <summary>Persists the language choice in the culture cookie and goes back to the page.</summary>
    private static IResult SetCulture(string culture, string? redirectUri, HttpContext context)
    {
        if (!SupportedCultures.Contains(culture, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Unsupported culture '{culture}'.");
        }

        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

        // Anything but one of our own paths goes home: the switch is anonymous and must never become an open redirect,
        // nor a 500 (LocalRedirect throws on what it considers non-local).
        return TypedResults.LocalRedirect(Security.SecurityExtensions.IsLocal(redirectUri) ? redirectUri : "/");
    }
}
