using System.Globalization;
using Microsoft.AspNetCore.Components;
using RedStation.Dashboard.Components.Occupancy;
using RedStation.Dashboard.Live;
using RedStation.Dashboard.Localization;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Occupancy;

/// <summary>
/// The occupancy board: one live tile per station, fullest first, flagging stations over capacity,
/// open with nobody on duty, or silent for too long. Paged, so a render never carries 453 tiles.
/// </summary>
public partial class OccupancyPage : LiveComponentBase
{
    internal const int PageSize = 60;

    private IReadOnlyList<(StationLive Station, StationCondition Condition)> _matching = [];
    private Dictionary<int, DistrictLive> _districtsById = [];
    private int? _districtId;
    private StationKind? _kind;
    private OccupancySort _sort = OccupancySort.Fullness;
    private bool _onlyFlagged;
    private bool _showPlanned;
    private int _page = 1;
    private int _overCapacity;
    private int _unstaffed;
    private int _stale;

    [Inject] public required CityClock Clock { get; init; }

    private int PageCount => Math.Max(1, (_matching.Count + PageSize - 1) / PageSize);

    private IEnumerable<(StationLive Station, StationCondition Condition)> PageOfTiles =>
        _matching.Skip((Math.Min(_page, PageCount) - 1) * PageSize).Take(PageSize);

    protected override void OnSnapshot()
    {
        _districtsById = Snapshot.Districts.ToDictionary(d => d.DistrictId);
        var utcNow = Clock.UtcNow;
        var localNow = Clock.ToLocal(utcNow);
        var staleAfter = LiveOptions.Value.StaleAfter;

        var shown = Snapshot.Stations
            .Where(s => s.Status == StationStatus.Open || (_showPlanned && s.Status == StationStatus.Planned))
            .Where(s => _districtId is null || s.DistrictId == _districtId)
            .Where(s => _kind is null || s.Kind == _kind)
            .Select(s => (Station: s, Condition: StationCondition.Of(s, utcNow, localNow, staleAfter)))
            .ToList();

        // The counts describe the filtered network, before "only flagged" narrows the tiles.
        _overCapacity = shown.Count(t => t.Condition.IsOverCapacity);
        _unstaffed = shown.Count(t => t.Condition.IsUnstaffed);
        _stale = shown.Count(t => t.Condition.IsStale);

        var matching = _onlyFlagged ? shown.Where(t => t.Condition.IsFlagged) : shown;
        _matching = Sort(matching, _sort).ToList();
    }

    internal static IEnumerable<(StationLive Station, StationCondition Condition)> Sort(
        IEnumerable<(StationLive Station, StationCondition Condition)> tiles, OccupancySort sort)
    {
        var byName = StringComparer.Create(CultureInfo.CurrentCulture, ignoreCase: true);
        return sort switch
        {
            OccupancySort.Name => tiles.OrderBy(t => t.Station.Name, byName).ThenBy(t => t.Station.StationId),
            OccupancySort.OnDuty => tiles.OrderByDescending(t => t.Station.OnDuty.Count).ThenByDescending(t => t.Station.Fullness).ThenBy(t => t.Station.StationId),
            _ => tiles.OrderByDescending(t => t.Station.Fullness).ThenByDescending(t => t.Station.Occupancy).ThenBy(t => t.Station.StationId),
        };
    }

    private void OnDistrictChanged(int? districtId) => Refilter(() => _districtId = districtId);

    private void OnKindChanged(StationKind? kind) => Refilter(() => _kind = kind);

    private void OnSortChanged(OccupancySort sort) => Refilter(() => _sort = sort);

    private void OnOnlyFlaggedChanged(bool value) => Refilter(() => _onlyFlagged = value);

    private void OnShowPlannedChanged(bool value) => Refilter(() => _showPlanned = value);

    private void OnPageChanged(int page) => _page = page;

    /// <summary>A new filter starts again on page one.</summary>
    private void Refilter(Action change)
    {
        change();
        _page = 1;
        OnSnapshot();
    }

    private static string DistrictName(DistrictLive district) => district.DisplayName();

    private string DistrictName(int districtId) =>
        _districtsById.TryGetValue(districtId, out var district) ? DistrictName(district) : string.Empty;

    private string DistrictLabel(int? districtId) => districtId is { } id ? DistrictName(id) : string.Empty;

    private string KindLabel(StationKind? kind) => kind is { } k ? L[$"StationKind.{k}"] : string.Empty;

    private string SortLabel(OccupancySort sort) => L[$"Occupancy.Sort.{sort}"];
}
