using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using RedStation.Dashboard.Components.Import;
using RedStation.Dashboard.Localization;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

/// <summary>
/// Volunteer import: the shared <see cref="ImportFlow{TPreview, TOutcome}"/> over <see cref="VolunteerImportService"/> —
/// upload, a preview with every row's problems, then one all-or-nothing write when confirmed.
/// </summary>
public partial class VolunteerImportPage
{
    [Inject]
    public required VolunteerImportService Import { get; init; }

    private Task<Result<ImportPreview>> ReadAsync(ImportUpload file, IProgress<ImportProgress> progress, CancellationToken cancellationToken) =>
        Import.ReadAsync(file.Stream, file.Name, progress, cancellationToken, file.Size);

    private Task<Result<ImportOutcome>> WriteAsync(ImportPreview preview, bool skipInvalid, IProgress<ImportProgress> progress, CancellationToken cancellationToken) =>
        Import.ImportAsync(preview, skipInvalid, progress, cancellationToken);

    private IReadOnlyList<ImportGrid> Grids(ImportPreview preview) => [Grid(L, preview, title: null)];

    /// <summary>A volunteers' preview as a grid of the columns the organiser checks (the network workbook's volunteers sheet too).</summary>
    internal static ImportGrid Grid(IStringLocalizer<SharedResource> l, ImportPreview preview, string? title) => new(
        title,
        [l["Manage.Field.VolunteerName"], l["Manage.Field.Phone"], l["Manage.Field.MemberNumber"], l["Manage.Field.WorkUnit"], l["Manage.Field.Community"], l["Manage.Field.Teams"]],
        preview.Rows.Select(r => new ImportGridRow(
            r.RowNumber,
            false,
            [r.Name, r.Phone, r.MemberNumber, r.WorkUnit, $"{r.District} {r.Community}".Trim(), r.Teams],
            r.Errors)).ToList(),
        ShowsAction: false);
}
