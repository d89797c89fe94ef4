using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

/// <summary>
/// Management of the units stationed in the area (驻区单位): each with its kind, the community it co-builds with and
/// the venues it opens; add and edit in a dialog. An empty list points to the network import's units sheet.
/// </summary>
public partial class ManageUnitsPage
{
    /// <summary>The network import, opened on its units sheet.</summary>
    internal const string ImportHref = "manage/import?sheet=units";

    private static readonly int[] PageSizes = [25, 50, 100];

    private IReadOnlyList<UnitRow>? _units;
    private IReadOnlyList<CommunityOption>? _communities;
    private string? _search;

    [Inject]
    public required UnitService Units { get; init; }

    [Inject]
    public required StationAdminService Stations { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync() => _units = await Units.ListAsync();

    private bool Matches(UnitRow unit) =>
        string.IsNullOrWhiteSpace(_search)
        || unit.Code.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
        || unit.Name.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
        || unit.CommunityName.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
        || unit.Venues.Any(v => v.Name.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase));

    private async Task<IReadOnlyList<CommunityOption>> CommunitiesAsync() => _communities ??= await Stations.GetCommunitiesAsync();

    private async Task CreateAsync()
    {
        var communities = await CommunitiesAsync();
        if (communities.Count == 0)
        {
            Snackbar.Add(L["Manage.Units.NeedsCommunity"], Severity.Warning);
            return;
        }

        var input = new UnitInput { CommunityId = communities[0].Id };
        if (await UnitDialog.ShowAsync(Dialogs, L["Manage.Units.CreateTitle"], null, input, communities) is { } name)
        {
            Snackbar.Add(L["Manage.Saved", name], Severity.Success);
            _units = await Units.ListAsync();
        }
    }

    private async Task EditAsync(UnitRow row)
    {
        if (await Units.GetAsync(row.Id) is not { } input)
        {
            return;
        }

        if (await UnitDialog.ShowAsync(Dialogs, L["Manage.Units.EditTitle", row.Name], row.Id, input, await CommunitiesAsync()) is { } name)
        {
            Snackbar.Add(L["Manage.Saved", name], Severity.Success);
            _units = await Units.ListAsync();
        }
    }
}
