namespace RedStation.Dashboard.Security;

/// <summary>
/// Response headers that every answer carries, the Content-Security-Policy among them (see
/// <see cref="Security.ContentSecurityPolicy"/> for the policy and how the inline import map is allowed).
/// </summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = ContentSecurityPolicy.For(context);
            return next(context);
        });
}
