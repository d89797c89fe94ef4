namespace RedStation.Dashboard.Security;

/// <summary>
/// Response headers that every answer carries. The policy restricts what needs no script allowance
/// (framing, plugins, base URL, form targets); a script and style policy that still lets Blazor,
/// MudBlazor and ApexCharts run is a later step of the security issue.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return next(context);
        });
}
