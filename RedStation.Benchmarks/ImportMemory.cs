using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Data.Persistence;
using RedStation.Data.Services;

namespace RedStation.Benchmarks;

/// <summary>
/// What reading a hostile upload costs the server in memory: the process's working set sampled every 5 ms while
/// <see cref="VolunteerImportService.ReadAsync"/> reads each file, its peak reported above the idle working set measured
/// just before (after a warm-up read and a full collection), and what is left once the file is done and collected.
/// The files are built here, each just under the 10 MB upload limit:
///   - rows past the limit: 16 MB of shared strings (the most a workbook may hold) and a sheet of 60,000 rows using them,
///     which passes every check before unpacking — the most a file can make the reader hold;
///   - a zip bomb: one sheet of blank rows packed about a thousand times over (3.5 GB unpacked);
///   - the same bomb declaring a 60 MB sheet (a zip may lie about its sizes);
///   - 60,000 rows of inline text (no shared strings), past the row limit.
///   dotnet run -c Release --project RedStation.Benchmarks -- import-memory
/// </summary>
internal static class ImportMemory
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static async Task RunAsync(string[] args)
    {
        var folder = Path.Combine(Path.GetTempPath(), "redstation-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var services = new ServiceCollection()
                .AddLogging()
                .AddRedStationData(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Seed:Demo"] = "true", ["Seed:Days"] = "1" }).Build(), folder)
                .BuildServiceProvider();
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            var import = services.GetRequiredService<VolunteerImportService>();

            var files = new (string Name, byte[] Bytes)[]
            {
                ("60,000 rows over 16 MB of shared strings", SharedStringsWorkbook()),
                ("zip bomb: blank rows packed ~1,000x", Bomb(declareSheetBytes: null)),
                ("the bomb declaring a 60 MB sheet", Bomb(declareSheetBytes: 60 * 1024 * 1024)),
                ("60,000 rows of inline text", InlineWorkbook()),
            };

            // Warm-up: the code paths jitted and the reference data loaded once, as in a server that has run an import.
            await import.ReadAsync(new MemoryStream(VolunteerImportService.XlsxTemplate()), "warm.xlsx");
            var lines = new List<string>();
            foreach (var (name, bytes) in files)
            {
                // Aggressive: the heap's freed memory is given back, so that building the files does not count as idle.
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                var idle = WorkingSet();
                using var sampler = new PeakSampler();
                var clock = Stopwatch.StartNew();
                var result = await import.ReadAsync(new MemoryStream(bytes), "hostile.xlsx");
                var elapsed = clock.Elapsed;
                var peak = sampler.Stop();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                var after = WorkingSet();
                var line = string.Format(
                    CultureInfo.InvariantCulture,
                    "| {0} | {1:N1} MB | {2} | {3:N0} ms | {4:N0} MB | {5:N0} MB | {6:+0;-0} MB |",
                    name, bytes.Length / 1048576.0, result.Error?.Code ?? $"read, {result.Value!.Rows.Count} rows", elapsed.TotalMilliseconds,
                    idle / 1048576.0, (peak - idle) / 1048576.0, (after - idle) / 1048576.0);
                lines.Add(line);
                Console.WriteLine(line);
            }

            Console.WriteLine($"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, concurrent {GCSettings.LatencyMode}; {Environment.ProcessorCount} cores; sampled every 5 ms");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>16 MB of distinct shared strings (from a four-letter alphabet, so that they pack under the upload limit) and 60,000 rows using them.</summary>
    private static byte[] SharedStringsWorkbook()
    {
        var random = new Random(20);
        var count = 0;
        var strings = new StringBuilder();
        while (strings.Length < 16 * 1024 * 1024 - 2_000)
        {
            strings.Append("<si><t>");
            for (var i = 0; i < 900; i++)
            {
                strings.Append("ACGT"[random.Next(4)]);
            }

            strings.Append("</t></si>");
            count++;
        }

        var sheet = new StringBuilder(Header());
        for (var row = 2; row <= 60_001; row++)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{row}\">");
            for (var column = 0; column < 8; column++)
            {
                sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{(char)('A' + column)}{row}\" t=\"s\"><v>{random.Next(count)}</v></c>");
            }

            sheet.Append("</row>");
        }

        return Workbook(sheet.ToString(), $"<sst xmlns=\"{Main}\">{strings}</sst>");
    }

    private static byte[] InlineWorkbook()
    {
        var sheet = new StringBuilder(Header());
        for (var row = 2; row <= 60_001; row++)
        {
            string[] cells = ["陈晓明", $"139{row:D8}", $"IMP{row:D6}", "宁德市民政局", "蕉南社区", "蕉城区", "书法", "交通劝导队"];
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{row}\">");
            for (var column = 0; column < cells.Length; column++)
            {
                sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{(char)('A' + column)}{row}\" t=\"inlineStr\"><is><t>{cells[column]}</t></is></c>");
            }

            sheet.Append("</row>");
        }

        return Workbook(sheet.ToString(), null);
    }

    private static string Header() =>
        "<row r=\"1\">" + string.Concat(VolunteerImportService.TemplateHeaders.Select((h, i) => $"<c r=\"{(char)('A' + i)}1\" t=\"inlineStr\"><is><t>{h}</t></is></c>")) + "</row>";

    /// <summary>A sheet of blank rows written until its packed size nears 10 MB, optionally declaring another size.</summary>
    private static byte[] Bomb(long? declareSheetBytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteParts(zip, null);
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            sheet.Write(Encoding.UTF8.GetBytes($"<worksheet xmlns=\"{Main}\"><sheetData>{Header()}"));
            var blank = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<row/>", 1 << 20)));
            // About 3.5 GB unpacked (short of the 4 GB a zip without Zip64 extensions can declare), a few MB packed.
            for (long written = 0; written < 3_500_000_000L && buffer.Length < 9L * 1024 * 1024; written += blank.Length)
            {
                sheet.Write(blank);
            }

            sheet.Write(Encoding.UTF8.GetBytes("</sheetData></worksheet>"));
        }

        var bytes = buffer.ToArray();
        if (declareSheetBytes is { } declared)
        {
            // The sheet's uncompressed size, in its local header and in the central directory.
            var name = Encoding.ASCII.GetBytes("xl/worksheets/sheet1.xml");
            for (var i = 0; i + 4 <= bytes.Length; i++)
            {
                var (sizeOffset, nameOffset) = BitConverter.ToUInt32(bytes, i) switch
                {
                    0x04034b50 => (22, 30),
                    0x02014b50 => (24, 46),
                    _ => (-1, -1),
                };
                if (sizeOffset > 0 && bytes.AsSpan(i + nameOffset).StartsWith(name))
                {
                    BitConverter.TryWriteBytes(bytes.AsSpan(i + sizeOffset, 4), (uint)declared);
                }
            }
        }

        return bytes;
    }

    private static byte[] Workbook(string sheetData, string? sharedStrings)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteParts(zip, sharedStrings);
            Write(zip, "xl/worksheets/sheet1.xml", $"<worksheet xmlns=\"{Main}\"><sheetData>{sheetData}</sheetData></worksheet>");
        }

        return buffer.ToArray();
    }

    private static void WriteParts(ZipArchive zip, string? sharedStrings)
    {
        Write(zip, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
        Write(zip, "xl/workbook.xml", $"<workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        Write(zip, "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
        if (sharedStrings is not null)
        {
            Write(zip, "xl/sharedStrings.xml", sharedStrings);
        }
    }

    private static void Write(ZipArchive zip, string path, string xml)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.SmallestSize).Open();
        stream.Write(Encoding.UTF8.GetBytes(xml));
    }

    /// <summary>Samples the process's working set on its own thread until stopped, keeping the highest.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peak;

        public PeakSampler()
        {
            _peak = WorkingSet();
            _thread = new Thread(() =>
            {
                using var process = Process.GetCurrentProcess();
                while (!_stop)
                {
                    process.Refresh();
                    _peak = Math.Max(_peak, process.WorkingSet64);
                    Thread.Sleep(5);
                }
            }) { IsBackground = true, Priority = ThreadPriority.Highest };
            _thread.Start();
        }

        public long Stop()
        {
            _stop = true;
            _thread.Join();
            return Math.Max(_peak, WorkingSet());
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
