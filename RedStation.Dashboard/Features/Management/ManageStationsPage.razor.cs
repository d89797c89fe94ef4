using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Dashboard.Components;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

/// <summary>Management of stations: a server-side grid of the network with create, edit and close.</summary>
public partial class ManageStationsPage
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<StationRow>? _grid;
    private string? _search;
    private IReadOnlyList<CommunityOption>? _communities;

    [Inject]
    public required StationDirectory Directory { get; init; }

    [Inject]
    public required StationAdminService Stations { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private async Task<GridData<StationRow>> LoadPageAsync(GridState<StationRow> state, CancellationToken cancellationToken)
    {
        var result = await Directory.SearchAsync(
            new StationQuery { Search = _search, SortBy = StationSort.Code, Page = state.Page, PageSize = state.PageSize }, cancellationToken);
        return new GridData<StationRow> { Items = result.Items, TotalItems = result.TotalCount };
    }

    private async Task OnSearchChangedAsync(string? search)
    {
        _search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        await _grid.ReloadFromFirstPageAsync();
    }

    private async Task<IReadOnlyList<CommunityOption>> CommunitiesAsync() => _communities ??= await Stations.GetCommunitiesAsync();

    private async Task CreateAsync()
    {
        var communities = await CommunitiesAsync();
        var input = new StationInput
        {
            CommunityId = communities.FirstOrDefault()?.Id ?? 0,
            Capacity = 50,
            FloorArea = 100,
            Latitude = 26.66,
            Longitude = 119.53,
        };
        if (await StationDialog.ShowAsync(Dialogs, L["Manage.Stations.CreateTitle"], null, input, communities) is { } created)
        {
            Snackbar.Add(L["Manage.Stations.Created", created.Name], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task EditAsync(StationRow row)
    {
        if (await Stations.GetAsync(row.Id) is not { } input)
        {
            return;
        }

        if (await StationDialog.ShowAsync(Dialogs, L["Manage.Stations.EditTitle", row.Name], row.Id, input, await CommunitiesAsync()) is { } saved)
        {
            Snackbar.Add(L["Manage.Stations.Saved", saved.Name], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task CloseAsync(StationRow row)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Manage.Stations.CloseTitle", row.Name], L["Manage.Stations.CloseText"].Value,
            yesText: L["Manage.Stations.Close"], cancelText: L["Dialog.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var result = await Stations.CloseAsync(row.Id);
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Error);
            return;
        }

        Snackbar.Add(L["Manage.Stations.Closed", row.Name], Severity.Success);
        await ReloadAsync();
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;
}
