namespace RedStation.Data.Alerts.Notifications;

/// <summary>The <c>Notifications</c> configuration section: how contact points are sent to. The contact points themselves live in the database.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>The name of the <see cref="System.Net.Http.IHttpClientFactory"/> client that sends every message.</summary>
    public const string HttpClientName = "RedStation.ContactPoints";

    /// <summary>Send messages from this server (several servers may all do it: each message is claimed in the database once).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per message, the first included.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The wait before the first retry; each further retry waits twice as long as the one before.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often open groups are checked for a reminder that has come due (alert events check at once).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
