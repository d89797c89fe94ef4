using System.Diagnostics;
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
