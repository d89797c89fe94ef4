using RedStation.Data.Entities;

namespace RedStation.Data.Alerts;

/// <summary>Each rule's unit, its allowed threshold range and its default setting (seeded by the migration).</summary>
public static class AlertRuleDefaults
{
    /// <summary>Damping is at most a day: a rule that must hold longer than that is better expressed by its threshold.</summary>
    public const int MaxHoldSeconds = 24 * 60 * 60;

    public static IReadOnlyList<AlertRule> Rules { get; } = Enum.GetValues<AlertRule>();

    public static AlertRuleSetting[] All =>
    [
        new() { Rule = AlertRule.OverCapacity, Enabled = true, Threshold = 100, HoldSeconds = 120 },
        new() { Rule = AlertRule.NobodyOnDuty, Enabled = true, Threshold = 30, HoldSeconds = 300 },
        new() { Rule = AlertRule.StationQuiet, Enabled = true, Threshold = 4, HoldSeconds = 0 },
        new() { Rule = AlertRule.WishUnclaimed, Enabled = true, Threshold = 3, HoldSeconds = 0 },
        new() { Rule = AlertRule.WishUnfulfilled, Enabled = true, Threshold = 7, HoldSeconds = 0 },
        new() { Rule = AlertRule.MediationOverdue, Enabled = true, Threshold = 14, HoldSeconds = 0 },
    ];

    /// <summary>The unit of a rule's threshold and of an alert's value.</summary>
    public static AlertUnit UnitOf(AlertRule rule) => rule switch
    {
        AlertRule.OverCapacity => AlertUnit.Percent,
        AlertRule.NobodyOnDuty => AlertUnit.Minutes,
        AlertRule.StationQuiet => AlertUnit.Hours,
        _ => AlertUnit.Days,
    };

    /// <summary>The thresholds an organiser may set: wide enough for any real use, narrow enough to catch a typo.</summary>
    public static (int Min, int Max) ThresholdRange(AlertRule rule) => UnitOf(rule) switch
    {
        AlertUnit.Percent => (50, 300),
        AlertUnit.Minutes => (0, 240),
        AlertUnit.Hours => (1, 24),
        _ => (1, 90),
    };
}

public enum AlertUnit
{
    Percent,
    Minutes,
    Hours,
    Days,
}
