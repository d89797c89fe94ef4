namespace RedStation.Dashboard.Security;

/// <summary>
/// The hub and public-endpoint rate limits, read from the <c>Security</c> section beside the sign-in and API limits.
/// Every per-address limit sees the client's own address only when <c>ReverseProxy</c> names the proxy in front
/// (see <c>HostingHardening</c>); otherwise all callers behind a proxy share the proxy's budget.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>
    /// Hub method invocations (<c>Subscribe</c>, <c>Unsubscribe</c>) allowed per connection per window. A screen
    /// subscribes to a few topics when it connects; 30 per 10 s is generous for that and stops a client from turning
    /// <c>Subscribe</c> (which answers with a whole snapshot) into a way of making the server serialize snapshots in a loop.
    /// </summary>
    public int HubInvocationPermitLimit { get; set; } = 30;

    public TimeSpan HubInvocationWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Hub connection attempts (negotiations, or direct WebSocket connections that skip negotiation) allowed per client
    /// IP address per window. 60 a minute lets a district office's screens behind one address all reconnect after a
    /// network blip, and stops one address from opening connections (each a live subscription) without end.
    /// </summary>
    public int HubConnectPermitLimit { get; set; } = 60;

    public TimeSpan HubConnectWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Live hub connections one integration key may hold at once on a server (<see cref="HubConnectionLimiter"/>): room for
    /// a kiosk system's several screens, not for a leaked key to hold the server's connections. 0 switches the limit off.
    /// </summary>
    public int HubConnectionsPerKey { get; set; } = 20;

    /// <summary>
    /// Live hub connections one display token may hold at once: its screen, and room for a reload or two while the server
    /// has not yet noticed (after <c>ClientTimeoutInterval</c>) that a connection dropped without closing. 0: no limit.
    /// </summary>
    public int HubConnectionsPerDisplay { get; set; } = 3;

    /// <summary>Live hub connections one signed-in person may hold at once (their own tools; the pages use circuits, not this hub). 0: no limit.</summary>
    public int HubConnectionsPerPerson { get; set; } = 10;

    /// <summary>
    /// Requests to an anonymous public endpoint (<see cref="SecurityExtensions.PublicRateLimitPolicy"/>) allowed per
    /// client IP address per window: plenty for a person or a screen, little for a script.
    /// </summary>
    public int PublicPermitLimit { get; set; } = 60;

    public TimeSpan PublicWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Refused hub calls written to the log per window, for the whole server (<see cref="HubRefusalLogFilter"/>): enough
    /// to see a misconfigured screen, too few for an outsider's loop of refused calls to flood the log.
    /// </summary>
    public int HubRefusalLogPermitLimit { get; set; } = 20;

    public TimeSpan HubRefusalLogWindow { get; set; } = TimeSpan.FromMinutes(1);
}
