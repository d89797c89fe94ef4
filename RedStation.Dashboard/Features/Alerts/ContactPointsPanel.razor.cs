using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using RedStation.Dashboard.Components.Alerts;
using RedStation.Dashboard.Components.Forms;
using RedStation.Dashboard.Live;
using RedStation.Dashboard.Localization;
using RedStation.Data.Alerts;
using RedStation.Data.Alerts.Notifications;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Alerts;

/// <summary>
/// The alerts page's contact points: where alerts go for people who are not looking (企业微信 and 钉钉 group robots, a
/// generic webhook). Add, edit and remove them, send a test message, and see each one's latest deliveries. Every change
/// goes through <see cref="ContactPointService"/>; the list re-reads when a contact point changes on any server or an alert
/// moves (its messages' deliveries follow).
/// </summary>
public sealed partial class ContactPointsPanel : IDisposable
{
    private const int DeliveriesShown = 10;

    private readonly FieldErrors _errors = new();
    private readonly HashSet<int> _expanded = [];
    private IReadOnlyList<ContactPoint> _contactPoints = [];
    private Dictionary<int, IReadOnlyList<ContactPointDelivery>> _deliveries = [];
    private IReadOnlyList<DistrictLive> _districts = [];
    private ContactPointForm? _form;
    private int? _confirmDelete;
    private bool _busy;
    private bool _disposed;
    private IDisposable? _subscription;
    private CallbackThrottler? _throttler;

    [Inject] public required ContactPointService ContactPoints { get; init; }

    [Inject] public required AlertNotifier Notifier { get; init; }

    [Inject] public required LiveFeed Feed { get; init; }

    [Inject] public required CityClock Clock { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required IOptions<LiveScreenOptions> LiveOptions { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _districts = Feed.Snapshot(LiveScope.All).Districts;
        await LoadAsync();
        _throttler = new CallbackThrottler(RefreshAsync, LiveOptions.Value.UpdateWindow, Time);
        // On the writer's thread: only a signal.
        _subscription = Feed.Subscribe(events =>
        {
            if (events.Any(e => e is SettingChanged { Kind: SettingKind.ContactPoint } or AlertRaised or AlertCleared or AlertAcknowledged))
            {
                _throttler.Signal();
            }
        });
    }

    private async Task LoadAsync()
    {
        _contactPoints = await ContactPoints.ListAsync();
        var deliveries = new Dictionary<int, IReadOnlyList<ContactPointDelivery>>();
        foreach (var contactPoint in _contactPoints)
        {
            deliveries[contactPoint.Id] = await ContactPoints.RecentDeliveriesAsync(contactPoint.Id, DeliveriesShown);
        }

        _deliveries = deliveries;
    }

    private async Task RefreshAsync()
    {
        try
        {
            await InvokeAsync(async () =>
            {
                if (_disposed)
                {
                    return;
                }

                await LoadAsync();
                StateHasChanged();
            });
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private void StartAdd()
    {
        _errors.Clear();
        _form = new ContactPointForm();
    }

    private void StartEdit(ContactPoint contactPoint)
    {
        _errors.Clear();
        _form = ContactPointForm.Of(contactPoint);
    }

    private void CancelForm()
    {
        _errors.Clear();
        _form = null;
    }

    private async Task SaveAsync()
    {
        if (_form is not { } form)
        {
            return;
        }

        _busy = true;
        try
        {
            var input = form.ToInput();
            var result = form.Id is { } id ? await ContactPoints.UpdateAsync(id, input) : await ContactPoints.CreateAsync(input);
            _errors.Set(result.Error);
            if (result.Succeeded)
            {
                _form = null;
                Snackbar.Add(L["ContactPoints.Saved", result.Value!.Name], Severity.Success);
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeleteAsync(ContactPoint contactPoint)
    {
        _busy = true;
        try
        {
            var result = await ContactPoints.DeleteAsync(contactPoint.Id);
            _confirmDelete = null;
            Snackbar.Add(result.Error?.Message ?? L["ContactPoints.Deleted", contactPoint.Name], result.Succeeded ? Severity.Success : Severity.Error);
            if (_form?.Id == contactPoint.Id)
            {
                _form = null;
            }

            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SendTestAsync(ContactPoint contactPoint)
    {
        _busy = true;
        try
        {
            var result = await Notifier.SendTestAsync(contactPoint.Id);
            var delivery = result.Value;
            if (result.Error is { } error)
            {
                Snackbar.Add(error.Message, Severity.Error);
            }
            else if (delivery!.Succeeded)
            {
                Snackbar.Add(L["ContactPoints.TestSent", contactPoint.Name], Severity.Success);
            }
            else
            {
                Snackbar.Add(L["ContactPoints.TestFailed", contactPoint.Name, delivery.Error ?? string.Empty], Severity.Error);
            }

            _expanded.Add(contactPoint.Id);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private void ToggleDeliveries(int id)
    {
        if (!_expanded.Remove(id))
        {
            _expanded.Add(id);
        }
    }

    private string KindLabel(ContactPointKind kind) => L[$"ContactPoints.Kind.{kind}"];

    private string RuleLabel(AlertRule rule) => AlertText.Title(L, rule);

    private string RulesText(IReadOnlyList<string> rules) => rules.Count == 0 ? L["ContactPoints.AllRules"] : string.Join("、", rules);

    private static string UrlExample(ContactPointKind kind) => kind switch
    {
        ContactPointKind.WeCom => "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
        ContactPointKind.DingTalk => "https://oapi.dingtalk.com/robot/send?access_token=…",
        _ => "https://",
    };

    /// <summary>The address without its query: a robot's key or token is in the query and stays off the screen once saved.</summary>
    private static string ShownUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Path) + (string.IsNullOrEmpty(uri.Query) ? string.Empty : "?…")
            : url;

    private string ReceivesLabel(ContactPoint contactPoint)
    {
        var rules = contactPoint.RuleMask == 0 ? L["ContactPoints.AllRules"].Value : string.Join("、", contactPoint.Rules.Select(RuleLabel));
        var district = contactPoint.DistrictId is { } id ? DistrictLabel(id) : L["ContactPoints.AllDistricts"].Value;
        return $"{rules} · {district}";
    }

    private string ReminderLabel(ContactPoint contactPoint) =>
        contactPoint.ReminderMinutes == 0
            ? L["ContactPoints.NoReminder"]
            : contactPoint.ReminderMinutes % 60 == 0
                ? L["ContactPoints.EveryHours", contactPoint.ReminderMinutes / 60]
                : L["ContactPoints.EveryMinutes", contactPoint.ReminderMinutes];

    private string GroupLabel(string groupId) =>
        AlertGroups.TryParseId(groupId, out var rule, out var stationId)
            ? $"{RuleLabel(rule)} · {Feed.Stations([stationId]).FirstOrDefault()?.Name ?? stationId.ToString(CultureInfo.InvariantCulture)}"
            : L["ContactPoints.Message.Test"];

    private string AtLabel(DateTime utc) => Clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private string DistrictLabel(int? districtId) =>
        _districts.FirstOrDefault(d => d.DistrictId == districtId) is { } district
            ? district.DisplayName()
            : string.Empty;

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _throttler?.Dispose();
    }

    /// <summary>What the form edits; the secret field starts empty (the stored one is never sent to the browser).</summary>
    private sealed class ContactPointForm
    {
        public int? Id { get; init; }
        public ContactPointKind Kind { get; set; }
        public string? Name { get; set; }
        public string? Url { get; set; }
        public string? Secret { get; set; }
        public string? SecretHint { get; init; }
        public bool ClearSecret { get; set; }
        public IReadOnlyCollection<AlertRule> Rules { get; set; } = [];
        public int? DistrictId { get; set; }
        public int ReminderMinutes { get; set; } = ContactPoint.DefaultReminderMinutes;
        public bool NotifyResolved { get; set; }
        public bool Enabled { get; set; } = true;

        public static ContactPointForm Of(ContactPoint contactPoint) => new()
        {
            Id = contactPoint.Id,
            Kind = contactPoint.Kind,
            Name = contactPoint.Name,
            Url = contactPoint.Url,
            SecretHint = contactPoint.SecretHint,
            Rules = contactPoint.Rules,
            DistrictId = contactPoint.DistrictId,
            ReminderMinutes = contactPoint.ReminderMinutes,
            NotifyResolved = contactPoint.NotifyResolved,
            Enabled = contactPoint.Enabled,
        };

        public ContactPointInput ToInput() =>
            new(Name, Kind, Url, Secret, Rules.ToList(), DistrictId, Enabled, ReminderMinutes, NotifyResolved, ClearSecret);
    }
}
