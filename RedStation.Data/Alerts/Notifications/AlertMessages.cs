using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;
using RedStation.Data.Entities;
using RedStation.Data.Localization;
using RedStation.Data.Time;

namespace RedStation.Data.Alerts.Notifications;

/// <summary>
/// Turns an <see cref="AlertNotice"/> into the request each kind of contact point expects, in the city's language (zh-CN):
/// <list type="bullet">
/// <item>企业微信 group robot: <c>{"msgtype":"markdown","markdown":{"content":"…"}}</c>.</item>
/// <item>钉钉 group robot: <c>{"msgtype":"markdown","markdown":{"title":"…","text":"…"}}</c>; with a secret, the address gets
/// <c>&amp;timestamp={ms}&amp;sign={sign}</c>, sign = URL-encoded Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)).</item>
/// <item>Generic webhook: <see cref="WebhookPayload"/> as JSON; with a secret, <c>X-RedStation-Signature: sha256={hex HMAC-SHA256 of the body}</c>.</item>
/// </list>
/// </summary>
public sealed class AlertMessages(IStringLocalizer<DomainMessages> localizer, CityClock clock)
{
    public const string SignatureHeader = "X-RedStation-Signature";

    /// <summary>The language of every message: the city's, whoever configured the contact point.</summary>
    public static readonly CultureInfo Language = CultureInfo.GetCultureInfo("zh-CN");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Chinese stays readable in the receiver's logs; the body is JSON, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The request for one contact point: its address (DingTalk's signed one included), body and headers.</summary>
    public HttpRequestMessage Build(ContactPoint contactPoint, AlertNotice notice)
    {
        var (url, body) = contactPoint.Kind switch
        {
            ContactPointKind.WeCom => (contactPoint.Url, Serialize(new { msgtype = "markdown", markdown = new { content = Markdown(notice) } })),
            ContactPointKind.DingTalk => (
                string.IsNullOrEmpty(contactPoint.Secret) ? contactPoint.Url : DingTalkSignedUrl(contactPoint.Url, contactPoint.Secret, clock.TimeProvider.GetUtcNow()),
                Serialize(new { msgtype = "markdown", markdown = new { title = Title(notice), text = Markdown(notice) } })),
            _ => (contactPoint.Url, Serialize(Payload(notice))),
        };

        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (contactPoint.Kind == ContactPointKind.Webhook && !string.IsNullOrEmpty(contactPoint.Secret))
        {
            request.Headers.Add(SignatureHeader, WebhookSignature(contactPoint.Secret, body));
        }

        return request;
    }

    /// <summary>DingTalk's signed address: <c>{url}&amp;timestamp={ms}&amp;sign={URL-encoded Base64 HMAC-SHA256(secret, "{ms}\n{secret}")}</c>.</summary>
    public static string DingTalkSignedUrl(string url, string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{url}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}";
    }

    /// <summary>The generic webhook's signature header value: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body's UTF-8 bytes.</summary>
    public static string WebhookSignature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>The generic webhook's body (documented in docs/api.md).</summary>
    public static WebhookPayload Payload(AlertNotice notice) => new(
        notice.Kind,
        notice.GroupId,
        notice.Number,
        RuleSlug(notice.Rule),
        notice.Severity,
        notice.StationId,
        notice.StationName,
        notice.DistrictId,
        notice.DistrictName,
        notice.Count,
        notice.Value,
        notice.Limit,
        DateTime.SpecifyKind(notice.Since, DateTimeKind.Utc),
        (long)notice.OldestAge.TotalSeconds,
        DateTime.SpecifyKind(notice.At, DateTimeKind.Utc),
        notice.Link);

    /// <summary>The rule as the group ids spell it (<c>wish-unclaimed</c>).</summary>
    public static string RuleSlug(AlertRule rule)
    {
        var id = AlertGroups.IdOf(rule, 1);
        return id[..id.LastIndexOf('-')];
    }

    public string Title(AlertNotice notice)
    {
        using var _ = new LanguageScope();
        return notice.Kind switch
        {
            AlertMessageKind.Test => localizer["Notice.Title.Test"],
            _ => localizer[$"Notice.Title.{notice.Kind}", RuleTitle(notice.Rule) + " · " + notice.StationName, notice.Number],
        };
    }

    /// <summary>The markdown both robots show: a heading, the station and district, what holds, since when, and the link.</summary>
    public string Markdown(AlertNotice notice)
    {
        var title = Title(notice);
        using var _ = new LanguageScope();
        var text = new StringBuilder();
        text.Append("### ").Append(title).Append("\n\n");
        if (notice.Kind == AlertMessageKind.Test)
        {
            text.Append(localizer["Notice.Test", notice.StationName]);
        }
        else
        {
            text.Append("> ").Append(localizer["Notice.Station", notice.StationName, notice.DistrictName]).Append("\n\n");
            text.Append("> ").Append(localizer["Notice.Situation", Detail(notice)]).Append("\n\n");
            text.Append("> ").Append(localizer["Notice.Severity", localizer[$"Notice.Severity.{notice.Severity}"]]).Append("\n\n");
            text.Append("> ").Append(localizer["Notice.Since", Time(notice.Since), Age(notice.OldestAge)]).Append("\n\n");
            text.Append(notice.Kind == AlertMessageKind.Resolved
                ? localizer["Notice.ResolvedAt", Time(notice.At), Age(notice.OldestAge)]
                : localizer["Notice.PleaseAct"]);
        }

        if (notice.Link is { } link)
        {
            text.Append("\n\n[").Append(localizer["Notice.Link"]).Append("](").Append(link).Append(')');
        }

        return text.ToString();
    }

    private string RuleTitle(AlertRule rule) => localizer[$"Notice.Rule.{rule}"];

    private string Detail(AlertNotice notice) => localizer[$"Notice.Detail.{notice.Rule}", notice.Count, notice.Value, notice.Limit];

    private string Time(DateTime utc) => clock.ToLocal(utc).ToString(localizer["Notice.Time"], Language);

    private string Age(TimeSpan age) => age.TotalDays >= 1
        ? localizer["Notice.Age.Days", (int)age.TotalDays, age.Hours]
        : age.TotalHours >= 1 ? localizer["Notice.Age.Hours", (int)age.TotalHours, age.Minutes] : localizer["Notice.Age.Minutes", (int)age.TotalMinutes];

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary>The localizer answers in the current UI culture: the messages' language for as long as this lives.</summary>
    private readonly struct LanguageScope : IDisposable
    {
        private readonly CultureInfo _previous;

        public LanguageScope()
        {
            _previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = Language;
        }

        public void Dispose() => CultureInfo.CurrentUICulture = _previous;
    }
}

/// <summary>
/// The generic webhook's JSON body (property names in camelCase, enums in kebab-case): <c>event</c> opened / reminder /
/// resolved / test, the group id, the reminder number, the rule, severity, station, district, how many alerts, the measured
/// value and limit, since when (UTC, ISO 8601), the oldest condition's age in seconds, when sent, and the alerts page.
/// </summary>
public sealed record WebhookPayload(
    AlertMessageKind Event,
    string GroupId,
    int Reminder,
    string Rule,
    AlertSeverity Severity,
    int StationId,
    string Station,
    int DistrictId,
    string District,
    int Count,
    int Value,
    int Limit,
    DateTime Since,
    long OldestAgeSeconds,
    DateTime At,
    string? Link);
