namespace RedStation.Dashboard.Live;

/// <summary>The <c>Live</c> configuration section: how the live screens behave.</summary>
public sealed class LiveScreenOptions
{
    public const string SectionName = "Live";

    /// <summary>
    /// Events arriving within this many milliseconds of a screen's last update are shown together at the
    /// end of the window: a burst of writes costs a circuit a few renders, not one per event. 100 ms keeps a check-in
    /// within a quarter of a second of the screen at 20 a second (capacity-live, docs/performance.md); 250 ms did not.
    /// </summary>
    public int UpdateWindowMilliseconds { get; set; } = 100;

    /// <summary>A station inside its opening hours with nothing logged for this many hours is marked stale.</summary>
    public double StaleAfterHours { get; set; } = 3;

    /// <summary>
    /// Every this many seconds each hub connection gets a <c>Status</c> (health, last sequence, server time), so that a
    /// client that hears nothing for longer knows it is cut off, not that the network is quiet.
    /// </summary>
    public int HubHeartbeatSeconds { get; set; } = 15;

    public TimeSpan UpdateWindow => TimeSpan.FromMilliseconds(Math.Max(0, UpdateWindowMilliseconds));

    public TimeSpan StaleAfter => TimeSpan.FromHours(Math.Max(0, StaleAfterHours));
}
