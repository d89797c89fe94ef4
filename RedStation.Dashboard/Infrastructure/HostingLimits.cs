namespace RedStation.Dashboard.Infrastructure;

/// <summary>
/// The <c>Limits</c> section: how much a Blazor circuit and a hub connection may hold and send. The defaults
/// are chosen for this app (the reasoning is beside each value) and rarely need changing.
/// </summary>
public sealed class HostingLimits
{
    public const string SectionName = "Limits";

    public LiveHubLimits LiveHub { get; set; } = new();

    public CircuitLimits Circuits { get; set; } = new();
}

/// <summary>Limits of <c>/hubs/live</c>.</summary>
public sealed class LiveHubLimits
{
    /// <summary>
    /// The largest message a client may send. Clients only invoke <c>Subscribe</c>/<c>Unsubscribe</c> with a topic of
    /// a few dozen bytes; 32 KB leaves room for any sane client and keeps a hostile one from making the server buffer
    /// megabytes per connection.
    /// </summary>
    public long MaximumReceiveMessageBytes { get; set; } = 32 * 1024;

    /// <summary>The hub has no streaming methods: the smallest useful buffer per client stream.</summary>
    public int StreamBufferCapacity { get; set; } = 4;

    /// <summary>How often the server pings an idle connection, so that proxies keep it open.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A client silent for this long is dropped (its groups and buffers freed). SignalR wants at least twice the
    /// client's keep-alive, which is 15 s in every official client.
    /// </summary>
    public TimeSpan ClientTimeoutInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Limits of Blazor Server circuits (the interactive screens).</summary>
public sealed class CircuitLimits
{
    /// <summary>
    /// Disconnected circuits kept in memory so that a screen whose Wi-Fi drops resumes where it was. Each holds its
    /// render tree and live subscription; 100 covers the city's wall screens and organisers dropping at once.
    /// </summary>
    public int DisconnectedCircuitMaxRetained { get; set; } = 100;

    /// <summary>How long a disconnected circuit waits for its screen to come back before it is released.</summary>
    public TimeSpan DisconnectedCircuitRetentionPeriod { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Render batches sent but not yet acknowledged before the circuit stops rendering: a slow or stalled screen
    /// then costs one coalesced render later, not an unbounded queue of them in server memory.
    /// </summary>
    public int MaxBufferedUnacknowledgedRenderBatches { get; set; } = 10;

    /// <summary>The JS calls (charts, theme cookie) answer in milliseconds; a hung browser must not hold a call for long.</summary>
    public TimeSpan JSInteropDefaultCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest message a browser may send to the circuit (event arguments, JS interop results). Ours are small:
    /// a search box's text, a click; 32 KB is ample and bounds what one browser can make the server buffer.
    /// </summary>
    public long MaximumReceiveMessageBytes { get; set; } = 32 * 1024;
}
