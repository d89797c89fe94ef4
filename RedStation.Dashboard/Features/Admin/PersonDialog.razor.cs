using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Admin;

/// <summary>Creates a person (<see cref="Person"/> null) or changes one's display name, roles and stations.</summary>
public partial class PersonDialog
{
    private readonly HashSet<string> _roles = new(StringComparer.Ordinal);
    private readonly List<StationRef> _stations = [];
    private MudAutocomplete<StationRow>? _stationPicker;
    private string? _userName;
    private string? _displayName;
    private string? _password;
    private bool _saving;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    /// <summary>The person to edit; null creates one.</summary>
    [Parameter]
    public PersonRow? Person { get; set; }

    [Inject]
    public required StaffService Staff { get; init; }

    [Inject]
    public required StationDirectory Stations { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private bool IsNew => Person is null;

    /// <summary>Shows the dialog; the created or changed person, or null when cancelled.</summary>
    public static async Task<PersonRow?> ShowAsync(IDialogService dialogs, string title, PersonRow? person)
    {
        var parameters = new DialogParameters<PersonDialog> { { d => d.Person, person } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<PersonDialog>(title, parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: PersonRow row } ? row : null;
    }

    protected override void OnInitialized()
    {
        if (Person is { } person)
        {
            _displayName = person.DisplayName;
            _roles.UnionWith(person.Roles.Where(StaffService.AssignableRoles.Contains));
            _stations.AddRange(person.Stations);
        }
    }

    private void ToggleRole(string role, bool on)
    {
        if (on)
        {
            _roles.Add(role);
        }
        else
        {
            _roles.Remove(role);
        }
    }

    private async Task<IEnumerable<StationRow>> SearchStationsAsync(string? text, CancellationToken cancellationToken)
    {
        var page = await Stations.SearchAsync(new StationQuery { Search = text, PageSize = 20 }, cancellationToken);
        return page.Items.Where(s => _stations.All(chosen => chosen.Id != s.Id));
    }

    private static string StationLabel(StationRow? station) => station is null ? string.Empty : $"{station.Name} · {station.Code}";

    private async Task AddStation(StationRow? station)
    {
        if (station is not null && _stations.All(s => s.Id != station.Id))
        {
            _stations.Add(new StationRef(station.Id, station.Code, station.Name));
        }

        if (_stationPicker is not null)
        {
            await _stationPicker.ClearAsync();
        }
    }

    private void RemoveStation(int stationId) => _stations.RemoveAll(s => s.Id == stationId);

    private void Cancel() => Dialog.Cancel();

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var roles = StaffService.AssignableRoles.Where(_roles.Contains).ToList();
            var stations = _roles.Contains(StaffRoles.DutyStaff) ? _stations.Select(s => s.Id).ToList() : [];
            var result = Person is { } person
                ? await Staff.UpdateAsync(person.Id, new PersonChange(_displayName, roles, stations))
                : await Staff.CreateAsync(new NewPerson(_userName ?? string.Empty, _displayName, _password ?? string.Empty, roles, stations));
            if (result.Error is { } error)
            {
                // The dialog stays open with what was typed, so that the one wrong field can be fixed.
                Snackbar.Add(error.Message, Severity.Error);
                return;
            }

            Dialog.Close(DialogResult.Ok(result.Value));
        }
        finally
        {
            _saving = false;
        }
    }
}
