namespace RedStation.Data.Entities;

/// <summary>What an alert is about. The numbers are stored: never renumber them.</summary>
public enum AlertRule
{
    /// <summary>A station's head-count at or over its capacity (the threshold is a percentage of capacity).</summary>
    OverCapacity = 0,

    /// <summary>An open station within its opening hours with nobody on duty (the threshold is minutes of grace after opening).</summary>
    NobodyOnDuty = 1,

    /// <summary>An open station with no event for a number of hours within its opening hours.</summary>
    StationQuiet = 2,

    /// <summary>A micro-wish nobody has claimed after a number of days.</summary>
    WishUnclaimed = 3,

    /// <summary>A claimed micro-wish still not fulfilled a number of days after it was posted.</summary>
    WishUnfulfilled = 4,

    /// <summary>A mediation case still open after a number of days.</summary>
    MediationOverdue = 5,
}

/// <summary>
/// One time a rule held for a station (or for one wish or case there): opened when the rule had held for its
/// minimum, closed by itself when the rule stopped holding. Kept for ever, so that analytics can count them.
/// </summary>
public sealed class Alert
{
    public long Id { get; set; }
    public AlertRule Rule { get; set; }
    public int StationId { get; set; }
    public Station? Station { get; set; }

    /// <summary>The wish or case the alert is about; 0 for the station rules (0, not null, so that the unique index holds).</summary>
    public long SubjectId { get; set; }

    /// <summary>The measured value when the alert opened: head-count, minutes, hours or days by rule.</summary>
    public int Value { get; set; }

    /// <summary>The limit it was measured against, in the same unit.</summary>
    public int Limit { get; set; }

    /// <summary>Since when the rule held; the alert opened at least the rule's hold time later.</summary>
    public DateTime HoldingSince { get; set; }

    public DateTime OpenedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }

    public bool IsOpen => ClosedAt is null;
}

/// <summary>An organiser's setting of one rule: on or off, its threshold, and how long it must hold before an alert opens.</summary>
public sealed class AlertRuleSetting
{
    public AlertRule Rule { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Per rule: percent of capacity, minutes of grace, hours or days (see <see cref="AlertRule"/>).</summary>
    public int Threshold { get; set; }

    /// <summary>Damping: the rule must hold this long before its alert opens, so that a flapping condition stays quiet.</summary>
    public int HoldSeconds { get; set; }
}

/// <summary>
/// An organiser's decision to leave one rule at one station out of the open lists, the badge and the contact points for a
/// while (snoozed until <see cref="Until"/>) or until lifted (muted, <see cref="Until"/> null), with the reason. The alerts
/// themselves still open and close; a silence only hides them. Kept after it ends, for the audit.
/// </summary>
public sealed class AlertSilence
{
    /// <summary>The longest a reason may be: a sentence, not a report.</summary>
    public const int ReasonMaxLength = 200;

    public long Id { get; set; }
    public AlertRule Rule { get; set; }
    public int StationId { get; set; }
    public Station? Station { get; set; }

    /// <summary>Snoozed until this instant; null: muted until someone lifts it.</summary>
    public DateTime? Until { get; set; }

    public required string Reason { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? LiftedAt { get; set; }
    public string? LiftedBy { get; set; }

    /// <summary>Whether it silences at <paramref name="utcNow"/>: not lifted, and muted or snoozed past that instant.</summary>
    public bool IsActiveAt(DateTime utcNow) => LiftedAt is null && (Until is null || Until > utcNow);
}
