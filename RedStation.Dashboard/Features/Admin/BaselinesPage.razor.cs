using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using RedStation.Dashboard.Components.Forms;
using RedStation.Dashboard.Features.WallDisplay;
using RedStation.Data.Entities;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Admin;

/// <summary>
/// The historical baselines (历史基数): the programme's start and its figures from before the system, and the disputes
/// each mediation studio settled before it. Thin: every change is the <see cref="BaselineService"/>'s (administrators
/// only, audited), and its refusals are shown under the field at fault.
/// </summary>
public partial class BaselinesPage
{
    /// <summary>The network's figures, in the form's order; each is also the field a refusal names.</summary>
    private static readonly string[] Figures = ["HoursServed", "WishesClaimed", "DisputesSettled", "VolunteersRegistered", "StationsBuilt"];

    private static readonly string[] FormFields = ["BaselineStart", "BaselineAsOf", "BaselineSource", .. Figures];

    private readonly FieldErrors _errors = new();
    private readonly FieldErrors _stationErrors = new();
    private readonly Dictionary<string, int> _figures = Figures.ToDictionary(f => f, _ => 0);
    private ProgrammeBaseline? _baseline;
    private IReadOnlyList<StationBaselineRow> _stations = [];
    private string? _start;
    private string? _asOf;
    private string? _source;
    private StationRow? _station;
    private int _stationDisputes;
    private bool _busy;

    [Inject]
    public required BaselineService Baselines { get; init; }

    [Inject]
    public required StationDirectory Directory { get; init; }

    [Inject]
    public required CityClock Clock { get; init; }

    [Inject]
    public required IOptions<WallDisplayOptions> WallOptions { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    /// <summary>Where the figures count from while no baseline is entered: <c>WallDisplay:ProgrammeStart</c>.</summary>
    private DateOnly FallbackStart => WallOptions.Value.ProgrammeStart;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        Fill();
    }

    private async Task LoadAsync()
    {
        _baseline = await Baselines.GetAsync();
        _stations = await Baselines.ListStationsAsync();
    }

    /// <summary>The form shows the saved baseline, or the configured start and today while there is none.</summary>
    private void Fill()
    {
        var b = _baseline;
        _start = Day(b?.StartDate ?? FallbackStart);
        _asOf = Day(b?.AsOf ?? Clock.Today);
        _source = b?.Source;
        _figures["HoursServed"] = b?.HoursServed ?? 0;
        _figures["WishesClaimed"] = b?.WishesClaimed ?? 0;
        _figures["DisputesSettled"] = b?.DisputesSettled ?? 0;
        _figures["VolunteersRegistered"] = b?.VolunteersRegistered ?? 0;
        _figures["StationsBuilt"] = b?.StationsBuilt ?? 0;
    }

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            _errors.Clear();
            if (ParseDay(_start, "BaselineStart", "Baselines.Start") is not { } start || ParseDay(_asOf, "BaselineAsOf", "Baselines.AsOf") is not { } asOf)
            {
                return;
            }

            var result = await Baselines.SaveAsync(new ProgrammeBaselineInput(start, asOf,
                _figures["HoursServed"], _figures["WishesClaimed"], _figures["DisputesSettled"], _figures["VolunteersRegistered"], _figures["StationsBuilt"], _source));
            _errors.Set(result.Error);
            if (result.Error is null)
            {
                Snackbar.Add(L["Baselines.Saved"], Severity.Success);
                await LoadAsync();
                Fill();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SetStationAsync()
    {
        if (_station is not { } station)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Baselines.SetStationAsync(station.Id, _stationDisputes);
            _stationErrors.Set(result.Error);
            if (result.Error is null)
            {
                Snackbar.Add(L["Baselines.StationSaved", station.Name], Severity.Success);
                (_station, _stationDisputes) = (null, 0);
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RemoveStationAsync(StationBaselineRow row)
    {
        _busy = true;
        try
        {
            var result = await Baselines.RemoveStationAsync(row.StationId);
            _stationErrors.Set(result.Error);
            if (result.Error is null)
            {
                Snackbar.Add(L["Baselines.StationRemoved", row.StationName], Severity.Success);
            }

            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task<IEnumerable<StationRow>> SearchStationsAsync(string? search, CancellationToken cancellationToken)
    {
        var page = await Directory.SearchAsync(new StationQuery { Search = search, PageSize = 20 }, cancellationToken);
        return page.Items;
    }

    /// <summary>A date field's value; an empty or malformed one is refused under its field before anything is written.</summary>
    private DateOnly? ParseDay(string? text, string field, string labelKey)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        _errors.Set(new DomainError("BaselineDateInvalid", ErrorKind.Validation, L["Baselines.DateInvalid", L[labelKey]]) { Field = field });
        return null;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string Time(DateTime utc) => Clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
