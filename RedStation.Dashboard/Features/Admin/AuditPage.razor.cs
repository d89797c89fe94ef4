using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Dashboard.Components;
using RedStation.Data.Auditing;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Admin;

/// <summary>
/// The audit trail, newest first, filtered and paged in the database; a row opens its before/after values.
/// Times are the city's; every value is rendered as text (encoded), whatever a writer put in it.
/// </summary>
public partial class AuditPage
{
    internal const int SearchDebounceMilliseconds = 300;
    private static readonly int[] PageSizes = [25, 50, 100];

    private MudTable<AuditRow>? _table;
    private IReadOnlyList<string> _entities = [];
    private DateRange? _dates;
    private ActorKind? _actorKind;
    private string? _actor;
    private string? _entity;
    private AuditChange? _change;
    private StationRow? _station;
    private int? _totalCount;

    [Inject]
    public required AuditLog Log { get; init; }

    [Inject]
    public required StationDirectory Stations { get; init; }

    [Inject]
    public required CityClock Clock { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    protected override async Task OnInitializedAsync() => _entities = await Log.GetEntitiesAsync();

    private async Task<TableData<AuditRow>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        var result = await Log.SearchAsync(
            new AuditQuery
            {
                From = _dates?.Start is { } start ? DateOnly.FromDateTime(start) : null,
                To = _dates?.End is { } end ? DateOnly.FromDateTime(end) : null,
                ActorKind = _actorKind,
                Actor = _actor,
                Entity = _entity,
                StationId = _station?.Id,
                Change = _change,
                Page = state.Page,
                PageSize = state.PageSize,
            },
            cancellationToken);
        if (_totalCount != result.TotalCount)
        {
            _totalCount = result.TotalCount;
            StateHasChanged();
        }

        return new TableData<AuditRow> { Items = result.Items, TotalItems = result.TotalCount };
    }

    private Task OnDatesChangedAsync(DateRange? dates)
    {
        _dates = dates;
        return _table.ReloadFromFirstPageAsync();
    }

    private Task OnActorKindChangedAsync(ActorKind? kind)
    {
        _actorKind = kind;
        return _table.ReloadFromFirstPageAsync();
    }

    private Task OnActorChangedAsync(string? actor)
    {
        _actor = string.IsNullOrWhiteSpace(actor) ? null : actor.Trim();
        return _table.ReloadFromFirstPageAsync();
    }

    private Task OnEntityChangedAsync(string? entity)
    {
        _entity = entity;
        return _table.ReloadFromFirstPageAsync();
    }

    private Task OnChangeChangedAsync(AuditChange? change)
    {
        _change = change;
        return _table.ReloadFromFirstPageAsync();
    }

    private Task OnStationChangedAsync(StationRow? station)
    {
        _station = station;
        return _table.ReloadFromFirstPageAsync();
    }


    private async Task<IEnumerable<StationRow>> SearchStationsAsync(string? text, CancellationToken cancellationToken) =>
        (await Stations.SearchAsync(new StationQuery { Search = text, PageSize = 20 }, cancellationToken)).Items;

    private async Task ShowDetailAsync(AuditRow row)
    {
        var parameters = new DialogParameters<AuditDetailDialog> { { d => d.EntryId, row.Id } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true };
        await Dialogs.ShowAsync<AuditDetailDialog>(L["Audit.DetailTitle", EntityLabel(row.Entity), row.EntityKey], parameters, options);
    }

    private string AtLabel(DateTime utc) => Clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string StationLabel(StationRow? station) => station is null ? string.Empty : $"{station.Name} · {station.Code}";

    private string ActorKindLabel(ActorKind? kind) => kind is { } k ? L[$"ActorKind.{k}"] : string.Empty;

    private string ChangeLabel(AuditChange? change) => change is { } c ? L[$"AuditChange.{c}"] : string.Empty;

    /// <summary>The entity's name in the reader's language, its type name when there is none.</summary>
    private string EntityLabel(string? entity)
    {
        if (entity is null)
        {
            return string.Empty;
        }

        var label = L[$"Entity.{entity}"];
        return label.ResourceNotFound ? entity : label.Value;
    }

    private static Color ChangeColor(AuditChange change) => change switch
    {
        AuditChange.Added => Color.Success,
        AuditChange.Deleted => Color.Error,
        _ => Color.Info,
    };
}
