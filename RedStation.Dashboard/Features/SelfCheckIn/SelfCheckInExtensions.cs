using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Localization;
using RedStation.Dashboard.Security;

namespace RedStation.Dashboard.Features.SelfCheckIn;

public static class SelfCheckInExtensions
{
    /// <summary>The per-device limit on the check-in page's form posts.</summary>
    public const string RateLimitPolicy = "self-check-in";

    public const string PathPrefix = "/checkin";

    /// <summary>The poster's typeable short links: <c>/c/{code}</c>.</summary>
    public const string ShortPathPrefix = "/c";

    public static IServiceCollection AddSelfCheckIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SelfCheckInOptions>().Bind(configuration.GetSection(SelfCheckInOptions.SectionName));
        services.AddSingleton<CheckInLinks>();
        services.AddSingleton<VolunteerAttemptLimiter>();
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(RateLimitPolicy, context =>
        {
            var settings = context.RequestServices.GetRequiredService<IOptionsMonitor<SelfCheckInOptions>>().CurrentValue;
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                // Opening the page from the poster's QR code is free: its code cannot be guessed. A short code is shorter,
                // so opening short links has a budget of its own per address.
                return context.Request.Path.StartsWithSegments(ShortPathPrefix)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        "short:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.ShortLinkPermitLimit, Window = settings.DeviceWindow, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("view");
            }

            // Only attempts count.
            return SecurityExtensions.PerAddress(context, settings.DevicePermitLimit, settings.DeviceWindow);
        }));
        return services;
    }

    /// <summary>Minutes to wait, rounded up, as the messages say it: never "0 minutes".</summary>
    public static int MinutesToWait(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));

    /// <summary>
    /// The answer of the per-device limit: a small page in the visitor's language saying how long to wait, not a blank
    /// 429 (the status and <c>Retry-After</c> are set by the rate limiter).
    /// </summary>
    internal static async Task WriteTooManyAttemptsPageAsync(HttpContext context, TimeSpan? retryAfter)
    {
        var l = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var minutes = MinutesToWait(retryAfter ?? TimeSpan.FromMinutes(1));
        var title = WebUtility.HtmlEncode(l["CheckIn.TooManyTitle"]);
        var message = WebUtility.HtmlEncode(l["CheckIn.TooManyFromDevice", minutes]);
        var back = WebUtility.HtmlEncode(l["CheckIn.Back"]);
        var path = WebUtility.HtmlEncode(context.Request.Path + context.Request.QueryString);
        var language = WebUtility.HtmlEncode(CultureInfo.CurrentUICulture.Name);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="{{language}}">
            <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>{{title}}</title>
            <style>
            body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 0; padding: 24px 16px; background: #f5f5f5; color: #212121; }
            main { max-width: 420px; margin: 0 auto; background: #fff; border-radius: 8px; padding: 24px; border-top: 6px solid #c62828; }
            h1 { font-size: 1.3rem; margin: 0 0 12px; color: #c62828; }
            a { color: #c62828; }
            </style>
            </head>
            <body>
            <main role="alert">
            <h1>{{title}}</h1>
            <p>{{message}}</p>
            <p><a href="{{path}}">{{back}}</a></p>
            </main>
            </body>
            </html>
            """);
    }
}
