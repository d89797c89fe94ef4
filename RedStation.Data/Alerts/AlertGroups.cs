using System.Globalization;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Alerts;

/// <summary>How much an alert group matters; the lists order by it, highest first. The numbers are sent to API clients.</summary>
public enum AlertSeverity
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}

/// <summary>
/// What an organiser acts on: the open alerts of one rule at one station. A station rule (over capacity, nobody on duty,
/// quiet) has one alert per group; the wish and mediation rules gather every waiting wish or case of the station into
/// one group ("3 wishes unclaimed, the oldest 12 days").
/// </summary>
/// <param name="Alerts">The group's open alerts, the oldest condition first.</param>
public sealed record AlertGroup(AlertRule Rule, int StationId, int DistrictId, AlertSeverity Severity, IReadOnlyList<AlertLive> Alerts)
{
    /// <summary>The group's identity, stable while any of its alerts is open: <c>{rule}-{stationId}</c>, e.g. <c>wish-unclaimed-17</c>.</summary>
    public string Id => AlertGroups.IdOf(Rule, StationId);

    public int Count => Alerts.Count;

    /// <summary>When the oldest of its conditions began.</summary>
    public DateTime Since => Alerts[0].HoldingSince;

    /// <summary>The largest measured value (the oldest wish's days, the head-count…) and the limit it was measured against.</summary>
    public int Value => Alerts.Max(a => a.Value);

    public int Limit => Alerts[0].Limit;

    /// <summary>
    /// The group's figure now: the oldest wish's days, the minutes with nobody on duty… counted from each condition's
    /// real start, so that it keeps growing while the alert is open (<see cref="Value"/> is the one at opening).
    /// </summary>
    public int ValueAt(DateTime utcNow) => Alerts.Max(a => AlertRules.CurrentValue(a.Rule, a.Value, a.Limit, a.HoldingSince, utcNow));

    /// <summary>Every alert of the group has been acknowledged (a new wish joining an acknowledged group makes it unacknowledged again).</summary>
    public bool IsAcknowledged => Alerts.All(a => a.AcknowledgedAt is not null);

    /// <summary>Who acknowledged the group's most recently acknowledged alert, if any.</summary>
    public string? AcknowledgedBy => Alerts.Where(a => a.AcknowledgedAt is not null).MaxBy(a => a.AcknowledgedAt)?.AcknowledgedBy;
}

/// <summary>Groups open alerts and orders them: severity first, then the oldest condition first.</summary>
public static class AlertGroups
{
    private static readonly Dictionary<AlertRule, string> Slugs = new()
    {
        [AlertRule.OverCapacity] = "over-capacity",
        [AlertRule.NobodyOnDuty] = "nobody-on-duty",
        [AlertRule.StationQuiet] = "station-quiet",
        [AlertRule.WishUnclaimed] = "wish-unclaimed",
        [AlertRule.WishUnfulfilled] = "wish-unfulfilled",
        [AlertRule.MediationOverdue] = "mediation-overdue",
    };

    /// <summary>A rule's severity at a measured value: the rule's own, one step higher once the value reaches twice its limit (never above high).</summary>
    public static AlertSeverity SeverityOf(AlertRule rule, int value, int limit)
    {
        var severity = rule switch
        {
            AlertRule.OverCapacity => AlertSeverity.Critical,
            AlertRule.NobodyOnDuty or AlertRule.MediationOverdue => AlertSeverity.High,
            AlertRule.WishUnclaimed or AlertRule.WishUnfulfilled => AlertSeverity.Medium,
            _ => AlertSeverity.Low,
        };
        return severity < AlertSeverity.High && limit > 0 && value >= 2 * limit ? severity + 1 : severity;
    }

    /// <summary>The open alerts as groups, the most severe first and, within a severity, the oldest condition first.</summary>
    /// <param name="utcNow">When given, severity is judged on each alert's figure now (a wish that has since waited twice its limit is more severe); otherwise on its figure at opening.</param>
    public static IReadOnlyList<AlertGroup> Of(IEnumerable<AlertLive> alerts, DateTime? utcNow = null) =>
        alerts
            .GroupBy(a => (a.Rule, a.StationId))
            .Select(g =>
            {
                var members = g.OrderBy(a => a.HoldingSince).ThenBy(a => a.AlertId).ToList();
                var severity = members.Max(a => SeverityOf(a.Rule, utcNow is { } now ? AlertRules.CurrentValue(a.Rule, a.Value, a.Limit, a.HoldingSince, now) : a.Value, a.Limit));
                return new AlertGroup(g.Key.Rule, g.Key.StationId, members[0].DistrictId, severity, members);
            })
            .OrderByDescending(g => g.Severity)
            .ThenBy(g => g.Since)
            .ThenBy(g => g.StationId)
            .ThenBy(g => g.Rule)
            .ToList();

    /// <summary>The alerts whose rule and station no silence covers.</summary>
    public static IEnumerable<AlertLive> Unsilenced(IEnumerable<AlertLive> alerts, IReadOnlyCollection<AlertSilenceLive> silences)
    {
        if (silences.Count == 0)
        {
            return alerts;
        }

        var silenced = silences.Select(s => (s.Rule, s.StationId)).ToHashSet();
        return alerts.Where(a => !silenced.Contains((a.Rule, a.StationId)));
    }

    public static string IdOf(AlertRule rule, int stationId) => string.Create(CultureInfo.InvariantCulture, $"{Slugs[rule]}-{stationId}");

    /// <summary>Reads a group id back into its rule and station; false for anything else.</summary>
    /// <remarks>
    /// Only an id as <see cref="IdOf"/> writes it: int.TryParse would also take "wish-unclaimed-1" followed by NULs
    /// (it ignores trailing ones), so any character but a letter, digit or hyphen is refused first.
    /// </remarks>
    public static bool TryParseId(string? id, out AlertRule rule, out int stationId)
    {
        rule = default;
        stationId = 0;
        var dash = id is not null && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? id.LastIndexOf('-') : -1;
        if (dash <= 0 || !int.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out stationId) || stationId <= 0)
        {
            return false;
        }

        var slug = id![..dash];
        foreach (var (candidate, text) in Slugs)
        {
            if (text == slug)
            {
                rule = candidate;
                return true;
            }
        }

        return false;
    }
}
