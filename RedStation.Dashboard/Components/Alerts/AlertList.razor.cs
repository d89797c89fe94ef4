using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using RedStation.Dashboard.Security;
using RedStation.Data.Alerts;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Components.Alerts;

public partial class AlertList
{
    private readonly HashSet<string> _expanded = [];
    private IReadOnlyList<AlertGroup> _groups = [];
    private DateTime _now;
    private bool _busy;
    private ClaimsPrincipal? _user;

    [Inject] public required AlertService AlertService { get; init; }

    [Inject] public required LiveFeed Feed { get; init; }

    [Inject] public required CityClock Clock { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required ILogger<AlertList> Logger { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    /// <summary>The open alerts of the page's scope, as the live feed gives them; the list groups and orders them.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<AlertLive> Alerts { get; set; }

    /// <summary>The name of a station, from the live state the page already holds.</summary>
    [Parameter, EditorRequired] public required Func<int, string> StationName { get; set; }

    /// <summary>The viewer: who may acknowledge a group is <see cref="StationAccess.CanAcknowledgeAlertsAt"/>, at its station.</summary>
    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Show which station each group is at; a page about one station leaves it out.</summary>
    [Parameter] public bool ShowStation { get; set; } = true;

    /// <summary>Offer to snooze or mute each group (the alerts page, for organisers).</summary>
    [Parameter] public bool CanSilence { get; set; }

    /// <summary>Show at most this many groups (the most pressing); all when null.</summary>
    [Parameter] public int? Max { get; set; }

    /// <summary>The groups shown, after silences and <see cref="Max"/>: what a caller's heading may count.</summary>
    public IReadOnlyList<AlertGroup> Groups => _groups;

    protected override async Task OnParametersSetAsync()
    {
        _user = AuthenticationState is null ? null : (await AuthenticationState).User;
        _now = Clock.UtcNow;
        // The same read as every other consumer (LiveFeed.OpenGroups): silenced groups left out, severity then age.
        var groups = Feed.GroupsOf(Alerts);
        _groups = Max is { } max ? groups.Take(max).ToList() : groups;
    }

    /// <summary>The same predicate as the API's acknowledgement (policy <see cref="SecurityPolicies.AcknowledgeAlerts"/>).</summary>
    private bool CanAcknowledge(AlertGroup group) => _user is not null && StationAccess.CanAcknowledgeAlertsAt(_user, group.StationId);

    private void Toggle(string groupId)
    {
        if (!_expanded.Remove(groupId))
        {
            _expanded.Add(groupId);
        }
    }

    private Task SilenceAsync(AlertGroup group) =>
        SilenceDialog.ShowAsync(Dialogs, L["Alerts.SilenceTitle", AlertText.Title(L, group.Rule), StationName(group.StationId)], group.Id);

    private async Task AcknowledgeAsync(AlertGroup group)
    {
        if (_busy || !CanAcknowledge(group))
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await AlertService.AcknowledgeGroupAsync(group.Id);
            Snackbar.Add(result.Error?.Message ?? L["Alert.Acknowledged"], result.Succeeded ? Severity.Success : Severity.Error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Acknowledging alert group {GroupId} failed.", group.Id);
            Snackbar.Add(L["Desk.WriteFailed"], Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
