using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;
using Xunit.Abstractions;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain.Management;

public class VolunteerImportTests(ITestOutputHelper output) : DomainTestBase
{
    private const string Header = "姓名,手机号,党员编号,工作单位,社区,所属区县,技能特长,所属队伍";

    private VolunteerImportService Import => Service<VolunteerImportService>();

    /// <summary>A good row with a phone and member number derived from <paramref name="i"/>.</summary>
    private static string Row(int i, string? phone = null, string? number = null, string community = "蕉南社区", string name = "陈晓明") =>
        $"{name},{phone ?? $"139{i:D8}"},{number ?? $"IMP{i:D6}"},宁德市民政局,{community},蕉城区,书法,";

    private static MemoryStream Csv(params string[] rows) => new(Encoding.UTF8.GetBytes(string.Join('\n', [Header, .. rows])));

    private static MemoryStream Csv(IEnumerable<string> rows) => Csv(rows.ToArray());

    private async Task<ImportPreview> ReadAsync(Stream file, string name = "volunteers.csv")
    {
        var preview = await Import.ReadAsync(file, name);
        return AssertSucceeded(preview);
    }

    private async Task<int> VolunteerCountAsync()
    {
        await using var db = await Database.CreateContextAsync();
        return await db.Volunteers.CountAsync();
    }

    [Fact]
    public async Task AValidFile_ImportsEveryRowWithItsTeamsAndInitials()
    {
        AssertSucceeded(await Service<CatalogService>().CreateTeamAsync(new TeamInput("交通劝导队", "Traffic guidance team")));
        var preview = await ReadAsync(Csv(Row(1) + "交通劝导队", Row(2, name: "林芳"), Row(3)));

        Assert.Equal((3, 0), (preview.ValidCount, preview.InvalidCount));
        var outcome = AssertSucceeded(await Import.ImportAsync(preview, skipInvalidRows: false));

        Assert.Equal(new ImportOutcome(3, 0), outcome);
        await using var db = await Database.CreateContextAsync();
        var imported = await db.Volunteers.Include(v => v.Teams).Where(v => v.MemberNumber.StartsWith("IMP")).OrderBy(v => v.MemberNumber).ToListAsync();
        Assert.Equal(["13900000001", "13900000002", "13900000003"], imported.Select(v => v.Phone));
        Assert.Equal("CXM", imported[0].PinyinInitials);
        Assert.Equal("LF", imported[1].PinyinInitials);
        Assert.Equal("交通劝导队", Assert.Single(imported[0].Teams).Name);
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Entity == "Volunteer"));
    }

    [Fact]
    public async Task NamesAndUnitsWithDirectionOrInvisibleCharacters_AreReportedPerRow_WithTheCharacterNamed()
    {
        var preview = await ReadAsync(Csv(
            Row(1, name: "\u202E陈晓明"),
            Row(2, name: "林\u200B芳"),
            Row(3).Replace("宁德市民政局", "宁德\u0000民政局", StringComparison.Ordinal),
            Row(4, name: "Zoe\u0308")));

        Assert.Equal((1, 3), (preview.ValidCount, preview.InvalidCount));
        Assert.Contains("U+202E", Assert.Single(preview.Rows[0].Errors), StringComparison.Ordinal);
        Assert.Contains("U+200B", Assert.Single(preview.Rows[1].Errors), StringComparison.Ordinal);
        Assert.Contains("U+0000", Assert.Single(preview.Rows[2].Errors), StringComparison.Ordinal);
        AssertSucceeded(await Import.ImportAsync(preview, skipInvalidRows: true));
        await using var db = await Database.CreateContextAsync();
        Assert.Equal("Zo\u00EB", (await db.Volunteers.SingleAsync(v => v.MemberNumber == "IMP000004")).Name);
    }

    [Fact]
    public async Task OneBadRowAmongMany_IsReportedWithItsRowNumber_AndNothingIsWritten()
    {
        var rows = Enumerable.Range(1, 200).Select(i => Row(i)).ToList();
        rows[136] = Row(137, phone: "1390000");
        var preview = await ReadAsync(Csv(rows));

        var bad = Assert.Single(preview.Rows, r => !r.IsValid);
        Assert.Equal(138, bad.RowNumber);
        Assert.Contains("1390000", Assert.Single(bad.Errors));
        var before = await DatabaseSnapshot.TakeAsync(Database);

        var result = await Import.ImportAsync(preview, skipInvalidRows: false);

        Assert.Equal(ErrorCodes.ImportHasErrors, result.Error?.Code);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));
    }

    [Fact]
    public async Task Confirming_ImportsTheGoodRowsOnlyWhenAsked()
    {
        var preview = await ReadAsync(Csv(Row(1), Row(2, phone: "abc"), Row(3)));

        var outcome = AssertSucceeded(await Import.ImportAsync(preview, skipInvalidRows: true));

        Assert.Equal(new ImportOutcome(2, 1), outcome);
        Assert.Equal(VolunteerCount + 2, await VolunteerCountAsync());
    }

    [Fact]
    public async Task DuplicatesWithinTheFile_NameTheRowTheyRepeat()
    {
        var preview = await ReadAsync(Csv(Row(1), Row(2, phone: "13900000001"), Row(3, number: "IMP000001")));

        Assert.True(preview.Rows[0].IsValid);
        Assert.Contains(preview.Rows[1].Errors, e => e.Contains("13900000001") && e.Contains('2'));
        Assert.Contains(preview.Rows[2].Errors, e => e.Contains("IMP000001") && e.Contains('2'));
        Assert.Equal([3, 4], preview.Rows.Where(r => !r.IsValid).Select(r => r.RowNumber));
    }

    [Fact]
    public async Task DuplicatesOfRegisteredVolunteers_AreReported()
    {
        var preview = await ReadAsync(Csv(Row(1, phone: "13800000001"), Row(2, number: "nddy000002")));

        Assert.Contains(preview.Rows[0].Errors, e => e.Contains("志愿者1"));
        Assert.Contains(preview.Rows[1].Errors, e => e.Contains("NDDY000002") && e.Contains("志愿者2"));
    }

    [Fact]
    public async Task UnknownCommunityMalformedPhoneAndMissingFields_AreEachReported()
    {
        var preview = await ReadAsync(Csv(
            Row(1, community: "火星社区"),
            Row(2, phone: "0593-123"),
            ",13900000003,IMP000003,,蕉南社区,,,",
            Row(4) + "不存在的队"));

        Assert.Contains(preview.Rows[0].Errors, e => e.Contains("火星社区"));
        Assert.Contains(preview.Rows[1].Errors, e => e.Contains("0593123"));
        Assert.Equal(2, preview.Rows[2].Errors.Count);
        Assert.Contains(preview.Rows[3].Errors, e => e.Contains("不存在的队"));
        Assert.Equal(0, preview.ValidCount);
    }

    [Fact]
    public async Task AFileWithoutTheRequiredColumns_IsRefused()
    {
        var result = await Import.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes("姓名,电话号码\n张三,13900000001")), "x.csv");

        Assert.Equal(ErrorCodes.ImportHeaderMissing, result.Error?.Code);
    }

    [Fact]
    public async Task OtherFormatsAndEmptyFiles_AreRefused()
    {
        Assert.Equal(ErrorCodes.ImportFormatUnsupported, (await Import.ReadAsync(new MemoryStream([1, 2]), "x.pdf")).Error?.Code);
        Assert.Equal(ErrorCodes.ImportFileEmpty, (await Import.ReadAsync(new MemoryStream(), "x.csv")).Error?.Code);
    }

    [Fact]
    public async Task EnglishHeadersAndAnXlsxFile_AreAccepted()
    {
        using var file = new MemoryStream();
        MiniExcel.SaveAs(file, new[]
        {
            new Dictionary<string, object> { ["Name"] = "Zhang San", ["Phone"] = 13900000001L, ["Member number"] = "IMP1", ["Work unit"] = "宁德市民政局", ["Community"] = "蕉南社区" },
        });
        file.Position = 0;

        var preview = await ReadAsync(file, "volunteers.xlsx");

        var row = Assert.Single(preview.Rows);
        Assert.True(row.IsValid, string.Join("; ", row.Errors));
        Assert.Equal(("13900000001", 2), (row.Phone, row.RowNumber));
    }

    [Fact]
    public async Task TheTemplates_ReadBackAsOneValidRow()
    {
        AssertSucceeded(await Service<CatalogService>().CreateTeamAsync(new TeamInput("交通劝导队", "Traffic guidance team")));
        AssertSucceeded(await Service<CatalogService>().CreateTeamAsync(new TeamInput("文明督导队", "Civility patrol")));

        foreach (var (bytes, name) in new[] { (VolunteerImportService.CsvTemplate(), "t.csv"), (VolunteerImportService.XlsxTemplate(), "t.xlsx") })
        {
            var row = Assert.Single((await ReadAsync(new MemoryStream(bytes), name)).Rows);
            Assert.True(row.IsValid, string.Join("; ", row.Errors));
            Assert.Equal(2, row.TeamIds.Count);
        }
    }

    [Fact]
    public async Task AVolunteerRegisteredAfterThePreview_FailsTheImport_AndNothingIsWritten()
    {
        var preview = await ReadAsync(Csv(Row(1), Row(2), Row(3)));
        AssertSucceeded(await Service<VolunteerAdminService>().CreateAsync(new VolunteerInput
        {
            Name = "抢先登记", Phone = "13900000003", MemberNumber = "LATE1", WorkUnit = "宁德市民政局", CommunityId = CommunityId,
        }));
        var before = await DatabaseSnapshot.TakeAsync(Database);

        var result = await Import.ImportAsync(preview, skipInvalidRows: false);

        Assert.Equal(ErrorCodes.ImportRowRejected, result.Error?.Code);
        Assert.Contains("4", result.Error!.Message);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));
    }

    [Fact]
    public async Task SeventeenThousandRows_ImportInOneWrite_WithProgress()
    {
        const int count = 17_000;
        var progress = new List<ImportProgress>();
        var reporter = new SynchronousProgress(progress);
        var file = Csv(Enumerable.Range(1, count).Select(i => Row(i)));
        var clock = Stopwatch.StartNew();
        var preview = AssertSucceeded(await Import.ReadAsync(file, "big.csv", reporter));
        var read = clock.Elapsed;

        var outcome = AssertSucceeded(await Import.ImportAsync(preview, skipInvalidRows: false, reporter));
        var total = clock.Elapsed;

        output.WriteLine($"17,000 rows: read and validated in {read.TotalMilliseconds:N0} ms, written in {(total - read).TotalMilliseconds:N0} ms");
        Assert.Equal(count, outcome.Imported);
        Assert.Equal(VolunteerCount + count, await VolunteerCountAsync());
        // The file's bytes are the first progress (an upload of a large file takes seconds), then its rows.
        Assert.Equal(new ImportProgress(ImportStage.Reading, 0, (int)file.Length), progress[0]);
        Assert.Contains(progress, p => p == new ImportProgress(ImportStage.Reading, (int)file.Length, (int)file.Length));
        Assert.Contains(progress, p => p is { Stage: ImportStage.Validating, Done: count });
        Assert.Contains(progress, p => p is { Stage: ImportStage.Writing, Done: count });
        Assert.True(progress.Count(p => p.Stage == ImportStage.Writing) > 10);
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(count, await db.AuditEntries.CountAsync(a => a.Entity == "Volunteer"));
    }

    [Fact]
    public async Task MoreRowsThanTheLimit_AreRefused_AndReadingStopsThere_CsvAndXlsx()
    {
        var before = await DatabaseSnapshot.TakeAsync(Database);
        var rows = Enumerable.Range(1, 60_000).Select(i => Row(i)).ToList();

        // A row past the limit that would be refused for itself (too many columns, a cell too long) is never reached:
        // what the organiser hears is the row count.
        var csv = Csv([.. rows.Take(VolunteerImportService.MaxRows + 1), new string(',', 400), .. rows.Skip(VolunteerImportService.MaxRows + 1)]);
        var xlsxRows = rows.Select((row, i) => XlsxRow(i + 2, row.Split(','))).ToList();
        xlsxRows.Insert(VolunteerImportService.MaxRows + 2, XlsxRow(VolunteerImportService.MaxRows + 3, ["x", new string('长', 5_000)]));
        var xlsx = Xlsx(XlsxRow(1, Header.Split(',')) + string.Concat(xlsxRows));

        foreach (var (file, name) in new[] { (csv, "big.csv"), (new MemoryStream(xlsx), "big.xlsx") })
        {
            var result = await Import.ReadAsync(file, name);

            Assert.Equal(ErrorCodes.ImportTooManyRows, result.Error?.Code);
            Assert.Contains(50_000.ToString("N0", CultureInfo.CurrentCulture), result.Error!.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));
    }

    [Fact]
    public async Task HostileWorkbooks_AreRefusedWithAMessageNamingTheProblem_AndNothingIsWritten()
    {
        var before = await DatabaseSnapshot.TakeAsync(Database);
        var header = XlsxRow(1, Header.Split(','));
        var good = XlsxRow(2, Row(1).Split(','));
        var template = VolunteerImportService.XlsxTemplate();

        // A sheet of blank rows: 20 MB of XML packed a thousand times over; and 120 MB, past the budget whatever its packing.
        var bomb = Xlsx(header + string.Concat(Enumerable.Repeat("<row/>", 3_500_000)), level: CompressionLevel.SmallestSize);
        var large = Xlsx(header, blankRows: 20_000_000);
        // Shared strings past their budget, each different, so that they pack only a few times over.
        var strings = Xlsx(header + good, sharedStrings: Enumerable.Range(0, 1_100_000).Select(i => $"志愿者{i:D9}"));
        // A zip that declares a small sheet and holds a large one.
        var liar = DeclareSmallerSheet(Xlsx(header + good + string.Concat(Enumerable.Repeat(good, 2_000))));
        var dtd = Xlsx(header + good, doctype: "<!DOCTYPE worksheet [<!ENTITY x \"xxxxxxxxxx\"><!ENTITY y \"&x;&x;&x;&x;&x;&x;\">]>");
        var cases = new (byte[] File, string Code, string[] Named)[]
        {
            (bomb, ErrorCodes.ImportFileUnpacksTooLarge, ["100"]),
            (large, ErrorCodes.ImportFileUnpacksTooLarge, ["100"]),
            (strings, ErrorCodes.ImportFileUnpacksTooLarge, ["100"]),
            // Unpacking stops at the declared size, where the sheet's XML is cut short.
            (liar, ErrorCodes.ImportFileUnreadable, ["XLSX"]),
            (dtd, ErrorCodes.ImportFileUnreadable, ["XLSX"]),
            (template[..(template.Length / 2)], ErrorCodes.ImportFileUnreadable, ["XLSX"]),
            (template[(template.Length / 2)..], ErrorCodes.ImportFileUnreadable, ["XLSX"]),
            (Encoding.UTF8.GetBytes(Header + "\n" + Row(1)), ErrorCodes.ImportFileUnreadable, ["XLSX"]),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0], ErrorCodes.ImportWorkbookProtected, [".xls"]),
            (Xlsx(header + good + XlsxRow(3, ["张三", "13900000002", "IMP3", "单位", new string('社', 1_001)])), ErrorCodes.ImportCellTooLong, ["3", "E", "1000"]),
            (Xlsx(header + good + XlsxRow(7, ["张三", new string('1', 3 * 1024 * 1024)])), ErrorCodes.ImportCellTooLong, ["7", "B"]),
            (Xlsx(header + good + "<row r=\"4\"><c r=\"C4\" t=\"s\"><v>1</v></c></row>", sharedStrings: ["短", new string('长', 5_000)]), ErrorCodes.ImportCellTooLong, ["4", "C"]),
            (Xlsx(header + good + "<row r=\"5\"><c r=\"ZZZ5\" t=\"inlineStr\"><is><t>x</t></is></c></row>"), ErrorCodes.ImportTooManyColumns, ["256", "5"]),
        };

        foreach (var (file, code, named, index) in cases.Select((c, i) => (c.File, c.Code, c.Named, i)))
        {
            var result = await Import.ReadAsync(new MemoryStream(file), "hostile.xlsx");

            Assert.True(code == result.Error?.Code, $"case {index}: {result.Error?.Code} {result.Error?.Message}");
            foreach (var part in named)
            {
                Assert.Contains(part, result.Error!.Message, StringComparison.Ordinal);
            }

            // The library's and the runtime's own texts never reach the page.
            Assert.DoesNotContain("DTD", result.Error!.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Central Directory", result.Error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("exception", result.Error.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));
    }

    [Fact]
    public async Task HostileCsvFiles_AreRefusedWithTheRowAndColumnNamed()
    {
        var longField = await Import.ReadAsync(Csv(Row(1), Row(2).Replace("宁德市民政局", new string('单', 1_001), StringComparison.Ordinal)), "x.csv");
        var wide = await Import.ReadAsync(Csv(Row(1), Row(2) + new string(',', 300)), "x.csv");
        var oneHugeField = await Import.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Header + "\n\"" + new string('x', 9_000_000))), "x.csv");

        Assert.Equal(ErrorCodes.ImportCellTooLong, longField.Error?.Code);
        Assert.Contains("D", longField.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("3", longField.Error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.ImportTooManyColumns, wide.Error?.Code);
        Assert.Equal(ErrorCodes.ImportCellTooLong, oneHugeField.Error?.Code);
    }

    [Fact]
    public async Task AWorkbookWithSharedStringsNumbersAndPhoneticGuides_ReadsLikeExcelShowsIt()
    {
        var sheet = XlsxRow(1, Header.Split(','))
            + "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>0</v></c><c r=\"B3\"><v>1.3900000001E10</v></c><c r=\"C3\" t=\"s\"><v>1</v></c>"
            + "<c r=\"D3\" t=\"inlineStr\"><is><r><t>宁德市</t></r><r><t>民政局</t></r></is></c><c r=\"E3\" t=\"inlineStr\"><is><t>蕉南社区</t></is></c></row>";
        var file = Xlsx(sheet, sharedStrings: ["<r><t>陈</t></r><r><t>晓明</t></r><rPh sb=\"0\" eb=\"1\"><t>chen</t></rPh>", "<t>IMP000001</t>"], rawStrings: true);

        var row = Assert.Single((await ReadAsync(new MemoryStream(file), "x.xlsx")).Rows);

        Assert.True(row.IsValid, string.Join("; ", row.Errors));
        Assert.Equal((3, "陈晓明", "13900000001", "IMP000001", "宁德市民政局"), (row.RowNumber, row.Name, row.Phone, row.MemberNumber, row.WorkUnit));
    }

    private static string XlsxRow(int number, string[] cells) =>
        $"<row r=\"{number}\">" + string.Concat(cells.Select((text, i) =>
            $"<c r=\"{(char)('A' + i)}{number}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(text)}</t></is></c>")) + "</row>";

    /// <summary>A minimal workbook of one sheet with these rows (and shared strings, escaped unless <paramref name="rawStrings"/>).</summary>
    private static byte[] Xlsx(
        string rows, IEnumerable<string>? sharedStrings = null, string doctype = "", bool rawStrings = false, CompressionLevel level = CompressionLevel.Fastest, int blankRows = 0)
    {
        const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string path, string xml, int repeatBlankRow = 0)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path, level).Open(), new UTF8Encoding(false));
                var end = xml.IndexOf("</sheetData>", StringComparison.Ordinal);
                writer.Write(repeatBlankRow > 0 ? xml[..end] : xml);
                for (var i = 0; i < repeatBlankRow; i++)
                {
                    writer.Write("<row/>");
                }

                writer.Write(repeatBlankRow > 0 ? xml[end..] : string.Empty);
            }

            Part("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Part("xl/workbook.xml", $"<?xml version=\"1.0\"?><workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"志愿者\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Part("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
            Part("xl/worksheets/sheet1.xml", $"<?xml version=\"1.0\"?>{doctype}<worksheet xmlns=\"{Main}\"><sheetData>{rows}</sheetData></worksheet>", blankRows);
            if (sharedStrings is not null)
            {
                var items = sharedStrings.Select(text => rawStrings ? $"<si>{text}</si>" : $"<si><t>{SecurityElement.Escape(text)}</t></si>");
                Part("xl/sharedStrings.xml", $"<?xml version=\"1.0\"?><sst xmlns=\"{Main}\">{string.Concat(items)}</sst>");
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The workbook with its sheet's uncompressed size declared as 100 bytes, in the local header and the central directory.</summary>
    private static byte[] DeclareSmallerSheet(byte[] workbook)
    {
        var bytes = workbook.ToArray();
        var name = Encoding.ASCII.GetBytes("xl/worksheets/sheet1.xml");
        var patched = 0;
        for (var i = 0; i + 4 <= bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            var (sizeOffset, nameOffset) = signature switch
            {
                0x04034b50 => (22, 30),
                0x02014b50 => (24, 46),
                _ => (-1, -1),
            };
            if (sizeOffset > 0 && bytes.AsSpan(i + nameOffset).StartsWith(name))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + sizeOffset, 4), 100u);
                patched++;
            }
        }

        Assert.Equal(2, patched);
        return bytes;
    }

    /// <summary>Records every report as it is made (<see cref="Progress{T}"/> would post them later).</summary>
    private sealed class SynchronousProgress(List<ImportProgress> reports) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}

public sealed class VolunteerImportTests_PostgreSQL(ITestOutputHelper output) : VolunteerImportTests(output)
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
