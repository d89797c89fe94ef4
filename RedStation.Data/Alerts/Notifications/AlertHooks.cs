using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Alerts.Notifications;

/// <summary>
/// Whether an alert group is silenced (snoozed or muted): a silenced group is sent nothing — no opening message, no
/// reminder, no resolution. The one place the notifier asks; the snooze and mute of groups answers it.
/// </summary>
public interface IAlertSilences
{
    bool IsSilenced(AlertRule rule, int stationId, DateTime utcNow);
}

/// <summary>The snoozes and mutes as the live state holds them (the same read the badge and the lists use).</summary>
public sealed class LiveAlertSilences(LiveFeed feed) : IAlertSilences
{
    public bool IsSilenced(AlertRule rule, int stationId, DateTime utcNow) =>
        feed.IsReady && feed.Silences(LiveScope.All).Any(s => s.Rule == rule && s.StationId == stationId && s.IsActiveAt(utcNow));
}

/// <summary>The address of the alerts page that a message links to, built on the public address (the Dashboard knows it).</summary>
public interface IAlertLinks
{
    /// <summary>The alerts page for a group, absolute; null when no public address is configured.</summary>
    string? AlertsPage(string groupId);
}

/// <summary>No links: messages go without one (the data layer alone, as in tests).</summary>
public sealed class NoAlertLinks : IAlertLinks
{
    public string? AlertsPage(string groupId) => null;
}
