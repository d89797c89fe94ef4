using System.Globalization;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Localization;
using RedStation.Dashboard.Localization;
using RedStation.Data.Live;
using RedStation.Data.Security;

namespace RedStation.Dashboard.Security;

/// <summary>
/// Wall displays: a display link (<c>/display/connect?token=…</c>) is exchanged for a long-lived cookie of the
/// <see cref="SecurityClaims.DisplayScheme"/> scheme; every request then checks that the token is still active.
/// </summary>
public static class DisplaySignIn
{
    public const string ConnectPath = "/display/connect";

    /// <summary>The wall display of the whole city.</summary>
    public const string WallPath = "/display";

    /// <summary>Where a screen goes once signed in: the wall display of its token's scope.</summary>
    public static string LandingPathFor(string scope) =>
        LiveScope.TryParse(scope, out var live) ? WallPathFor(live) : WallPath;

    /// <summary>The wall display of a scope: <c>/display</c>, <c>/display/district/{id}</c> or <c>/display/station/{id}</c>.</summary>
    public static string WallPathFor(LiveScope scope) => scope switch
    {
        { StationId: { } station } => $"{WallPath}/station/{station.ToString(CultureInfo.InvariantCulture)}",
        { DistrictId: { } district } => $"{WallPath}/district/{district.ToString(CultureInfo.InvariantCulture)}",
        _ => WallPath,
    };

    public const string RateLimitPolicy = "display-connect";

    /// <summary>
    /// The people's live pages, which show the whole network whatever a screen's scope: a wall display opening one is
    /// sent back to its own wall instead, so a district's screen never shows the city.
    /// </summary>
    private static readonly string[] PeoplesLivePages = ["/", "/occupancy", "/stations"];

    private static bool IsWall(PathString path) =>
        path.StartsWithSegments(WallPath, StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments(ConnectPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>Keeps wall displays on their wall (see <see cref="PeoplesLivePages"/>); runs after authentication.</summary>
    public static IApplicationBuilder UseWallConfinement(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path.Value ?? "/";
        if (HttpMethods.IsGet(context.Request.Method) && context.User.Identity?.IsAuthenticated != true && IsWall(context.Request.Path))
        {
            // Nobody signed in on a wall is, in practice, a screen whose token was revoked (its cookie just dropped):
            // it says so plainly rather than showing a sign-in form nobody stands at.
            await Refusal(context, StatusCodes.Status401Unauthorized).ExecuteAsync(context);
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method) && StationAccess.IsDisplay(context.User) &&
            PeoplesLivePages.Contains(path.Length > 1 ? path.TrimEnd('/') : path, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.Redirect($"{context.Request.PathBase}{LandingPathFor(context.User.FindFirstValue(SecurityClaims.DisplayScope) ?? string.Empty)}");
            return;
        }

        await next(context);
    });

    /// <summary>How long a screen stays signed in without being opened; every request slides it.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(365);

    /// <summary>The display link of a token, for <paramref name="baseUri"/> (ending in a slash).</summary>
    public static string LinkFor(string baseUri, string token) =>
        $"{baseUri.TrimEnd('/')}{ConnectPath}?token={Uri.EscapeDataString(token)}";

    public static AuthenticationBuilder AddDisplayCookie(this AuthenticationBuilder builder) =>
        builder.AddCookie(SecurityClaims.DisplayScheme, options =>
        {
            options.Cookie.Name = SecurityClaims.DisplayCookie;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.IsEssential = true;
            options.ExpireTimeSpan = CookieLifetime;
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = ValidateAsync;
            options.Events.OnRedirectToLogin = context => RefuseAsync(context.HttpContext, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RefuseAsync(context.HttpContext, StatusCodes.Status403Forbidden);
        });

    public static IEndpointRouteBuilder MapDisplayEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ConnectPath, ConnectAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The display's claims: role Display, the token's id for the audit, its scope and its name.</summary>
    public static ClaimsPrincipal PrincipalFor(DisplayTokenEntry token)
    {
        var identity = new ClaimsIdentity(SecurityClaims.DisplayScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, token.Name));
        identity.AddClaim(new Claim(ClaimTypes.Role, StaffRoles.Display));
        identity.AddClaim(new Claim(SecurityClaims.ActorId, ActorIdOf(token.Id)));
        identity.AddClaim(new Claim(SecurityClaims.DisplayScope, token.Scope));
        return new ClaimsPrincipal(identity);
    }

    public static string ActorIdOf(int tokenId) => $"display:{tokenId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The token id of a display principal, from its actor claim.</summary>
    public static int? TokenIdOf(ClaimsPrincipal principal) =>
        principal.FindFirstValue(SecurityClaims.ActorId) is { } actor && actor.StartsWith("display:", StringComparison.Ordinal) &&
        int.TryParse(actor["display:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    /// <summary>Whether a display principal's token is still active (a cached look-up, no query per request).</summary>
    public static async ValueTask<bool> IsActiveAsync(CredentialCache cache, ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        TokenIdOf(principal) is { } id && await cache.ActiveDisplayAsync(id, cancellationToken) is not null;

    private static async Task<IResult> ConnectAsync(string? token, HttpContext context, CredentialCache cache)
    {
        if (string.IsNullOrWhiteSpace(token) || await cache.FindDisplayAsync(token.Trim(), context.RequestAborted) is not { } entry)
        {
            return Refusal(context, StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(SecurityClaims.DisplayScheme, PrincipalFor(entry), new AuthenticationProperties { IsPersistent = true });
        return TypedResults.LocalRedirect(LandingPathFor(entry.Scope));
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var cache = context.HttpContext.RequestServices.GetRequiredService<CredentialCache>();
        if (context.Principal is null || !await IsActiveAsync(cache, context.Principal, context.HttpContext.RequestAborted))
        {
            // Revoked (or never valid): the screen loses its cookie and this request its principal.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SecurityClaims.DisplayScheme);
        }
    }

    private static Task RefuseAsync(HttpContext context, int status) =>
        SecurityExtensions.IsMachinePath(context.Request)
            ? ApiKeyAuthenticationHandler.WriteProblemAsync(context, context.RequestServices.GetRequiredService<IProblemDetailsService>(), status,
                status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden",
                status == StatusCodes.Status401Unauthorized ? "This display's token is unknown or revoked." : "Wall displays may not do this.")
            : Refusal(context, status).ExecuteAsync(context);

    /// <summary>A small localized page: a screen nobody stands at must say plainly why it shows nothing.</summary>
    private static IResult Refusal(HttpContext context, int status)
    {
        var l = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var (title, text) = status == StatusCodes.Status401Unauthorized
            ? (l["Display.Refused.Title"], l["Display.Refused.Text"])
            : (l["Display.Forbidden.Title"], l["Display.Forbidden.Text"]);
        var html = $"""
            <!DOCTYPE html>
            <html lang="{WebUtility.HtmlEncode(CultureInfo.CurrentUICulture.Name)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{WebUtility.HtmlEncode(title)}</title></head>
            <body style="font-family: system-ui, 'Noto Sans CJK SC', sans-serif; margin: 3rem auto; max-width: 40rem; padding: 0 1rem; color: #333">
            <h1 style="color: #b71c1c">{WebUtility.HtmlEncode(title)}</h1>
            <p>{WebUtility.HtmlEncode(text)}</p>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}
