using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RedStation.Dashboard.Localization;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Components.Alerts;

/// <summary>How an alert reads and looks, the same on the Overview, the desk, the alerts page and a wall display.</summary>
public static class AlertText
{
    public static string Title(IStringLocalizer<SharedResource> l, AlertRule rule) => l[$"Alert.Rule.{rule}"];

    /// <summary>The figure that made the rule hold, against its limit, e.g. "12 people in, full at 10".</summary>
    public static string Detail(IStringLocalizer<SharedResource> l, AlertRule rule, int value, int limit) => l[$"Alert.Detail.{rule}", value, limit];

    /// <summary>
    /// What a group says now: one alert reads as its detail ("unclaimed for 12 days (limit 3)"), several wishes or cases as
    /// a count and the oldest's age ("3 wishes unclaimed past their limit, the oldest 12 days"), both counted from the
    /// conditions' real start.
    /// </summary>
    public static string GroupDetail(IStringLocalizer<SharedResource> l, AlertGroup group, DateTime utcNow) =>
        group.Count > 1
            ? l[$"Alert.Group.{group.Rule}", group.Count, group.ValueAt(utcNow)]
            : Detail(l, group.Rule, group.ValueAt(utcNow), group.Limit);

    /// <summary>The wish or case an alert of a group is about, e.g. "wish #123".</summary>
    public static string Subject(IStringLocalizer<SharedResource> l, AlertRule rule, long subjectId) =>
        rule == AlertRule.MediationOverdue ? l["Alert.Subject.Case", subjectId] : l["Alert.Subject.Wish", subjectId];

    /// <summary>Since when the rule has held: the time today, or the date for one that has held for days.</summary>
    public static string Since(IStringLocalizer<SharedResource> l, CityClock clock, DateTime holdingSinceUtc)
    {
        var local = clock.ToLocal(holdingSinceUtc);
        var text = DateOnly.FromDateTime(local) == clock.Today
            ? local.ToString("HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("M/d HH:mm", CultureInfo.InvariantCulture);
        return l["Alert.Since", text];
    }

    public static string Icon(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => Icons.Material.Filled.Error,
        AlertSeverity.High => Icons.Material.Filled.Warning,
        AlertSeverity.Medium => Icons.Material.Filled.ReportProblem,
        _ => Icons.Material.Filled.Info,
    };

    public static Color Color(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => MudBlazor.Color.Error,
        AlertSeverity.High => MudBlazor.Color.Warning,
        AlertSeverity.Medium => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Default,
    };

    public static string SeverityName(IStringLocalizer<SharedResource> l, AlertSeverity severity) => l[$"Alert.Severity.{severity}"];

    public static string Icon(AlertRule rule) => rule switch
    {
        AlertRule.OverCapacity => Icons.Material.Filled.Groups,
        AlertRule.NobodyOnDuty => Icons.Material.Filled.PersonOff,
        AlertRule.StationQuiet => Icons.Material.Filled.HourglassEmpty,
        AlertRule.WishUnclaimed or AlertRule.WishUnfulfilled => Icons.Material.Filled.VolunteerActivism,
        _ => Icons.Material.Filled.Balance,
    };

    public static Color Color(AlertRule rule) => rule switch
    {
        AlertRule.OverCapacity => MudBlazor.Color.Error,
        AlertRule.NobodyOnDuty or AlertRule.MediationOverdue => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Info,
    };

    public static string Unit(IStringLocalizer<SharedResource> l, AlertRule rule) => l[$"Alert.Unit.{AlertRuleDefaults.UnitOf(rule)}"];
}
