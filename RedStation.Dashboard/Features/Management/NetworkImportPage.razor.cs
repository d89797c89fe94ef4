using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using RedStation.Dashboard.Components.Import;
using RedStation.Dashboard.Localization;
using RedStation.Dashboard.Security;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

/// <summary>
/// Network import: one sheet at a time (districts, communities, stations, staff — the sheet chosen on the page), or a
/// workbook holding them all with the volunteers, imported in order as one write. Both go through the shared
/// <see cref="ImportFlow{TPreview, TOutcome}"/>: upload, a preview with every row's problems and whether it creates
/// or updates, then one write when confirmed. Staff is offered to administrators only; the accounts a staff sheet
/// creates get generated passwords, offered once as a CSV to download right after the import and never again.
/// </summary>
public partial class NetworkImportPage
{
    private const string Workbook = "workbook";

    /// <summary>The sheet chosen; null for the whole workbook.</summary>
    private NetworkSheet? _sheet = NetworkSheet.Districts;
    private bool _mayImportStaff;

    [Inject]
    public required NetworkImportService Import { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The sheet to open on (<c>?sheet=staff</c>, <c>?sheet=workbook</c>): the setup page links each import.</summary>
    [SupplyParameterFromQuery(Name = "sheet")]
    public string? Sheet { get; set; }

    private string Choice => _sheet?.ToString() ?? Workbook;

    private IEnumerable<NetworkSheet> Choices => Enum.GetValues<NetworkSheet>().Where(s => s != NetworkSheet.Staff || _mayImportStaff);

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
        {
            _mayImportStaff = StationAccess.CanManagePeople((await AuthenticationState).User);
        }

        if (Sheet is { Length: > 0 } asked && (Choices.Any(c => string.Equals(c.ToString(), asked, StringComparison.OrdinalIgnoreCase)) || asked == Workbook))
        {
            OnChoiceChanged(asked);
        }
    }

    private void OnChoiceChanged(string choice) =>
        _sheet = Enum.TryParse<NetworkSheet>(choice, ignoreCase: true, out var sheet) && Enum.IsDefined(sheet) ? sheet : null;

    private string SheetName(NetworkSheet sheet) => L[$"Manage.NetworkImport.Sheet.{sheet}"];

    private string Confirm(int valid) => L.Count("Manage.NetworkImport.Confirm", valid, valid.ToString("N0", System.Globalization.CultureInfo.CurrentCulture));

    private Task<Result<NetworkImportPreview>> ReadSheetAsync(ImportUpload file, IProgress<ImportProgress> progress, CancellationToken cancellationToken) =>
        Import.ReadAsync(file.Stream, file.Name, _sheet ?? NetworkSheet.Districts, progress, cancellationToken, file.Size);

    private Task<Result<NetworkImportOutcome>> WriteSheetAsync(NetworkImportPreview preview, bool skipInvalid, IProgress<ImportProgress> progress, CancellationToken cancellationToken) =>
        Import.ImportAsync(preview, skipInvalid, progress, cancellationToken);

    private Task<Result<NetworkWorkbookPreview>> ReadWorkbookAsync(ImportUpload file, IProgress<ImportProgress> progress, CancellationToken cancellationToken) =>
        Import.ReadWorkbookAsync(file.Stream, file.Name, progress, cancellationToken, file.Size);

    private Task<Result<NetworkWorkbookOutcome>> WriteWorkbookAsync(NetworkWorkbookPreview preview, bool skipInvalid, IProgress<ImportProgress> progress, CancellationToken cancellationToken) =>
        Import.ImportWorkbookAsync(preview, skipInvalid, progress, cancellationToken);

    private IReadOnlyList<ImportGrid> SheetGrids(NetworkImportPreview preview) => [Grid(preview, title: null)];

    private IReadOnlyList<ImportGrid> WorkbookGrids(NetworkWorkbookPreview preview) =>
    [
        .. preview.Sheets.Select(sheet => Grid(sheet, SheetName(sheet.Sheet))),
        .. preview.Volunteers is { } volunteers ? [VolunteerImportPage.Grid(L, volunteers, L["Manage.NetworkImport.Sheet.Volunteers"])] : Array.Empty<ImportGrid>(),
    ];

    private static ImportGrid Grid(NetworkImportPreview preview, string? title) =>
        new(title, preview.Columns, preview.Rows.Select(r => new ImportGridRow(r.RowNumber, r.IsUpdate, r.Cells, r.Errors)).ToList(), ShowsAction: true);

    /// <summary>
    /// The initial passwords as a CSV in a data address: it lives in this page's markup only, until the page moves on —
    /// nothing on the server keeps it, and no endpoint can serve it again.
    /// </summary>
    private static string PasswordsHref(IEnumerable<InitialPassword> passwords) =>
        "data:text/csv;charset=utf-8;base64," + Convert.ToBase64String(InitialPassword.Csv(passwords));
}
