namespace RedStation.Data.Entities;

/// <summary>Where a contact point sends its messages. The numbers are stored: never renumber them.</summary>
public enum ContactPointKind
{
    /// <summary>企业微信 group robot: <c>https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…</c>, markdown messages, no secret.</summary>
    WeCom = 0,

    /// <summary>钉钉 group robot: <c>https://oapi.dingtalk.com/robot/send?access_token=…</c>, markdown messages, optionally signed with its secret.</summary>
    DingTalk = 1,

    /// <summary>Any receiver of our own JSON (see docs/api.md), with an HMAC-SHA256 signature header when a secret is set.</summary>
    Webhook = 2,
}

/// <summary>
/// Where alerts go for people who are not looking at a screen: a group robot or a webhook, for some rules and one district
/// (or all). Configured by organisers on the alerts page; every change goes through <see cref="Alerts.Notifications.ContactPointService"/>.
/// </summary>
public sealed class ContactPoint
{
    /// <summary>Reminders are damped: at least this long apart (0 switches them off).</summary>
    public const int MinReminderMinutes = 30;

    /// <summary>At most a week between reminders.</summary>
    public const int MaxReminderMinutes = 7 * 24 * 60;

    public const int DefaultReminderMinutes = 4 * 60;

    public const int MaxUrlLength = 500;

    public const int MaxSecretLength = 200;

    public int Id { get; set; }
    public required string Name { get; set; }
    public ContactPointKind Kind { get; set; }

    /// <summary>An absolute http(s) address. For the robots it carries the robot's key or token: shown only to those who manage contact points.</summary>
    public required string Url { get; set; }

    /// <summary>DingTalk's signing secret, or the generic webhook's HMAC key; never shown back in full (see <see cref="SecretHint"/>).</summary>
    public string? Secret { get; set; }

    /// <summary>The rules it receives, one bit per <see cref="AlertRule"/> (<c>1 &lt;&lt; rule</c>); 0 means every rule.</summary>
    public int RuleMask { get; set; }

    /// <summary>The district it receives; null for the whole city.</summary>
    public int? DistrictId { get; set; }

    public District? District { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Minutes between reminders while a group stays open and unacknowledged; 0: none.</summary>
    public int ReminderMinutes { get; set; } = DefaultReminderMinutes;

    /// <summary>Also say when a group it was told about closes.</summary>
    public bool NotifyResolved { get; set; }

    /// <summary>It hears of groups that open from this instant on (not of those already open when it was added).</summary>
    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>What may be shown of the secret: its length in dots and last two characters, or null when there is none.</summary>
    public string? SecretHint => string.IsNullOrEmpty(Secret) ? null : "••••" + (Secret.Length > 8 ? Secret[^2..] : string.Empty);

    public bool Receives(AlertRule rule) => RuleMask == 0 || (RuleMask & (1 << (int)rule)) != 0;

    public static int MaskOf(IEnumerable<AlertRule>? rules) => rules?.Aggregate(0, (mask, rule) => mask | (1 << (int)rule)) ?? 0;

    public IReadOnlyList<AlertRule> Rules => RuleMask == 0 ? [] : Enum.GetValues<AlertRule>().Where(Receives).ToList();
}

/// <summary>What a message says. The numbers are stored: never renumber them.</summary>
public enum AlertMessageKind
{
    /// <summary>A group opened (the first alert of a rule at a station).</summary>
    Opened = 0,

    /// <summary>The group is still open and nobody acknowledged it after another reminder interval.</summary>
    Reminder = 1,

    /// <summary>The group closed: its last alert cleared.</summary>
    Resolved = 2,

    /// <summary>Sent from the alerts page to check the address.</summary>
    Test = 3,
}

/// <summary>
/// One attempt to deliver one message to one contact point. The first attempt's row is the claim: it is inserted before
/// the message is sent, and its unique key (contact point, group, opening, message, number, attempt) lets only one server
/// of several send a message. Later attempts (retries after a failure) add rows. Not audited: a log of sends, not data.
/// </summary>
public sealed class ContactPointDelivery
{
    public long Id { get; set; }
    public int ContactPointId { get; set; }

    /// <summary>The alert group, <see cref="Alerts.AlertGroups.IdOf"/> (e.g. <c>wish-unclaimed-17</c>); <c>test</c> for a test message.</summary>
    public required string GroupId { get; set; }

    /// <summary>Which time the group opened: the id of the alert that opened it (a group that closes and opens again is told again).</summary>
    public long Opening { get; set; }

    public AlertMessageKind Message { get; set; }

    /// <summary>The reminder's number (1, 2, …); 0 for the other messages.</summary>
    public int Number { get; set; }

    /// <summary>1 for the first attempt (the claim), then 2, 3, … for the retries.</summary>
    public int Attempt { get; set; }

    public DateTime At { get; set; }

    /// <summary>The receiver's HTTP status; null while the first attempt is in flight or when no answer came.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Why the attempt failed (a status, the receiver's own error code, a timeout); null when it succeeded.</summary>
    public string? Error { get; set; }

    public bool Succeeded { get; set; }
}
