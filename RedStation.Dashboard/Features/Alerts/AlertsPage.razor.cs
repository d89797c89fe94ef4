using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using RedStation.Dashboard.Components;
using RedStation.Dashboard.Components.Alerts;
using RedStation.Dashboard.Live;
using RedStation.Dashboard.Localization;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Alerts;

/// <summary>
/// Organisers' view of every alert: the open groups live (severity, then the oldest), rolled up per district and rule,
/// the snoozed and muted ones with their undo, the history filtered by district, rule and state, and the rules'
/// thresholds and damping. Everything re-reads when an alert opens, closes, is acknowledged or is silenced.
/// </summary>
public sealed partial class AlertsPage : IDisposable
{
    private MudTable<AlertRow>? _table;
    private LiveSubscription? _live;
    private bool _busy;
    private readonly HashSet<string> _expandedRollup = [];
    private IReadOnlyList<AlertLive> _open = [];
    private IReadOnlyList<AlertGroup> _groups = [];
    private IReadOnlyList<DistrictRollup> _rollup = [];
    private IReadOnlyList<AlertSilenceLive> _silences = [];
    private Dictionary<int, string> _stationNames = [];
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

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required IOptions<LiveScreenOptions> LiveOptions { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var snapshot = Feed.Snapshot(LiveScope.All);
        _districts = snapshot.Districts;
        _stationNames = snapshot.Stations.ToDictionary(s => s.StationId, s => s.Name);
        ReadFeed();
        _rules = (await AlertService.SettingsAsync()).Values.OrderBy(s => s.Rule).Select(RuleForm.Of).ToList();
        _live = new LiveSubscription(InvokeAsync, DispatchExceptionAsync);
        _live.Start(Feed, LiveOptions.Value.UpdateWindow, Time, events =>
            events.Count == 0 || events.Any(e => e is AlertRaised or AlertCleared or AlertAcknowledged or AlertSilenceChanged)
                ? LiveUpdate.Coalesced
                : LiveUpdate.None,
            RefreshAsync);
    }

    /// <summary>The open alerts, and the feed's health for the indicator: an empty batch (a change of health) re-reads both.</summary>
    private void ReadFeed()
    {
        _open = Feed.Alerts(LiveScope.All);
        _groups = Feed.OpenGroups(LiveScope.All);
        _silences = Feed.Silences(LiveScope.All);
        _rollup = DistrictRollup.Of(_groups);
        _health = Feed.Health;
        _updatedAt = Time.GetUtcNow().UtcDateTime;
    }

    private async Task RefreshAsync()
    {
        ReadFeed();
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }

        StateHasChanged();
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

    private async Task LiftAsync(AlertSilenceLive silence)
    {
        _busy = true;
        try
        {
            var result = await AlertService.LiftSilenceAsync(silence.SilenceId);
            Snackbar.Add(result.Error?.Message ?? L["Alerts.Lifted"], result.Succeeded ? Severity.Success : Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private void ToggleRollup(string key)
    {
        if (!_expandedRollup.Remove(key))
        {
            _expandedRollup.Add(key);
        }
    }

    private string StationName(int stationId) => _stationNames.GetValueOrDefault(stationId) ?? $"#{stationId}";

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
            ? district.DisplayName()
            : string.Empty;

    private string RuleLabel(AlertRule? rule) => rule is { } r ? AlertText.Title(L, r) : string.Empty;

    private string StateLabel(AlertState state) => L[$"Alerts.State.{state}"];

    public void Dispose() => _live?.Dispose();

    /// <summary>One rule in one district: "蕉城区 · 无人值守 · 4 个驿站", the most severe and oldest first.</summary>
    private sealed record DistrictRollup(int DistrictId, AlertRule Rule, AlertSeverity Severity, DateTime Since, IReadOnlyList<AlertGroup> Groups)
    {
        public IReadOnlyList<AlertLive> Alerts { get; } = Groups.SelectMany(g => g.Alerts).ToList();

        public static IReadOnlyList<DistrictRollup> Of(IReadOnlyList<AlertGroup> groups) =>
            groups.GroupBy(g => (g.DistrictId, g.Rule))
                .Select(g => new DistrictRollup(g.Key.DistrictId, g.Key.Rule, g.Max(x => x.Severity), g.Min(x => x.Since), g.ToList()))
                .OrderByDescending(r => r.Severity).ThenBy(r => r.Since).ThenBy(r => r.DistrictId).ThenBy(r => r.Rule)
                .ToList();
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
