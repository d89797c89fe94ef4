using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Live;
using RedStation.Dashboard.Security;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Features.Alerts;

public sealed partial class AlertBadge : IDisposable
{
    private LiveSubscription? _live;
    private HashSet<int>? _stations;
    private bool _visible;
    private int _count;
    private string _href = "alerts";

    [Inject] public required LiveFeed Feed { get; init; }

    [Inject] public required IOptions<LiveScreenOptions> LiveOptions { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        if (user is null)
        {
            return;
        }

        if (StationAccess.CanSeeAlerts(user))
        {
            _visible = true;
        }
        else if (StationAccess.IsDutyStaff(user))
        {
            _visible = true;
            _stations = StationAccess.StationsOf(user).ToHashSet();
            _href = "desk";
        }

        if (!_visible || !Feed.IsReady)
        {
            return;
        }

        Count();
        // Only what changes the count (or a rebuild) updates it.
        _live = new LiveSubscription(InvokeAsync, DispatchExceptionAsync);
        _live.Start(Feed, LiveOptions.Value.UpdateWindow, Time, events =>
            events.Count == 0 ? LiveUpdate.Coalesced : events.Any(LiveSubscription.IsUrgent) ? LiveUpdate.Urgent : LiveUpdate.None,
            () =>
            {
                Count();
                StateHasChanged();
            });
    }

    /// <summary>As MudBadge writes a number: above 99, "99+".</summary>
    private string BadgeText => _count > 99 ? "99+" : _count.ToString(CultureInfo.CurrentCulture);

    /// <summary>Counts groups (one rule at one station), not alerts, and leaves the snoozed and muted ones out.</summary>
    private void Count()
    {
        var groups = Feed.OpenGroups(LiveScope.All);
        _count = _stations is null ? groups.Count : groups.Count(g => _stations.Contains(g.StationId));
    }

    public void Dispose() => _live?.Dispose();
}
