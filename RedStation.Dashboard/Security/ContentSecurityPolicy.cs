using System.Security.Cryptography;

namespace RedStation.Dashboard.Security;

/// <summary>
/// The Content-Security-Policy of every answer, with a fresh nonce per request for the page's only inline
/// script: the <c>&lt;script type="importmap"&gt;</c> that <c>&lt;ImportMap /&gt;</c> renders in <c>App.razor</c>
/// (import maps cannot be loaded from a file, so they are inline by nature). Every other script is a file from
/// our own origin. A nonce rather than a start-up hash of the import map: the map is built from the endpoints'
/// asset metadata and changes with every build and fingerprint, and a hash computed from a rendered page would
/// silently go stale; a nonce needs nothing to agree but the header and the attribute of the same answer.
/// </summary>
public static class ContentSecurityPolicy
{
    private const string NonceKey = "RedStation.CspNonce";

    /// <summary>
    /// The policy, with <c>{0}</c> for the request's nonce. Directive by directive:
    /// <list type="bullet">
    /// <item><c>script-src 'self' 'nonce-…'</c>: our files (blazor.web.js, MudBlazor.min.js, the components' modules,
    /// ApexCharts copied from npm into wwwroot) and the nonced import map; no <c>'unsafe-inline'</c>, no <c>'unsafe-eval'</c>
    /// (Blazor Server, MudBlazor and ApexCharts evaluate no strings).</item>
    /// <item><c>style-src 'self' 'unsafe-inline'</c>: MudBlazor sets <c>style</c> attributes on its components and writes its
    /// theme into a <c>&lt;style&gt;</c> element (MudThemeProvider), ApexCharts injects its stylesheet and styles every SVG
    /// node inline. None of them takes a nonce, and inline styles cannot run script, so this is the accepted trade-off
    /// (Blazor's inline-styled reconnect dialog is not used: blazor-start.js shows our own).</item>
    /// <item><c>img-src 'self' data:</c> and <c>font-src 'self' data:</c>: MudBlazor and ApexCharts embed small SVG and
    /// font resources as data URIs.</item>
    /// <item><c>connect-src 'self'</c>: the Blazor circuit and <c>/hubs/live</c> (same-origin WebSockets are covered by
    /// <c>'self'</c> in current browsers).</item>
    /// <item>The rest forbids framing, plugins, foreign base URLs and foreign form targets.</item>
    /// </list>
    /// </summary>
    public const string PolicyFormat =
        "default-src 'self'; script-src 'self' 'nonce-{0}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";

    /// <summary>
    /// The API reference (Scalar, at <see cref="ApiReferencePath"/>) starts itself with an inline module script that takes
    /// no nonce, and its bundle compiles code at run time (<c>eval</c>). That one page, which needs the Read policy and
    /// shows only our own OpenAPI document (no user text), may do both; everything else is as strict. A nonce would make
    /// browsers ignore <c>'unsafe-inline'</c>, so this policy has none. Its fonts come from our origin (CDN fonts are off).
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";

    public const string ApiReferencePath = "/api/reference";

    /// <summary>The policy with the given nonce.</summary>
    public static string For(string nonce) => string.Format(System.Globalization.CultureInfo.InvariantCulture, PolicyFormat, nonce);

    /// <summary>The policy of a request: <see cref="ApiReferencePolicy"/> on the API reference, the nonced one everywhere else.</summary>
    public static string For(HttpContext context) => context.Request.Path.StartsWithSegments(ApiReferencePath)
        ? ApiReferencePolicy
        : For(NonceOf(context)!);

    /// <summary>
    /// The request's nonce (128 random bits, base64url), created on first use; give it to an inline script as its
    /// <c>nonce</c> attribute. Returns null outside a request (an interactive render has no HttpContext, and needs
    /// no nonce: it renders no document head).
    /// </summary>
    public static string? NonceOf(HttpContext? context)
    {
        if (context is null)
        {
            return null;
        }

        if (context.Items.TryGetValue(NonceKey, out var existing) && existing is string nonce)
        {
            return nonce;
        }

        // base64url: the HTML encoder leaves its characters alone (it would write '+' as an entity), and CSP accepts them.
        nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }
}
