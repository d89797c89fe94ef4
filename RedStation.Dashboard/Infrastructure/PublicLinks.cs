using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using RedStation.Data.Alerts.Notifications;

namespace RedStation.Dashboard.Infrastructure;

/// <summary>The <c>RedStation:PublicBaseUrl</c> setting: the address the public reaches this app at.</summary>
public sealed class PublicLinkOptions
{
    public const string SectionName = "RedStation";

    /// <summary>E.g. <c>https://redstation.ningde.gov.cn/</c>; required in Production (see <see cref="PublicLinks"/>).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The setting as an absolute http(s) address ending in a slash; null when unset or not such an address.</summary>
    public Uri? BaseUri =>
        Uri.TryCreate(PublicBaseUrl?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? new Uri(uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/")
            : null;
}

/// <summary>
/// Every link the app prints or shows for others to open — a station poster's check-in link and QR code, a wall's display
/// link — is built on the configured public address, never on the request's <c>Host</c> header: a poster printed through a
/// request that named another host (<c>Host: evil.example</c>) would send every volunteer who scans it there. Without the
/// setting (Development, tests) the address the page was opened at is used.
/// </summary>
public sealed class PublicLinks(IOptions<PublicLinkOptions> options)
{
    public Uri? Base { get; } = options.Value.BaseUri;

    /// <summary>The absolute address of an app path (no leading slash), on the public base or the page's own.</summary>
    public string Absolute(string relativePath, NavigationManager navigation) =>
        new Uri(Base ?? new Uri(navigation.BaseUri), relativePath.TrimStart('/')).AbsoluteUri;

    /// <summary>The absolute address of an app path on the public base, for what leaves without a page (alert messages); null without the setting.</summary>
    public string? Absolute(string relativePath) => Base is { } root ? new Uri(root, relativePath.TrimStart('/')).AbsoluteUri : null;
}

public static class PublicLinkExtensions
{
    /// <summary>
    /// Registers <see cref="PublicLinks"/>. In Production the app refuses to start without a valid
    /// <c>RedStation:PublicBaseUrl</c>: posters and display links would otherwise carry whatever host a request claimed.
    /// </summary>
    public static IServiceCollection AddPublicLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PublicLinkOptions>()
            .Bind(configuration.GetSection(PublicLinkOptions.SectionName))
            .Validate<IHostEnvironment>(
                (settings, environment) => settings.BaseUri is not null || (!environment.IsProduction() && string.IsNullOrWhiteSpace(settings.PublicBaseUrl)),
                "RedStation:PublicBaseUrl must be the absolute http(s) address the public reaches this app at (e.g. https://redstation.example/): "
                + "posters, QR codes and display links are built on it. It is required in Production.")
            .ValidateOnStart();
        services.AddSingleton<PublicLinks>();
        services.AddSingleton<IAlertLinks, PublicAlertLinks>();
        return services;
    }
}

/// <summary>Alert messages link to the alerts page on the public address (none without it: a message cannot use a page's address).</summary>
public sealed class PublicAlertLinks(PublicLinks links) : IAlertLinks
{
    public string? AlertsPage(string groupId) => links.Absolute($"alerts?group={Uri.EscapeDataString(groupId)}");
}
