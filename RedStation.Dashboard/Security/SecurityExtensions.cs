using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Features.SelfCheckIn;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Security;

namespace RedStation.Dashboard.Security;

public static partial class SecurityExtensions
{
    public const string SignInRateLimitPolicy = "sign-in";
    public const string ApiRateLimitPolicy = "api";
    public const string LoginPath = "/account/login";

    /// <summary>Where a signed-in person whose roles do not open a page is told so (403), in their language.</summary>
    public const string AccessDeniedPath = "/account/denied";

    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName));
        services.AddSingleton<SignInAttemptLimiter>();
        services.AddSingleton<CredentialCache>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<IAuthorizationHandler, StationRequirementHandler>();
        services.AddScoped<IdentitySeeder>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, ActorCircuitHandler>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SecurityClaims.SmartScheme;
                options.DefaultChallengeScheme = SecurityClaims.SmartScheme;
                options.DefaultForbidScheme = SecurityClaims.SmartScheme;
            })
            .AddPolicyScheme(SecurityClaims.SmartScheme, "Person, integration key or wall display", options =>
                options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SecurityClaims.ApiKeyScheme, null)
            .AddDisplayCookie()
            .AddIdentityCookies();

        // How soon a cookie notices a new security stamp (a locked person, a reset password, changed roles or stations):
        // at the first request after this interval, at the cost of one user lookup per person per interval.
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<IOptions<SecurityOptions>>((stamp, security) => stamp.ValidationInterval = security.Value.StampValidationInterval);

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = LoginPath;
            options.AccessDeniedPath = AccessDeniedPath;
            options.Cookie.Name = SecurityClaims.PersonCookie;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            // Machines get status codes, not a sign-in page.
            options.Events.OnRedirectToLogin = context => IsMachinePath(context.Request)
                ? ApiKeyAuthenticationHandler.WriteProblemAsync(context.HttpContext, context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(),
                    StatusCodes.Status401Unauthorized, "Unauthorized", "Sign in, or present an integration key in the X-Api-Key header.")
                : RedirectAsync(context);
            options.Events.OnRedirectToAccessDenied = context => IsMachinePath(context.Request)
                ? ApiKeyAuthenticationHandler.WriteProblemAsync(context.HttpContext, context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(),
                    StatusCodes.Status403Forbidden, "Forbidden", "These credentials may not do this here.")
                : ShowAccessDeniedAsync(context.HttpContext);
        });

        services.AddIdentityCore<StaffUser>(StaffIdentityPolicy.Configure)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RedStationDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StaffClaimsPrincipalFactory>();

        // Keys in the database: sign-ins and antiforgery tokens survive a restart and are shared by every instance.
        services.AddDataProtection()
            .SetApplicationName("RedStation")
            .PersistKeysToDbContext<RedStationDbContext>();

        services.AddAuthorization(SecurityPolicies.Configure);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingStaffAuthenticationStateProvider>();

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, _) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                // Volunteers at a poster get a page in their language saying how long to wait.
                if (http.Request.Path.StartsWithSegments(SelfCheckInExtensions.PathPrefix) || http.Request.Path.StartsWithSegments(SelfCheckInExtensions.ShortPathPrefix))
                {
                    await SelfCheckInExtensions.WriteTooManyAttemptsPageAsync(http, context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null);
                }

                // API callers get problem-details, like every other refusal of the API.
                else if (http.Request.Path.StartsWithSegments("/api"))
                {
                    await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = http,
                        ProblemDetails =
                        {
                            Status = StatusCodes.Status429TooManyRequests,
                            Title = "TooManyRequests",
                            Detail = "Too many requests from this caller; retry after the time in Retry-After.",
                            Extensions = { ["code"] = "TooManyRequests" },
                        },
                    });
                }
            };
            options.AddPolicy(SignInRateLimitPolicy, context =>
            {
                // Only attempts count: showing the form is free.
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("view");
                }

                var security = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
                return PerAddress(context, security.SignInPermitLimit, security.SignInWindow);
            });
            options.AddPolicy(DisplaySignIn.RateLimitPolicy, context =>
            {
                // Display links are public: a budget per address keeps anyone from guessing tokens at speed.
                var security = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
                return PerAddress(context, security.DisplayConnectPermitLimit, security.DisplayConnectWindow);
            });
            options.AddPolicy(ApiRateLimitPolicy, context =>
            {
                // Each key or person has its own budget; anonymous callers share their address's.
                var caller = context.User.Identity is { IsAuthenticated: true, Name: { } name }
                    ? $"{context.User.Identity.AuthenticationType}:{name}"
                    : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var security = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = security.ApiPermitLimit,
                    Window = security.ApiWindow,
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    public static WebApplication UseDashboardSecurity(this WebApplication app)
    {
        app.UseSecurityHeaders();
        // A signed-in person refused a page gets the access-denied page, answering 403 at the address they asked for.
        // Re-execution is switched on only by that refusal (OnRedirectToAccessDenied), never for other status codes.
        app.UseStatusCodePagesWithReExecute(AccessDeniedPath);
        app.Use((context, next) =>
        {
            if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseRequestActor();
        app.UseWallConfinement();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseHubConnectionLimits();
        return app;
    }

    /// <summary>Creates the bootstrap administrator and, in Development, the demo accounts.</summary>
    public static async Task InitializeSecurityAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync();
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<StaffUser> signIn) =>
        {
            await signIn.SignOutAsync();
            // The form field is what makes this a form post, and so antiforgery-checked.
            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? $"{LoginPath}?ReturnUrl={Uri.EscapeDataString(returnUrl)}" : LoginPath);
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// A presented key wins; then a person's cookie; a request with only a display's cookie is the display. A browser
    /// that holds both cookies (an administrator testing a display link) stays the person.
    /// </summary>
    private static string SelectScheme(HttpContext context)
    {
        if (ApiKeyAuthenticationHandler.HasKey(context.Request))
        {
            return SecurityClaims.ApiKeyScheme;
        }

        var cookies = context.Request.Cookies;
        return !cookies.ContainsKey(SecurityClaims.PersonCookie) && cookies.ContainsKey(SecurityClaims.DisplayCookie)
            ? SecurityClaims.DisplayScheme
            : IdentityConstants.ApplicationScheme;
    }

    /// <summary>The longest return address kept; anything longer is no page of ours.</summary>
    public const int MaxLocalUrlLength = 2048;

    /// <summary>
    /// Only local paths: a return address must never become an open redirect. Stricter than ASP.NET Core's own check
    /// (which <c>LocalRedirect</c> enforces by throwing, a 500): no backslash anywhere (browsers read <c>/\evil</c> as
    /// <c>//evil</c>, and no address of ours has one), no control or format character, and a bounded length.
    /// </summary>
    public static bool IsLocal([NotNullWhen(true)] string? url) =>
        !string.IsNullOrEmpty(url)
        && url.Length <= MaxLocalUrlLength
        && url[0] == '/'
        && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Contains('\\', StringComparison.Ordinal)
        && !url.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format);

    /// <summary>Addresses answered for machines (API, hubs, OpenAPI): status codes and problem-details, never a page.</summary>
    internal static bool IsMachinePath(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/openapi");

    /// <summary>403 at the refused address; the status-code pages re-execute <see cref="AccessDeniedPath"/> to say why.</summary>
    private static Task ShowAccessDeniedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = true;
        }

        return Task.CompletedTask;
    }

    private static Task RedirectAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
