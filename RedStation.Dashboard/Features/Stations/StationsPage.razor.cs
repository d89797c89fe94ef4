using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Dashboard.Components;
using RedStation.Dashboard.Localization;
using RedStation.Dashboard.Security;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Stations;

/// <summary>
/// The station directory: every station of the network, paged, sorted and filtered in the database
/// (the grid never holds more than one page).
/// </summary>
public partial class StationsPage
{
    internal const int SearchDebounceMilliseconds = 300;
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<StationRow>? _grid;
    private IReadOnlyList<DistrictOption> _districts = [];
    private string? _search;
    private int? _districtId;
    private StationKind? _kind;
    private StationStatus? _status;
    private int? _totalCount;
    private bool _networkEmpty;

    private ClaimsPrincipal? _user;

    [Inject]
    public required StationDirectory Directory { get; init; }

    [Inject]
    public required LiveFeed Feed { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? Authentication { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _user = Authentication is null ? null : (await Authentication).User;
        _districts = await Directory.GetDistrictsAsync();
        _networkEmpty = Feed.Snapshot(LiveScope.All).Stations.Count == 0;
    }

    /// <summary>Whether the row shows the check-in poster button: see <see cref="StationAccess.CanManage"/>.</summary>
    private bool CanManage(int stationId) => _user is not null && StationAccess.CanManage(_user, stationId);

    private async Task<GridData<StationRow>> LoadPageAsync(GridState<StationRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var result = await Directory.SearchAsync(
            new StationQuery
            {
                Search = _search,
                DistrictId = _districtId,
                Kind = _kind,
                Status = _status,
                SortBy = ToSortName(sort?.SortBy),
                SortDescending = sort?.Descending ?? false,
                Page = state.Page,
                PageSize = state.PageSize,
            },
            cancellationToken);

        if (_totalCount != result.TotalCount)
        {
            _totalCount = result.TotalCount;
            StateHasChanged();
        }

        return new GridData<StationRow> { Items = result.Items, TotalItems = result.TotalCount };
    }

    /// <summary>Maps the grid's column (the <see cref="StationRow"/> property) to the directory's sort name.</summary>
    internal static string? ToSortName(string? column) => column switch
    {
        nameof(StationRow.Code) => StationSort.Code,
        nameof(StationRow.Name) => StationSort.Name,
        nameof(StationRow.DistrictName) => StationSort.District,
        nameof(StationRow.Kind) => StationSort.Kind,
        nameof(StationRow.Status) => StationSort.Status,
        nameof(StationRow.Capacity) => StationSort.Capacity,
        nameof(StationRow.Occupancy) => StationSort.Occupancy,
        nameof(StationRow.FloorArea) => StationSort.FloorArea,
        _ => null,
    };

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

    private Task OnKindChangedAsync(StationKind? kind)
    {
        _kind = kind;
        return _grid.ReloadFromFirstPageAsync();
    }

    private Task OnStatusChangedAsync(StationStatus? status)
    {
        _status = status;
        return _grid.ReloadFromFirstPageAsync();
    }


    private static string DistrictName(DistrictOption district) => district.DisplayName();

    private static string DistrictName(StationRow station) => Bilingual.Pick(station.DistrictName, station.DistrictNameEn);

    private string DistrictLabel(int? districtId) =>
        _districts.FirstOrDefault(d => d.Id == districtId) is { } district ? DistrictName(district) : string.Empty;

    private string KindLabel(StationKind? kind) => kind is { } k ? L[$"StationKind.{k}"] : string.Empty;

    private string StatusLabel(StationStatus? status) => status is { } s ? L[$"StationStatus.{s}"] : string.Empty;

    private static Color StatusColor(StationStatus status) => status switch
    {
        StationStatus.Open => Color.Success,
        StationStatus.Planned => Color.Info,
        _ => Color.Default,
    };

    private static string OpeningHours(StationRow station) =>
        $"{station.OpensAt.ToString("t", CultureInfo.CurrentCulture)}–{station.ClosesAt.ToString("t", CultureInfo.CurrentCulture)}";
}
