using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Dashboard.Components;
using RedStation.Dashboard.Localization;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

/// <summary>Management of the 17,000 volunteers: paged, sorted and searched in the database, with register and edit.</summary>
public partial class ManageVolunteersPage
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<VolunteerAdminRow>? _grid;
    private IReadOnlyList<DistrictOption> _districts = [];
    private string? _search;
    private int? _districtId;
    private int? _total;

    [Inject]
    public required VolunteerAdminService Volunteers { get; init; }

    [Inject]
    public required StationAdminService Stations { get; init; }

    [Inject]
    public required StationDirectory Directory { get; init; }

    [Inject]
    public required CatalogService Catalog { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync() => _districts = await Directory.GetDistrictsAsync();

    private string DistrictLabel(int? id) =>
        _districts.FirstOrDefault(d => d.Id == id) is { } d ? d.DisplayName() : string.Empty;

    private async Task<GridData<VolunteerAdminRow>> LoadPageAsync(GridState<VolunteerAdminRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var result = await Volunteers.SearchAsync(
            new VolunteerQuery
            {
                Search = _search,
                DistrictId = _districtId,
                SortBy = sort?.SortBy switch
                {
                    nameof(VolunteerAdminRow.Name) => VolunteerSort.Name,
                    nameof(VolunteerAdminRow.WorkUnit) => VolunteerSort.WorkUnit,
                    nameof(VolunteerAdminRow.CommunityName) => VolunteerSort.Community,
                    _ => VolunteerSort.MemberNumber,
                },
                SortDescending = sort?.Descending ?? false,
                Page = state.Page,
                PageSize = state.PageSize,
            },
            cancellationToken);
        if (_total != result.TotalCount)
        {
            _total = result.TotalCount;
            StateHasChanged();
        }

        return new GridData<VolunteerAdminRow> { Items = result.Items, TotalItems = result.TotalCount };
    }

    private Task OnSearchChangedAsync(string? search)
    {
        _search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        return _grid.ReloadFromFirstPageAsync();
    }

    private Task OnDistrictChangedAsync(int? districtId)
    {
        _districtId = districtId;
        return _grid.ReloadFromFirstPageAsync();
    }


    private async Task CreateAsync()
    {
        var communities = await Stations.GetCommunitiesAsync();
        var input = new VolunteerInput { CommunityId = communities.FirstOrDefault()?.Id ?? 0 };
        if (await VolunteerDialog.ShowAsync(Dialogs, L["Manage.Volunteers.CreateTitle"], null, input, communities, await Catalog.GetTeamsAsync()) is { } created)
        {
            Snackbar.Add(L["Manage.Volunteers.Created", created.Name], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task EditAsync(VolunteerAdminRow row)
    {
        if (await Volunteers.GetAsync(row.Id) is not { } input)
        {
            return;
        }

        var title = L["Manage.Volunteers.EditTitle", row.Name];
        if (await VolunteerDialog.ShowAsync(Dialogs, title, row.Id, input, await Stations.GetCommunitiesAsync(), await Catalog.GetTeamsAsync()) is { } saved)
        {
            Snackbar.Add(L["Manage.Volunteers.Saved", saved.Name], Severity.Success);
            await ReloadAsync();
        }
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;
}
