using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RedStation.Dashboard.Security;

/// <summary>
/// Authenticates integration clients by the <c>X-Api-Key</c> header, or on the hub also by the <c>access_token</c>
/// query string (a browser's WebSocket cannot set headers) or a bearer token (what SignalR's accessTokenFactory sends). Challenges and refusals are problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";
    public const string QueryName = "access_token";

    /// <summary>Whether the request presents a key at all (used to pick this scheme over the cookie).</summary>
    public static bool HasKey(HttpRequest request) => PresentedKey(request) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        if (await keys.FindAsync(presented, Context.RequestAborted) is not { } entry)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = new ClaimsIdentity(SecurityClaims.ApiKeyScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, entry.Name));
        identity.AddClaim(new Claim(SecurityClaims.ActorId, entry.Id));
        identity.AddClaims(entry.Scopes.Select(s => new Claim(SecurityClaims.Scope, s)));
        identity.AddClaims(entry.Stations.Select(s => new Claim(SecurityClaims.Station, s.ToString(CultureInfo.InvariantCulture))));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(Context, problems, StatusCodes.Status401Unauthorized, "Unauthorized",
            $"Sign in, or present an integration key in the {HeaderName} header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(Context, problems, StatusCodes.Status403Forbidden, "Forbidden",
            "These credentials may not do this here.");

    internal static async Task WriteProblemAsync(HttpContext context, IProblemDetailsService problems, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return header.ToString();
        }

        // Only the hub takes other carriers: a SignalR client's accessTokenFactory sends the key as a bearer token
        // on its HTTP requests (negotiate, long polling) and in the query string on WebSockets. Elsewhere a key in
        // the query string would end up in logs and histories needlessly.
        if (!request.Path.StartsWithSegments("/hubs"))
        {
            return null;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > "Bearer ".Length)
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Query.TryGetValue(QueryName, out var token) && !string.IsNullOrWhiteSpace(token) ? token.ToString() : null;
    }
}
