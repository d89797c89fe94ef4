using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using RedStation.Dashboard.Components;
using RedStation.Dashboard.Live;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Alerts;

/// <summary>
/// Organisers' view of every alert: the open ones live, the history filtered by district, rule and state, acknowledging,
/// and the rules' thresholds and damping. The table re-reads its page when an alert opens, closes or is acknowledged.
/// </summary>
public sealed partial class AlertsPage : IDisposable
{
    private MudTable<AlertRow>? _table;
    private IDisposable? _subscription;
    private CallbackThrottler? _throttler;
    private bool _disposed;
    private bool _busy;
    private IReadOnlyList<AlertLive> _open = [];
    private LiveHealth _health = null!;
    private DateTime _updatedAt;
    private IReadOnlyList<DistrictLive> _districts = [];
    private IReadOnlyList<RuleForm> _rules = [];
    private int? _districtId;
    private AlertRule? _rule;
    private AlertState _state = AlertState.All;

    [Inject] public required LiveFeed Feed { get; init; }

    [Inject] public required AlertService AlertService { get; init; }

    [Inject] public required AlertLog AlertLog { get; init; }

    [Inject] public required CityClock Clock { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required IOptions<LiveScreenOptions> LiveOptions { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _districts = Feed.Snapshot(LiveScope.All).Districts;
        ReadFeed();
        _rules = (await AlertService.SettingsAsync()).Values.OrderBy(s => s.Rule).Select(RuleForm.Of).ToList();
        _throttler = new CallbackThrottler(RefreshAsync, LiveOptions.Value.UpdateWindow, Time);
        _subscription = Feed.Subscribe(events =>
        {
            if (events.Count == 0 || events.Any(e => e is AlertRaised or AlertCleared or AlertAcknowledged))
            {
                _throttler.Signal();
            }
        });
    }

    /// <summary>The open alerts, and the feed's health for the indicator: an empty batch (a change of health) re-reads both.</summary>
    private void ReadFeed()
    {
        _open = Feed.Alerts(LiveScope.All);
        _health = Feed.Health;
        _updatedAt = Time.GetUtcNow().UtcDateTime;
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

                ReadFeed();
                if (_table is not null)
                {
                    await _table.ReloadServerData();
                }

                StateHasChanged();
            });
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private async Task<TableData<AlertRow>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await AlertLog.SearchAsync(new AlertQuery
        {
            DistrictId = _districtId,
            Rule = _rule,
            State = _state,
            Page = state.Page,
            PageSize = state.PageSize,
        },
        cancellationToken);
        return new TableData<AlertRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private Task OnDistrictChangedAsync(int? districtId)
    {
        _districtId = districtId;
        return _table.ReloadFromFirstPageAsync();
    }

    private Task OnRuleChangedAsync(AlertRule? rule)
    {
        _rule = rule;
        return _table.ReloadFromFirstPageAsync();
    }

    private Task OnStateChangedAsync(AlertState state)
    {
        _state = state;
        return _table.ReloadFromFirstPageAsync();
    }


    private async Task AcknowledgeAsync(AlertRow row)
    {
        _busy = true;
        try
        {
            var result = await AlertService.AcknowledgeAsync(row.Id);
            Snackbar.Add(result.Error?.Message ?? L["Alert.Acknowledged"], result.Succeeded ? Severity.Success : Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveRuleAsync(RuleForm form)
    {
        _busy = true;
        try
        {
            var result = await AlertService.UpdateRuleAsync(form.Rule, form.Enabled, form.Threshold, form.HoldMinutes * 60);
            Snackbar.Add(result.Error?.Message ?? L["Alerts.Saved", AlertText.Title(L, form.Rule)], result.Succeeded ? Severity.Success : Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private string AtLabel(DateTime utc) => Clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private string DistrictLabel(int? districtId) =>
        _districts.FirstOrDefault(d => d.DistrictId == districtId) is { } district
            ? (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? district.Name : district.NameEn)
            : string.Empty;

    private string RuleLabel(AlertRule? rule) => rule is { } r ? AlertText.Title(L, r) : string.Empty;

    private string StateLabel(AlertState state) => L[$"Alerts.State.{state}"];

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _throttler?.Dispose();
    }

    /// <summary>One rule's setting as the form edits it; the damping in whole minutes.</summary>
    private sealed class RuleForm
    {
        public AlertRule Rule { get; init; }
        public bool Enabled { get; set; }
        public int Threshold { get; set; }
        public int HoldMinutes { get; set; }

        public static RuleForm Of(AlertRuleSetting setting) => new()
        {
            Rule = setting.Rule,
            Enabled = setting.Enabled,
            Threshold = setting.Threshold,
            HoldMinutes = (int)Math.Round(setting.HoldSeconds / 60.0),
        };
    }
}
