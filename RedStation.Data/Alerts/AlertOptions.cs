namespace RedStation.Data.Alerts;

/// <summary>The <c>Alerts</c> configuration section: how often the rules are evaluated. The rules' thresholds live in the database.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Evaluate the rules at all (a server that only serves screens may leave it to the others).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the time-based rules (nobody on duty, quiet, waiting wishes and cases) are evaluated.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The shortest gap between two evaluations triggered by events: a burst of check-ins is evaluated once,
    /// and an over-capacity head-count still opens its alert well within a second.
    /// </summary>
    public TimeSpan EventGap { get; set; } = TimeSpan.FromMilliseconds(200);
}
