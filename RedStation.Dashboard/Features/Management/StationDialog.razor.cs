using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Dashboard.Components.Forms;
using RedStation.Dashboard.Localization;
using RedStation.Data.Entities;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

/// <summary>Creates a station (<see cref="StationId"/> null) or edits one; a refusal is shown under the field at fault.</summary>
public partial class StationDialog
{
    private static readonly string[] FormFields = ["Code", "StationName", "Community", "Capacity", "FloorArea", "ClosesAt", "Latitude", "HostUnit"];

    private readonly FieldErrors _errors = new();
    private string? _code;
    private string? _name;
    private int _communityId;
    private StationKind _kind;
    private StationStatus _status;
    private int _capacity;
    private double _floorArea;
    private TimeSpan? _opensAt;
    private TimeSpan? _closesAt;
    private double _latitude;
    private double _longitude;
    private string? _hostUnit;
    private IReadOnlyCollection<StationServices> _services = [];
    private IReadOnlyCollection<StationFacilities> _facilities = [];
    private bool _saving;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public int? StationId { get; set; }

    [Parameter, EditorRequired]
    public required StationInput Input { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<CommunityOption> Communities { get; set; }

    [Inject]
    public required StationAdminService Stations { get; init; }

    /// <summary>Shows the dialog; the saved station, or null when cancelled.</summary>
    public static async Task<Station?> ShowAsync(IDialogService dialogs, string title, int? stationId, StationInput input, IReadOnlyList<CommunityOption> communities)
    {
        var parameters = new DialogParameters<StationDialog>
        {
            { d => d.StationId, stationId },
            { d => d.Input, input },
            { d => d.Communities, communities },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<StationDialog>(title, parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: Station station } ? station : null;
    }

    protected override void OnInitialized()
    {
        var input = Input;
        (_code, _name, _communityId, _kind, _status) = (input.Code, input.Name, input.CommunityId, input.Kind, input.Status);
        (_capacity, _floorArea, _latitude, _longitude, _hostUnit) = (input.Capacity, input.FloorArea, input.Latitude, input.Longitude, input.HostUnit);
        (_opensAt, _closesAt) = (input.OpensAt.ToTimeSpan(), input.ClosesAt.ToTimeSpan());
        _services = Enum.GetValues<StationServices>().Where(s => s != StationServices.None && input.Services.HasFlag(s)).ToList();
        _facilities = Enum.GetValues<StationFacilities>().Where(f => f != StationFacilities.None && input.Facilities.HasFlag(f)).ToList();
    }

    private string CommunityLabel(int communityId) =>
        Communities.FirstOrDefault(c => c.Id == communityId) is { } c
            ? $"{Bilingual.Pick(c.DistrictName, c.DistrictNameEn)} · {c.Name}"
            : string.Empty;

    private void Cancel() => Dialog.Cancel();

    private StationInput Collect() => new()
    {
        Code = _code ?? string.Empty,
        Name = _name ?? string.Empty,
        CommunityId = _communityId,
        Kind = _kind,
        Status = _status,
        Capacity = _capacity,
        FloorArea = _floorArea,
        OpensAt = TimeOnly.FromTimeSpan(_opensAt ?? TimeSpan.Zero),
        ClosesAt = TimeOnly.FromTimeSpan(_closesAt ?? TimeSpan.Zero),
        Latitude = _latitude,
        Longitude = _longitude,
        HostUnit = _hostUnit,
        Services = _services.Aggregate(StationServices.None, (all, s) => all | s),
        Facilities = _facilities.Aggregate(StationFacilities.None, (all, f) => all | f),
    };

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var input = Collect();
            var result = StationId is { } id ? await Stations.UpdateAsync(id, input) : await Stations.CreateAsync(input);
            _errors.Set(result.Error);
            if (result.Error is null)
            {
                Dialog.Close(DialogResult.Ok(result.Value));
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
