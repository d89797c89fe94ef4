namespace RedStation.Dashboard.Components.Import;

/// <summary>
/// One sheet of an import's preview as <see cref="ImportFlow{TPreview, TOutcome}"/> draws it: a title (a workbook's
/// sheet; none for a single file), the column headers, and the rows with their cells and problems.
/// </summary>
/// <param name="ShowsAction">Whether the rows say if they create or update a record (the network's sheets do).</param>
public sealed record ImportGrid(string? Title, IReadOnlyList<string> Columns, IReadOnlyList<ImportGridRow> Rows, bool ShowsAction)
{
    public int ValidCount { get; } = Rows.Count(r => r.IsValid);
}

/// <summary>A row of an <see cref="ImportGrid"/>: its number in the file, whether it updates, its cells in column order, its problems.</summary>
public sealed record ImportGridRow(int RowNumber, bool IsUpdate, IReadOnlyList<string?> Cells, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>A file chosen on the page: its stream (read by the service within its limits), its name and the size the browser gave.</summary>
public sealed record ImportUpload(Stream Stream, string Name, long Size);
