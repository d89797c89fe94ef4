using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using RedStation.Dashboard.Live;
using RedStation.Dashboard.Security;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Features.DutyDesk;

public enum DeskAccess
{
    Pending,
    Granted,
    Refused,
    NoStations,
    NotOpen,
}

public sealed record StationChoice(int StationId, string Code, string Name);

/// <summary>
/// The duty desk: one station run from a phone or a front-desk tablet. Duty staff see only their own stations,
/// an administrator any open one. A station typed into the address that the user may not write at is refused
/// here (no write controls at all); the domain services stay the only path to the data.
/// </summary>
public partial class DutyDeskPage : LiveComponentBase
{
    private IReadOnlyList<StationChoice> _choices = [];
    private int? _stationId;
    private StationLive? _station;
    private DeskAccess _access;
    private int _tab;

    [Parameter] public int? StationId { get; set; }

    [CascadingParameter] public required Task<AuthenticationState> AuthenticationState { get; set; }

    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthenticationState).User;
        if (_choices.Count == 0)
        {
            // Read once: a whole-network snapshot for an administrator's picker, only their own for duty staff.
            var stations = StationAccess.CanRunEveryDesk(user)
                ? Feed.Snapshot(LiveScope.All).Stations
                : Feed.Stations(StationAccess.StationsOf(user));
            _choices = stations
                .Where(s => s.Status == StationStatus.Open)
                .OrderBy(s => s.Code, StringComparer.Ordinal)
                .Select(s => new StationChoice(s.StationId, s.Code, s.Name))
                .ToList();
        }

        _stationId = StationId ?? _choices.FirstOrDefault()?.StationId;
        _access = _stationId switch
        {
            null => DeskAccess.NoStations,
            { } id when !StationAccess.CanWriteAt(user, id) => DeskAccess.Refused,
            { } id when Feed.Stations([id]) is not [{ Status: StationStatus.Open }] => DeskAccess.NotOpen,
            _ => DeskAccess.Granted,
        };

        if (_access == DeskAccess.Granted)
        {
            ChangeScope(LiveScope.Station(_stationId!.Value));
        }
        else
        {
            _station = null;
        }
    }

    protected override void OnSnapshot() =>
        _station = _access == DeskAccess.Granted ? Snapshot.Stations.FirstOrDefault(s => s.StationId == _stationId) : null;

    private void OnStationPicked(int stationId) => Navigation.NavigateTo($"desk/{stationId}");

    private string StationLabel(int stationId) => _choices.FirstOrDefault(c => c.StationId == stationId)?.Name ?? string.Empty;
}
