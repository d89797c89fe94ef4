using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace RedStation.Dashboard.Features.Analytics;

/// <summary>Writes <see cref="ExportTable"/>s as CSV (UTF-8 with a byte-order mark, so that Excel shows Chinese) or XLSX.</summary>
public static class AnalyticsFiles
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Csv(ExportTable table)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        {
            writer.NewLine = "\r\n";
            writer.WriteLine(string.Join(',', table.Headers.Select(CsvField)));
            foreach (var row in table.Rows)
            {
                writer.WriteLine(string.Join(',', row.Select(cell => CsvField(Format(cell)))));
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. Text that a
    /// spreadsheet would run as a formula (<c>= + - @</c> first) is quoted and prefixed with an apostrophe.
    /// </summary>
    internal static string CsvField(string? value)
    {
        var text = value ?? string.Empty;
        var formula = text.Length > 0 && text[0] is '=' or '+' or '@' || (text.Length > 1 && text[0] == '-' && !char.IsDigit(text[1]));
        if (formula)
        {
            text = "'" + text;
        }

        return formula || text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }

    /// <summary>One sheet per table, named by its title (Excel allows 31 characters and no <c>[]:*?/\</c>).</summary>
    public static byte[] Xlsx(IReadOnlyList<ExportTable> tables)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var table in tables)
        {
            var name = SheetName(table.Title, sheets.Keys);
            sheets[name] = table.Rows.Select(row =>
            {
                var record = new Dictionary<string, object?>();
                for (var i = 0; i < table.Headers.Count; i++)
                {
                    record[UniqueHeader(table.Headers, i)] = i < row.Length ? row[i] : null;
                }

                return record;
            }).ToList();
        }

        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return stream.ToArray();
    }

    private static string? Format(object? cell) => cell switch
    {
        null => string.Empty,
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    private static string UniqueHeader(IReadOnlyList<string> headers, int index) =>
        headers.Take(index).Contains(headers[index]) ? $"{headers[index]} ({index + 1})" : headers[index];

    private static string SheetName(string title, IEnumerable<string> taken)
    {
        var clean = new string(title.Where(c => "[]:*?/\\".IndexOf(c, StringComparison.Ordinal) < 0).ToArray());
        clean = clean.Length > 28 ? clean[..28] : clean;
        var name = clean;
        for (var n = 2; taken.Contains(name); n++)
        {
            name = $"{clean}{n}";
        }

        return name;
    }
}
