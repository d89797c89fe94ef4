using Microsoft.AspNetCore.Components;
using RedStation.Data.Live;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.DutyDesk;

/// <summary>Who is on duty here, finding a volunteer as one types, checking in and out with one tap, and undo.</summary>
public partial class DutyPanel : DeskPanelBase, IDisposable
{
    internal const int SearchDebounceMilliseconds = 250;
    internal const int SearchTake = 8;

    private IReadOnlyList<VolunteerRow> _results = [];
    private string? _search;
    private bool _searched;
    private LastAction? _last;
    private Timer? _undoExpiry;
    private CancellationTokenSource? _searchCancellation;

    [Inject] public required VolunteerDirectory Volunteers { get; init; }

    [Inject] public required DutyService Duty { get; init; }

    private sealed record LastAction(long SessionId, string VolunteerName, DutyAction Action, DateTime At);

    /// <summary>The desk's last check-in or check-out, while it may still be undone.</summary>
    private LastAction? UndoableAction => _last is { } last && Clock.UtcNow - last.At <= DutyService.UndoWindow ? last : null;

    private bool IsOnDutyHere(int volunteerId) => Station.OnDuty.Any(v => v.VolunteerId == volunteerId);

    private string Hours(DateTime since) => Math.Max(0, (Clock.UtcNow - since).TotalHours).ToString("0.#", Culture);

    private async Task SearchAsync(string? search)
    {
        _search = search;
        if (_searchCancellation is not null)
        {
            await _searchCancellation.CancelAsync();
            _searchCancellation.Dispose();
        }

        _searchCancellation = new CancellationTokenSource();
        if (string.IsNullOrWhiteSpace(search))
        {
            (_results, _searched) = ([], false);
            return;
        }

        try
        {
            _results = await Volunteers.SearchAsync(search, SearchTake, _searchCancellation.Token);
            _searched = true;
        }
        catch (OperationCanceledException)
        {
            // A newer search replaced this one.
        }
    }

    private async Task CheckInAsync(int volunteerId, string name)
    {
        var session = await WriteAsync(() => Duty.CheckInAsync(Station.StationId, volunteerId), _ => L["Desk.CheckedIn", name]);
        Remember(session, name, DutyAction.CheckIn);
    }

    private async Task CheckOutAsync(int volunteerId, string name)
    {
        var session = await WriteAsync(() => Duty.CheckOutAsync(Station.StationId, volunteerId), _ => L["Desk.CheckedOut", name]);
        Remember(session, name, DutyAction.CheckOut);
    }

    private async Task UndoAsync()
    {
        if (_last is not { } last)
        {
            return;
        }

        var undone = await WriteAsync(() => Duty.UndoAsync(Station.StationId, last.SessionId), _ => L[$"Desk.Undone.{last.Action}", last.VolunteerName]);
        if (undone is not null)
        {
            _last = null;
        }
    }

    private void Remember(RedStation.Data.Entities.DutySession? session, string name, DutyAction action)
    {
        if (session is null)
        {
            return;
        }

        var at = action == DutyAction.CheckIn ? session.CheckedInAt : session.CheckedOutAt!.Value;
        _last = new LastAction(session.Id, name, action, at);

        // Take the undo bar away when its minute is over, even if nothing else renders the panel.
        _undoExpiry?.Dispose();
        _undoExpiry = new Timer(_ => InvokeAsync(StateHasChanged), null, DutyService.UndoWindow + TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _undoExpiry?.Dispose();
        _searchCancellation?.Cancel();
        _searchCancellation?.Dispose();
    }
}
