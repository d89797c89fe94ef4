using RedStation.Data.Entities;

namespace RedStation.Data.Alerts.Notifications;

/// <summary>
/// What one message tells: an alert group as it stands (or stood, for a resolved one) when the message is sent.
/// <see cref="AlertMessages"/> turns it into each kind of contact point's request.
/// </summary>
/// <param name="GroupId"><see cref="AlertGroups.IdOf"/>; <c>test</c> for a test message.</param>
/// <param name="Number">The reminder's number (1, 2, …); 0 otherwise.</param>
/// <param name="Since">When the group's oldest condition began (UTC).</param>
/// <param name="Value">The group's largest measured value in the rule's unit (the oldest wish's days, the head-count…).</param>
/// <param name="At">When the message is sent (UTC); for a resolved group, when it closed.</param>
/// <param name="Link">The alerts page on the public address; null when none is configured.</param>
public sealed record AlertNotice(
    AlertMessageKind Kind,
    string GroupId,
    int Number,
    AlertRule Rule,
    AlertSeverity Severity,
    int StationId,
    string StationName,
    int DistrictId,
    string DistrictName,
    int Count,
    int Value,
    int Limit,
    DateTime Since,
    DateTime At,
    string? Link)
{
    /// <summary>How long the oldest condition has held (had held, for a resolved group).</summary>
    public TimeSpan OldestAge => At > Since ? At - Since : TimeSpan.Zero;
}
