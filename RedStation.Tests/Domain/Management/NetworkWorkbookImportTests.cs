using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain.Management;

/// <summary>One workbook holding every sheet: previewed sheet by sheet, imported in order in one write.</summary>
public class NetworkWorkbookImportTests : DomainTestBase
{
    private static readonly string[] VolunteerHeader = ["姓名", "手机号", "党员编号", "工作单位", "社区", "所属区县", "技能特长", "所属队伍"];

    /// <summary>A workbook of the named worksheets, each a header row and data rows.</summary>
    private static MemoryStream Workbook(params (string Sheet, string[] Header, string[][] Rows)[] sheets)
    {
        var book = new Dictionary<string, object>();
        foreach (var (sheet, header, rows) in sheets)
        {
            book[sheet] = rows.Select(cells => header.Zip(cells).ToDictionary(p => p.First, p => (object)p.Second)).ToList();
        }

        var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, book, excelType: ExcelType.XLSX);
        stream.Position = 0;
        return stream;
    }

    private static (string, string[], string[][]) Sheet(NetworkSheet sheet, params string[][] rows) => (sheet.ToString(), [.. NetworkImportService.TemplateHeaders(sheet)], rows);

    private static MemoryStream WholeNetwork(string volunteerCommunity = "城北社区") => Workbook(
        Sheet(NetworkSheet.Districts, ["FA", "福安市", "Fu'an", "2"]),
        Sheet(NetworkSheet.Communities, ["FA", "城北社区", "城北社区党总支"], ["JC", "蕉南社区", "蕉南社区党委"]),
        Sheet(NetworkSheet.Stations, ["ND-FA-001", "城北红色驿站", "FA", "城北社区", "住宅小区", "已开放", "30", "08:00", "21:00", "27.09", "119.65", "60", "", "讲堂", "讲座"]),
        Sheet(NetworkSheet.Staff, ["fa.duty", "福安值班员", "值班员", "ND-FA-001、ND-JC-001"]),
        ("Volunteers", VolunteerHeader, [["王福安", "13912345678", "FA000001", "福安市供电公司", volunteerCommunity, "福安市", "", ""]]));

    [Fact]
    public async Task AWorkbookOfEverySheet_IsPreviewedSheetBySheet_AndImportedInOrder_ReferringToItsOwnRows()
    {
        await Database.Get<LiveFeed>().RebuildAsync(Database.Get<DomainWriter>());
        var import = Service<NetworkImportService>();
        var preview = AssertSucceeded(await import.ReadWorkbookAsync(WholeNetwork(), "network.xlsx"));

        Assert.Equal([NetworkSheet.Districts, NetworkSheet.Communities, NetworkSheet.Stations, NetworkSheet.Staff], preview.Sheets.Select(s => s.Sheet));
        Assert.Equal(0, preview.InvalidCount);
        Assert.Equal((6, 1), (preview.RowCount, preview.Volunteers!.ValidCount));
        Assert.Equal([false, true], preview.Sheets[1].Rows.Select(r => r.IsUpdate));

        var outcome = AssertSucceeded(await import.ImportWorkbookAsync(preview, skipInvalidRows: false));

        Assert.Equal([(1, 0), (1, 1), (1, 0), (1, 0)], outcome.Sheets.Select(s => (s.Outcome.Created, s.Outcome.Updated)));
        Assert.Equal(new ImportOutcome(1, 0), outcome.Volunteers);
        Assert.Equal("fa.duty", Assert.Single(outcome.InitialPasswords).UserName);
        await using var db = await Database.CreateContextAsync();
        var station = await db.Stations.Include(s => s.Community).ThenInclude(c => c!.District).SingleAsync(s => s.Code == "ND-FA-001");
        Assert.Equal(("城北社区", "FA"), (station.Community!.Name, station.Community.District!.Code));
        var volunteer = await db.Volunteers.SingleAsync(v => v.MemberNumber == "FA000001");
        Assert.Equal(station.CommunityId, volunteer.CommunityId);
        var person = (await Service<PeopleDirectory>().SearchAsync(new PeopleQuery { Search = "fa.duty" })).Single();
        Assert.Equal(["ND-FA-001", "ND-JC-001"], person.Stations.Select(s => s.Code));
        Assert.Contains(Database.Get<LiveFeed>().Snapshot(LiveScope.All).Districts, d => d.NameEn == "Fu'an");
    }

    [Fact]
    public async Task AVenueOfTheWorkbook_NamesAUnitOfTheSameWorkbook_AndIsLinkedToIt()
    {
        var import = Service<NetworkImportService>();
        var venue = NetworkImportService.TemplateHeaders(NetworkSheet.Stations).Select(_ => string.Empty).ToArray();
        string[] station = ["ND-FA-009", "福安市医院共享驿站", "FA", "城北社区", "共驻共建场所", "已开放", "20", "08:00", "18:00", "27.09", "119.65", "40", "福安市医院", "", ""];
        station.CopyTo(venue, 0);
        venue[^1] = "U-FA-001";
        var book = Workbook(
            Sheet(NetworkSheet.Districts, ["FA", "福安市", "Fu'an", "2"]),
            Sheet(NetworkSheet.Communities, ["FA", "城北社区", "城北社区党总支"]),
            Sheet(NetworkSheet.Units, ["U-FA-001", "福安市医院", "Fu'an Hospital", "事业单位", "FA", "城北社区", "福安市医院党委"]),
            Sheet(NetworkSheet.Stations, venue));

        var preview = AssertSucceeded(await import.ReadWorkbookAsync(book, "network.xlsx"));
        Assert.Equal(0, preview.InvalidCount);
        AssertSucceeded(await import.ImportWorkbookAsync(preview, skipInvalidRows: false));

        await using var db = await Database.CreateContextAsync();
        var linked = await db.Stations.Include(s => s.Unit).SingleAsync(s => s.Code == "ND-FA-009");
        Assert.Equal("U-FA-001", linked.Unit?.Code);
    }

    [Fact]
    public async Task AWorkbookUploadedWithOneSheetChosen_ReadsThatSheetsWorksheet_NotTheFirst()
    {
        var import = Service<NetworkImportService>();

        var preview = AssertSucceeded(await import.ReadAsync(WholeNetwork(), "network.xlsx", NetworkSheet.Communities));

        Assert.Equal(NetworkSheet.Communities, preview.Sheet);
        Assert.Equal(["城北社区", "蕉南社区"], preview.Rows.Select(r => r.Cells[1]));
    }

    [Fact]
    public async Task ANetworkWorkbookWithoutTheChosenSheet_IsRefused_NamingTheWholeWorkbookImport()
    {
        var import = Service<NetworkImportService>();
        using var culture = new CultureSwitch("zh-CN");
        var before = await DatabaseSnapshot.TakeAsync(Database);

        var result = await import.ReadAsync(WholeNetwork(), "network.xlsx", NetworkSheet.Units);

        Assert.Equal(ErrorCodes.ImportWorkbookWithoutSheet, result.Error?.Code);
        Assert.Contains("整个工作簿", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));
    }

    [Fact]
    public async Task OneBadSheet_WritesNothing_FromAnySheet()
    {
        var import = Service<NetworkImportService>();
        // The volunteer's community is in no sheet and not in the database: the volunteers sheet is refused.
        var preview = AssertSucceeded(await import.ReadWorkbookAsync(WholeNetwork(volunteerCommunity: "不存在社区"), "network.xlsx"));
        Assert.Equal(1, preview.InvalidCount);
        Assert.Contains(preview.Volunteers!.Rows.Single().Errors, e => e.Contains("不存在社区", StringComparison.Ordinal));
        var before = await DatabaseSnapshot.TakeAsync(Database);

        Assert.Equal(ErrorCodes.ImportHasErrors, (await import.ImportWorkbookAsync(preview, skipInvalidRows: false)).Error?.Code);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));
    }

    [Fact]
    public async Task ALastSheetRefusedAtWriteTime_RollsBackTheSheetsWrittenBeforeIt()
    {
        var import = Service<NetworkImportService>();
        var preview = AssertSucceeded(await import.ReadWorkbookAsync(WholeNetwork(), "network.xlsx"));
        Assert.Equal(0, preview.InvalidCount);
        // After the preview, someone registers a volunteer with the same phone: the volunteers sheet fails as it is written.
        AssertSucceeded(await Service<VolunteerAdminService>().CreateAsync(new VolunteerInput
        {
            Name = "先到者", Phone = "13912345678", MemberNumber = "FIRST0001", WorkUnit = "宁德", CommunityId = TestNetwork.CommunityId,
        }));
        var before = await DatabaseSnapshot.TakeAsync(Database);

        var result = await import.ImportWorkbookAsync(preview, skipInvalidRows: false);

        Assert.Equal(ErrorCodes.ImportWorksheetRefused, result.Error?.Code);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));
        await using var db = await Database.CreateContextAsync();
        Assert.False(await db.Districts.AnyAsync(d => d.Code == "FA"));
    }

    [Fact]
    public async Task TheWorkbookTemplate_HasEverySheet_AndReadsBackValid()
    {
        AssertSucceeded(await Service<CatalogService>().CreateTeamAsync(new TeamInput("交通劝导队", "Traffic guidance team")));
        AssertSucceeded(await Service<CatalogService>().CreateTeamAsync(new TeamInput("文明督导队", "Civility patrol")));
        var template = NetworkImportService.WorkbookTemplate();

        Assert.Equal(NetworkImportService.WorkbookSheets, MiniExcel.GetSheetNames(new MemoryStream(template)));
        var preview = AssertSucceeded(await Service<NetworkImportService>().ReadWorkbookAsync(new MemoryStream(template), "network.xlsx"));
        Assert.Equal(Enum.GetValues<NetworkSheet>(), preview.Sheets.Select(s => s.Sheet));
        Assert.True(preview.InvalidCount == 0, string.Join("; ", preview.Sheets.SelectMany(s => s.Rows).SelectMany(r => r.Errors).Concat(preview.Volunteers!.Rows.SelectMany(r => r.Errors))));
        Assert.Equal(1, preview.Volunteers!.ValidCount);
    }

    [Theory]
    [InlineData("network.csv", ErrorCodes.ImportFormatUnsupported)]
    [InlineData("network.xlsx", ErrorCodes.ImportWorkbookNoSheets)]
    public async Task AFileThatIsNoNetworkWorkbook_IsRefusedWithAMessage(string name, string code)
    {
        var file = Workbook(("Sheet1", ["a"], [["b"]]));

        Assert.Equal(code, (await Service<NetworkImportService>().ReadWorkbookAsync(file, name)).Error?.Code);
    }

    [Fact]
    public async Task AWorksheetMissingAColumn_IsNamedInTheMessage()
    {
        var file = Workbook(Sheet(NetworkSheet.Districts, ["FA", "福安市", "Fu'an", "2"]), ("Communities", ["区县编号", "社区名称"], [["FA", "城北社区"]]));

        var result = await Service<NetworkImportService>().ReadWorkbookAsync(file, "network.xlsx");

        Assert.Equal(ErrorCodes.ImportWorksheetRefused, result.Error?.Code);
        Assert.Contains("Communities", result.Error!.Message, StringComparison.Ordinal);
    }
}
