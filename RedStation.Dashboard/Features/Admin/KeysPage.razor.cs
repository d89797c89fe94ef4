using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Data.Entities;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Admin;

/// <summary>
/// Integration keys: list, create (the key shown once: only its hash is stored) and revoke. Thin: every change is
/// the <see cref="IntegrationKeyService"/>'s, and its refusals are shown as they come.
/// </summary>
public partial class KeysPage
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private IReadOnlyList<IntegrationKey> _keys = [];
    private IReadOnlyDictionary<int, string> _stationNames = new Dictionary<int, string>();
    private bool _loading = true;
    private bool _createOpen;
    private bool _busy;
    private string? _name;
    private bool _read = true;
    private bool _write;
    private readonly List<StationRow> _stations = [];
    private MudAutocomplete<StationRow>? _stationPicker;
    private CreatedIntegrationKey? _created;

    [Inject]
    public required IntegrationKeyService Keys { get; init; }

    [Inject]
    public required StationDirectory Directory { get; init; }

    [Inject]
    public required CityClock Clock { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        _keys = await Keys.ListAsync();
        _stationNames = await Directory.GetStationNamesAsync(_keys.SelectMany(k => k.Stations).Distinct().ToList());
        _loading = false;
    }

    private void OpenCreate()
    {
        (_name, _read, _write, _created) = (null, true, false, null);
        _stations.Clear();
        _createOpen = true;
    }

    private void CloseCreate()
    {
        // The key leaves memory with the dialog: it is never shown again.
        _created = null;
        _createOpen = false;
    }

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            var scopes = new List<string>();
            if (_read)
            {
                scopes.Add(IntegrationKeyService.ReadScope);
            }

            if (_write)
            {
                scopes.Add(IntegrationKeyService.WriteScope);
            }

            var result = await Keys.CreateAsync(_name, scopes, _stations.Select(s => s.Id).ToList());
            if (result.Error is { } error)
            {
                Snackbar.Add(error.Message, Severity.Error);
                return;
            }

            _created = result.Value;
            Snackbar.Add(L["Keys.CreatedToast", _created!.Key.Name], Severity.Success);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(IntegrationKey key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Keys.RevokeTitle"], L["Keys.RevokeText", key.Name], yesText: L["Admin.Revoke"], cancelText: L["Admin.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var result = await Keys.RevokeAsync(key.Id);
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Error);
        }
        else
        {
            Snackbar.Add(L["Keys.Revoked", key.Name], Severity.Success);
        }

        await LoadAsync();
    }

    private async Task<IEnumerable<StationRow>> SearchStationsAsync(string? search, CancellationToken cancellationToken)
    {
        var page = await Directory.SearchAsync(new StationQuery { Search = search, PageSize = 20 }, cancellationToken);
        return page.Items.Where(s => _stations.All(chosen => chosen.Id != s.Id));
    }

    private async Task AddStation(StationRow? station)
    {
        if (station is not null && _stations.All(s => s.Id != station.Id))
        {
            _stations.Add(station);
        }

        if (_stationPicker is not null)
        {
            await _stationPicker.ClearAsync();
        }
    }

    private void RemoveStation(int stationId) => _stations.RemoveAll(s => s.Id == stationId);

    private string ScopeLabel(string scope) => L[$"Keys.Scope.{scope}"];

    private string StationsLabel(IntegrationKey key) =>
        key.Stations.Count == 0
            ? L["Keys.AllStations"]
            : string.Join("、", key.Stations.Select(id => _stationNames.TryGetValue(id, out var name) ? name : $"#{id}"));

    private string Time(DateTime utc) => Clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
