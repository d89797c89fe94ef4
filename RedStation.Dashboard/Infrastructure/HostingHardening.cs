using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.SignalR;
using RedStation.Dashboard.Live;
using RedStation.Dashboard.Security;

namespace RedStation.Dashboard.Infrastructure;

/// <summary>
/// The limits of circuits and hubs, the hub and public rate limits, trusted proxies, and encryption of the
/// data-protection keys: everything that bounds what one client can make the server hold or do.
/// </summary>
public static class HostingHardening
{
    public const string ReverseProxySectionName = "ReverseProxy";

    /// <summary>The log category of SignalR's hub dispatcher (<c>ILogger&lt;DefaultHubDispatcher&lt;THub&gt;&gt;</c>).</summary>
    public const string HubDispatcherLogCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public static IServiceCollection AddHostingHardening(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var limits = configuration.GetSection(HostingLimits.SectionName).Get<HostingLimits>() ?? new();

        services.AddServerSideBlazor()
            .AddCircuitOptions(options =>
            {
                options.DisconnectedCircuitMaxRetained = limits.Circuits.DisconnectedCircuitMaxRetained;
                options.DisconnectedCircuitRetentionPeriod = limits.Circuits.DisconnectedCircuitRetentionPeriod;
                options.MaxBufferedUnacknowledgedRenderBatches = limits.Circuits.MaxBufferedUnacknowledgedRenderBatches;
                options.JSInteropDefaultCallTimeout = limits.Circuits.JSInteropDefaultCallTimeout;
                // Exception details go to the browser only on a developer's machine, whatever the configuration says.
                options.DetailedErrors = environment.IsDevelopment();
            })
            .AddHubOptions(options =>
            {
                options.MaximumReceiveMessageSize = limits.Circuits.MaximumReceiveMessageBytes;
                options.EnableDetailedErrors = environment.IsDevelopment();
            });

        // AddHubOptions (not a bare Configure) so that the hub's options start as a copy of the global ones,
        // global filters included; otherwise SignalR ignores hub-specific options altogether.
        services.AddSignalR().AddHubOptions<LiveHub>(options =>
        {
            options.MaximumReceiveMessageSize = limits.LiveHub.MaximumReceiveMessageBytes;
            options.StreamBufferCapacity = limits.LiveHub.StreamBufferCapacity;
            options.KeepAliveInterval = limits.LiveHub.KeepAliveInterval;
            options.ClientTimeoutInterval = limits.LiveHub.ClientTimeoutInterval;
            // One invocation at a time per client: each Subscribe serializes a snapshot.
            options.MaximumParallelInvocationsPerClient = 1;
            options.EnableDetailedErrors = environment.IsDevelopment();
            // After the global filters (the actor filter), so that a refused invocation is never audited as a write.
            options.AddFilter<HubInvocationRateLimitFilter>();
            // Concurrent connections per key, display token and person (the pipeline refuses most beforehand, with 429).
            options.AddFilter<HubConnectionLimitFilter>();
        });

        // SignalR logs every exception a hub method throws at Error with its stack trace, refusals (HubException)
        // included: an outsider's loop of refused calls would fill the log with stack traces. HubRefusalLogFilter logs
        // each failed call itself (refusals briefly, at Information, within a budget; faults at Error), so the
        // dispatcher's category is kept to Critical. Its only Error event is that one (FailedInvokingHubMethod); the rest
        // are Debug and Trace, lost with it: raise this category by hand when debugging the hub protocol.
        services.AddLogging(logging => logging.AddFilter(HubDispatcherLogCategory, LogLevel.Critical));
        services.AddHardeningRateLimits(configuration);
        services.AddDataProtectionKeyEncryption(configuration);
        services.Configure<ForwardedHeadersOptions>(options => ConfigureForwardedHeaders(options, configuration.GetSection(ReverseProxySectionName)));
        // The antiforgery cookie is Secure over HTTPS like the sign-in cookies (its default is never): behind a TLS proxy
        // whose X-Forwarded-Proto is trusted, every cookie the app sets is Secure.
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>
    /// Honours <c>X-Forwarded-For</c>/<c>-Proto</c> only from the proxies named in <c>ReverseProxy:KnownProxies</c>
    /// (addresses) or <c>ReverseProxy:KnownNetworks</c> (CIDR ranges). With neither, nothing is trusted: a client could
    /// otherwise pick any address and escape every per-address limit. Must run first in the pipeline.
    /// </summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>().GetSection(ReverseProxySectionName);
        return IsConfigured(configuration) ? app.UseForwardedHeaders() : app;
    }

    private static bool IsConfigured(IConfigurationSection section) =>
        section.GetSection("KnownProxies").GetChildren().Any() || section.GetSection("KnownNetworks").GetChildren().Any();

    private static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, IConfigurationSection section)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        // Not even loopback by default (the framework trusts it out of the box): only what is configured.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        // One proxy in front: the last forwarded address is the client as that proxy saw it.
        options.ForwardLimit = section.GetValue("ForwardLimit", 1);
    }
}
