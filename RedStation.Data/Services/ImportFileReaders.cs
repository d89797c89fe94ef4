using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using System.Xml;
using CsvHelper;

namespace RedStation.Data.Services;

/// <summary>One row of an import file as read: its number in the file (the header is row 1) and its cells, column by column.</summary>
internal readonly record struct ImportFileRow(int RowNumber, string?[] Cells);

/// <summary>
/// A file refused while it is read, for a reason the organiser can act on: a stable <see cref="Code"/> of
/// <see cref="ErrorCodes"/> and the arguments of its message. Thrown by the readers, answered by
/// <see cref="ImportFiles"/> as a validation error; never shown as it is.
/// </summary>
internal sealed class ImportFileException(string code, params object[] args) : Exception(code)
{
    public string Code { get; } = code;

    public object[] Args { get; } = args;
}

/// <summary>An import file's bytes, read within <see cref="ImportFiles.MaxFileBytes"/>, with its name and format.</summary>
internal sealed record ImportFileContent(string FileName, bool IsXlsx, byte[] Bytes)
{
    /// <summary>The format's name for messages: CSV or XLSX.</summary>
    public string Format => IsXlsx ? "XLSX" : "CSV";
}

/// <summary>
/// The file-level checks every import makes, in one place: the format by extension, the size limit while the upload is
/// read, an empty file, the header row (mapped and checked by the caller), blank rows, the row limit, and every refusal
/// of the readers turned into a localized error — never an exception text. The volunteer and the network imports (one
/// sheet or a workbook of sheets) read their files through here; their rows' rules are theirs.
/// </summary>
internal static class ImportFiles
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;

    /// <summary>Reads the upload within the size limit; refuses another format, a file too large and an empty file.</summary>
    /// <param name="size">The file's size in bytes when the stream cannot tell (an upload), so that reading reports its share; 0 when unknown.</param>
    public static async Task<Result<ImportFileContent>> ReadAsync(
        DomainErrors errors, Stream file, string fileName, IProgress<ImportProgress>? progress, long size, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is not (".csv" or ".xlsx"))
        {
            return errors.Invalid(ErrorCodes.ImportFormatUnsupported);
        }

        // An upload of a large file takes seconds: its bytes are the first progress shown (Done/Total in bytes while Reading).
        var total = (int)Math.Min(file.CanSeek ? file.Length : size, MaxFileBytes);
        var content = await ReadLimitedAsync(file, read => progress?.Report(new ImportProgress(ImportStage.Reading, (int)Math.Min(read, total), total)), cancellationToken);
        if (content is null)
        {
            return errors.Invalid(ErrorCodes.ImportFileTooLarge, MaxFileBytes / (1024 * 1024));
        }

        if (content.Length == 0)
        {
            return errors.Invalid(ErrorCodes.ImportFileEmpty);
        }

        return Result<ImportFileContent>.Ok(new ImportFileContent(Path.GetFileName(fileName), extension == ".xlsx", content));
    }

    /// <summary>
    /// The data rows of a CSV, or of one worksheet of an XLSX (the first when <paramref name="worksheet"/> is null),
    /// each projected by the caller. <paramref name="header"/> maps the header row and answers the error for missing
    /// columns; blank rows are skipped but keep their numbers; reading stops at the first row past <see cref="MaxRows"/>.
    /// </summary>
    public static Result<List<(int RowNumber, T Cells)>> ReadRows<T>(
        DomainErrors errors,
        ImportFileContent file,
        string? worksheet,
        Func<string?[], DomainError?> header,
        Func<string?[], T> project,
        CancellationToken cancellationToken)
    {
        var raw = new List<(int RowNumber, T Cells)>();
        var headerRead = false;
        XlsxImportReader? reader = null;
        try
        {
            if (file.IsXlsx)
            {
                reader = XlsxImportReader.Open(file.Bytes);
            }

            foreach (var (rowNumber, cells) in reader?.ReadRows(worksheet) ?? CsvImportReader.Read(file.Bytes))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!headerRead)
                {
                    if (header(cells) is { } missing)
                    {
                        return missing;
                    }

                    headerRead = true;
                    continue;
                }

                // Blank rows are skipped but keep their numbers.
                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (raw.Count == MaxRows)
                {
                    return errors.Invalid(ErrorCodes.ImportTooManyRows, MaxRows);
                }

                raw.Add((rowNumber, project(cells)));
            }
        }
        catch (ImportFileException refused)
        {
            return errors.Invalid(refused.Code, refused.Args);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever else the file trips (malformed XML, a DTD, a broken zip, a bad encoding) is one message naming
            // the format: the exception's own text is for developers and never reaches the page.
            return errors.Invalid(ErrorCodes.ImportFileUnreadable, file.Format);
        }
        finally
        {
            reader?.Dispose();
        }

        if (!headerRead)
        {
            return errors.Invalid(ErrorCodes.ImportFileEmpty);
        }

        return raw.Count == 0 ? errors.Invalid(ErrorCodes.ImportNothingToImport) : Result<List<(int, T)>>.Ok(raw);
    }

    /// <summary>The names of a workbook's worksheets, in its order; refused like any unreadable file.</summary>
    public static Result<IReadOnlyList<string>> WorksheetNames(DomainErrors errors, ImportFileContent file)
    {
        try
        {
            using var reader = XlsxImportReader.Open(file.Bytes);
            return Result<IReadOnlyList<string>>.Ok(reader.WorksheetNames());
        }
        catch (ImportFileException refused)
        {
            return errors.Invalid(refused.Code, refused.Args);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return errors.Invalid(ErrorCodes.ImportFileUnreadable, file.Format);
        }
    }

    /// <summary>The whole file, or null when it is larger than <see cref="MaxFileBytes"/>.</summary>
    internal static async Task<byte[]?> ReadLimitedAsync(Stream file, Action<long> reportRead, CancellationToken cancellationToken)
    {
        reportRead(0);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            reportRead(buffer.Length);
            if (buffer.Length > MaxFileBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}

/// <summary>
/// The limits a file is read within. Every one of them is checked while reading, so that a hostile file costs at most
/// about these sizes in memory and never the size it claims to unpack to.
/// </summary>
internal static class ImportLimits
{
    /// <summary>Columns a row may have; the template has 8.</summary>
    public const int MaxColumns = 256;

    /// <summary>Characters a cell may hold: above every field's own limit (see <c>TextLimits</c>), far below Excel's 32,767.</summary>
    public const int MaxCellChars = 1_000;

    /// <summary>What all the parts of an XLSX that are read may unpack to together (the sheet, shared strings, workbook).</summary>
    public const long MaxUnpackedBytes = 100L * 1024 * 1024;

    /// <summary>What the shared-strings part may unpack to: it is the one part held in memory whole.</summary>
    public const long MaxSharedStringsBytes = 16L * 1024 * 1024;

    /// <summary>How much more than its compressed size a large part may unpack to: XML of real rows stays far below.</summary>
    public const int MaxCompressionRatio = 200;

    /// <summary>Parts smaller than this are not held to <see cref="MaxCompressionRatio"/>.</summary>
    public const long RatioCheckedFrom = 1024 * 1024;

    /// <summary>Entries a workbook's zip may list.</summary>
    public const int MaxZipEntries = 1_000;

    /// <summary>The longest run of bytes between two markup characters (a text, a tag): no real sheet comes near.</summary>
    public const int MaxXmlTokenBytes = 1024 * 1024;

    /// <summary>The spreadsheet column name of a 0-based index: 0 is A, 26 is AA.</summary>
    public static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}

/// <summary>
/// Reads a CSV (UTF-8 with or without a byte-order mark, or GB18030 — what Excel saves a Chinese CSV in) record by
/// record: nothing past the record asked for is materialised, so the caller can stop at its row limit.
/// </summary>
internal static class CsvImportReader
{
    public static IEnumerable<ImportFileRow> Read(byte[] content)
    {
        // Empty lines are kept, so that row numbers stay the file's line numbers.
        var options = new CsvReaderOptions { HasHeader = false, SkipEmptyLines = false };
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        var start = content.AsSpan().StartsWith(bom) ? bom.Length : 0;
        CsvReader reader;
        if (Utf8.IsValid(content.AsSpan(start)))
        {
            reader = CsvReader.Create(content.AsMemory(start), options);
        }
        else
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            options = new CsvReaderOptions { HasHeader = false, SkipEmptyLines = false, Encoding = Encoding.GetEncoding("GB18030") };
            reader = CsvReader.Create(new MemoryStream(content, writable: false), options, false);
        }

        using (reader)
        {
            var rowNumber = 0;
            while (reader.Read())
            {
                rowNumber++;
                if (reader.FieldCount > ImportLimits.MaxColumns)
                {
                    throw new ImportFileException(ErrorCodes.ImportTooManyColumns, ImportLimits.MaxColumns, rowNumber);
                }

                var cells = new string?[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    var text = reader.GetString(i);
                    if (text.Length > ImportLimits.MaxCellChars)
                    {
                        throw new ImportFileException(ErrorCodes.ImportCellTooLong, rowNumber, ImportLimits.ColumnName(i), ImportLimits.MaxCellChars);
                    }

                    cells[i] = text;
                }

                yield return new ImportFileRow(rowNumber, cells);
            }
        }
    }
}

/// <summary>
/// Reads one sheet of an XLSX (the first, or one by name) row by row with an <see cref="XmlReader"/> over the zip entry, without a library
/// that materialises the sheet or follows what the file says: the zip's entries are checked against
/// <see cref="ImportLimits"/> before anything is unpacked, every part read is cut off at its declared size and at the
/// overall budget, DTDs are refused (no entity can expand), no run of text may exceed
/// <see cref="ImportLimits.MaxXmlTokenBytes"/>, and cells, columns and shared strings have their limits.
/// Only the shared strings are held whole; the sheet streams, so the caller can stop at its row limit.
/// </summary>
internal sealed class XlsxImportReader : IDisposable
{
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private readonly ZipArchive _zip;
    private long _unpacked;

    private XlsxImportReader(ZipArchive zip) => _zip = zip;

    /// <summary>Opens the workbook and checks its entries; throws <see cref="ImportFileException"/> for a file to refuse.</summary>
    public static XlsxImportReader Open(byte[] content)
    {
        // An encrypted workbook (and an old .xls) is an OLE compound file, not a zip: say so rather than "not an XLSX".
        if (content.AsSpan().StartsWith(OleSignature))
        {
            throw new ImportFileException(ErrorCodes.ImportWorkbookProtected);
        }

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException(ErrorCodes.ImportFileUnreadable, "XLSX");
        }

        var reader = new XlsxImportReader(zip);
        try
        {
            reader.CheckEntries();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>
    /// The rows of the worksheet named <paramref name="worksheet"/> (compared without case), or of the first when null,
    /// in the file's order, each with its number as the sheet gives it.
    /// </summary>
    public IEnumerable<ImportFileRow> ReadRows(string? worksheet = null)
    {
        var shared = ReadSharedStrings();
        var sheet = FindSheet(worksheet) ?? throw new ImportFileException(ErrorCodes.ImportFileUnreadable, "XLSX");
        using var xml = OpenXml(sheet);
        var rowNumber = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row")
            {
                continue;
            }

            rowNumber = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > rowNumber ? r : rowNumber + 1;
            yield return new ImportFileRow(rowNumber, ReadRow(xml, rowNumber, shared));
        }
    }

    private static string?[] ReadRow(XmlReader xml, int rowNumber, SharedStrings shared)
    {
        var cells = new List<string?>();
        if (xml.IsEmptyElement)
        {
            return [];
        }

        var depth = xml.Depth;
        var column = -1;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c")
            {
                continue;
            }

            column = ColumnOf(xml.GetAttribute("r")) ?? column + 1;
            if (column >= ImportLimits.MaxColumns)
            {
                throw new ImportFileException(ErrorCodes.ImportTooManyColumns, ImportLimits.MaxColumns, rowNumber);
            }

            var type = xml.GetAttribute("t");
            string? value;
            try
            {
                value = ReadCell(xml, type, shared);
            }
            catch (Exception ex) when (ex is CellTooLongException || ex is ImportFileException { Code: ErrorCodes.ImportTextTooLong })
            {
                // A text too long for the reader to hold is refused where it is, like one merely too long for a cell.
                throw new ImportFileException(ErrorCodes.ImportCellTooLong, rowNumber, ImportLimits.ColumnName(column), ImportLimits.MaxCellChars);
            }

            while (cells.Count <= column)
            {
                cells.Add(null);
            }

            cells[column] = value;
        }

        return [.. cells];
    }

    /// <summary>A cell's text: a shared string, an inline string, or its value as written (a number made text as Excel shows it).</summary>
    private static string? ReadCell(XmlReader xml, string? type, SharedStrings shared)
    {
        if (xml.IsEmptyElement)
        {
            return null;
        }

        var depth = xml.Depth;
        string? value = null;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "v")
            {
                value = ReadText(xml);
            }
            else if (xml.LocalName == "is")
            {
                value = ReadStringItem(xml);
            }
        }

        return type switch
        {
            "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? shared.Get(index) : null,
            "inlineStr" or "str" or "e" or "d" => value,
            "b" => value == "1" ? bool.TrueString : value == "0" ? bool.FalseString : value,
            _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? NumberText(number) : value,
        };
    }

    /// <summary>A number as text: a phone typed into Excel becomes one, and is read back without exponent or decimals.</summary>
    internal static string NumberText(double number) =>
        number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The text of an <c>si</c> or <c>is</c>: its <c>t</c> elements, directly or in runs, without phonetic guides (<c>rPh</c>).</summary>
    private static string ReadStringItem(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return string.Empty;
        }

        var depth = xml.Depth;
        var text = new StringBuilder();
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh")
            {
                // Skip leaves the reader on the node after the guide.
                xml.Skip();
                continue;
            }

            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
            {
                Append(text, ReadText(xml));
            }

            xml.Read();
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string part)
    {
        if (text.Length + part.Length > ImportLimits.MaxCellChars)
        {
            throw new CellTooLongException();
        }

        text.Append(part);
    }

    /// <summary>The text inside an element (text, CDATA and whitespace nodes together), at most <see cref="ImportLimits.MaxCellChars"/>.</summary>
    private static string ReadText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return string.Empty;
        }

        var depth = xml.Depth;
        var text = new StringBuilder();
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                Append(text, xml.Value);
            }
        }

        return text.ToString();
    }

    /// <summary>The 0-based column of a reference such as <c>AB12</c>, or null when there is none to read.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = char.ToUpperInvariant(c);
            if (upper is < 'A' or > 'Z')
            {
                break;
            }

            // Past the limit already: stop counting before the number overflows.
            column = Math.Min(column * 26 + (upper - 'A' + 1), ImportLimits.MaxColumns + 1);
            letters++;
        }

        return letters == 0 ? null : column - 1;
    }

    private SharedStrings ReadSharedStrings()
    {
        var shared = new SharedStrings();
        var entry = _zip.GetEntry("xl/sharedStrings.xml");
        if (entry is null)
        {
            return shared;
        }

        using var xml = OpenXml(entry);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                try
                {
                    shared.Add(ReadStringItem(xml));
                }
                catch (CellTooLongException)
                {
                    // Refused only if a cell of the sheet uses it, with that cell's row and column named.
                    shared.AddTooLong();
                    SkipToEnd(xml, "si");
                }
            }
        }

        return shared;
    }

    private static void SkipToEnd(XmlReader xml, string name)
    {
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.LocalName == name) && xml.Read())
        {
        }
    }

    /// <summary>The names of the workbook's worksheets, in the workbook's order.</summary>
    public IReadOnlyList<string> WorksheetNames() => ListSheets().Select(s => s.Name).ToList();

    /// <summary>The worksheets as the workbook lists them: each name with its relationship id.</summary>
    private List<(string Name, string? RelationId)> ListSheets()
    {
        var sheets = new List<(string, string?)>();
        if (_zip.GetEntry("xl/workbook.xml") is { } workbook)
        {
            using var xml = OpenXml(workbook);
            while (xml.Read() && sheets.Count < ImportLimits.MaxZipEntries)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet")
                {
                    sheets.Add((xml.GetAttribute("name") ?? string.Empty, AttributeByLocalName(xml, "id")));
                }
            }
        }

        return sheets;
    }

    /// <summary>
    /// The worksheet named <paramref name="name"/> (the first when null), as the workbook and its relationships name it;
    /// for the first, else the sheet part there is.
    /// </summary>
    private ZipArchiveEntry? FindSheet(string? name)
    {
        var sheets = ListSheets();
        var relationId = name is null
            ? sheets.Select(s => s.RelationId).FirstOrDefault()
            : sheets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)).RelationId;
        if (relationId is not null && _zip.GetEntry("xl/_rels/workbook.xml.rels") is { } relations)
        {
            using var xml = OpenXml(relations);
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") == relationId
                    && xml.GetAttribute("Target") is { Length: > 0 } target)
                {
                    var path = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target.Replace("./", string.Empty, StringComparison.Ordinal);
                    if (_zip.GetEntry(path) is { } sheet)
                    {
                        return sheet;
                    }
                }
            }
        }

        if (name is not null)
        {
            return null;
        }

        return _zip.GetEntry("xl/worksheets/sheet1.xml")
            ?? _zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                .OrderBy(e => e.FullName, StringComparer.Ordinal).FirstOrDefault();
    }

    private static string? AttributeByLocalName(XmlReader xml, string localName)
    {
        for (var i = 0; i < xml.AttributeCount; i++)
        {
            xml.MoveToAttribute(i);
            if (xml.LocalName == localName && xml.NamespaceURI.Length > 0)
            {
                var value = xml.Value;
                xml.MoveToElement();
                return value;
            }
        }

        xml.MoveToElement();
        return null;
    }

    /// <summary>
    /// The checks made before anything is unpacked, on what the zip declares: few entries, the parts read within the
    /// budget, none compressed suspiciously far. What the parts really unpack to is held to the same figures while reading.
    /// </summary>
    private void CheckEntries()
    {
        if (_zip.Entries.Count > ImportLimits.MaxZipEntries)
        {
            throw new ImportFileException(ErrorCodes.ImportFileUnreadable, "XLSX");
        }

        long total = 0;
        foreach (var entry in _zip.Entries)
        {
            // Only XML parts are read: pictures and the like may be large but are never unpacked.
            if (!entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && !entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            total += entry.Length;
            var bomb = entry.Length >= ImportLimits.RatioCheckedFrom && entry.Length > (long)ImportLimits.MaxCompressionRatio * Math.Max(entry.CompressedLength, 1);
            var sharedTooLarge = entry.FullName.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase) && entry.Length > ImportLimits.MaxSharedStringsBytes;
            if (bomb || sharedTooLarge || total > ImportLimits.MaxUnpackedBytes)
            {
                throw new ImportFileException(ErrorCodes.ImportFileUnpacksTooLarge, ImportLimits.MaxUnpackedBytes / (1024 * 1024));
            }
        }
    }

    private XmlReader OpenXml(ZipArchiveEntry entry)
    {
        var limit = Math.Min(entry.Length, ImportLimits.MaxUnpackedBytes - _unpacked);
        var stream = new BoundedXmlStream(entry.Open(), limit, read => _unpacked += read);
        return XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = ImportLimits.MaxUnpackedBytes,
            CloseInput = true,
        });
    }

    private sealed class CellTooLongException : Exception;

    /// <summary>The shared strings, with those longer than a cell may be kept as a mark only.</summary>
    private sealed class SharedStrings
    {
        private readonly List<string?> _items = [];
        private readonly HashSet<int> _tooLong = [];

        public void Add(string text) => _items.Add(text);

        public void AddTooLong()
        {
            _tooLong.Add(_items.Count);
            _items.Add(null);
        }

        public string? Get(int index) =>
            _tooLong.Contains(index) ? throw new CellTooLongException() : index < _items.Count ? _items[index] : null;
    }

    /// <summary>
    /// A zip entry's bytes, cut off where the entry's declared size (and what is left of the budget) ends — a zip may
    /// declare less than it holds — and where a run between two markup characters grows longer than
    /// <see cref="ImportLimits.MaxXmlTokenBytes"/>, which an <see cref="XmlReader"/> would otherwise hold whole.
    /// </summary>
    private sealed class BoundedXmlStream(Stream inner, long limit, Action<long> onRead) : Stream
    {
        private long _read;
        private int _run;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            _read += read;
            onRead(read);
            if (_read > limit)
            {
                throw new ImportFileException(ErrorCodes.ImportFileUnpacksTooLarge, ImportLimits.MaxUnpackedBytes / (1024 * 1024));
            }

            foreach (var b in buffer[..read])
            {
                _run = b is (byte)'<' or (byte)'>' ? 0 : _run + 1;
                if (_run > ImportLimits.MaxXmlTokenBytes)
                {
                    throw new ImportFileException(ErrorCodes.ImportTextTooLong, ImportLimits.MaxCellChars);
                }
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
