using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedStation.Tests.Domain.Management;

public class NetworkImportTests(ITestOutputHelper output) : DomainTestBase
{
    private const string DistrictHeader = "区县编号,区县名称,英文名称,排序";
    private const string CommunityHeader = "区县编号,社区名称,党组织";
    private const string StationHeader = "站点编号,站点名称,区县编号,社区名称,类型,状态,容纳人数,开放时间,关闭时间,纬度,经度,面积,共建单位,设施,服务";

    private NetworkImportService Import => Service<NetworkImportService>();

    private static MemoryStream Csv(string header, params string[] rows) => new(Encoding.UTF8.GetBytes(string.Join('\n', [header, .. rows])));

    private static string StationRow(string code, string name = "新建红色驿站", int capacity = 40, string status = "已开放", string latitude = "26.65",
        string community = "蕉南社区", string kind = "住宅小区") =>
        $"{code},{name},JC,{community},{kind},{status},{capacity},08:00,21:00,{latitude},119.52,80,,讲堂、阅览室,讲座";

    private static async Task<NetworkImportOutcome> ImportAsync(NetworkImportService import, NetworkSheet sheet, Stream file, string name = "sheet.csv")
    {
        var preview = AssertSucceeded(await import.ReadAsync(file, name, sheet));
        Assert.Equal(0, preview.InvalidCount);
        return AssertSucceeded(await import.ImportAsync(preview, skipInvalidRows: false));
    }

    [Fact]
    public async Task AnEmptyDatabase_ImportsDistrictsCommunitiesAndStations_AndTheLiveFeedShowsThem()
    {
        await using var empty = await TestDatabase.CreateAsync();
        var feed = empty.Get<LiveFeed>();
        await feed.RebuildAsync(empty.Get<DomainWriter>());
        var import = empty.Get<NetworkImportService>();

        Assert.Equal(new NetworkImportOutcome(2, 0, 0), await ImportAsync(import, NetworkSheet.Districts, Csv(DistrictHeader, "JC,蕉城区,Jiaocheng,1", "fa,福安市,Fu'an,2")));
        Assert.Equal(new NetworkImportOutcome(2, 0, 0), await ImportAsync(import, NetworkSheet.Communities, Csv(CommunityHeader, "JC,蕉南社区,蕉南社区党委", "FA,城北社区,城北社区党总支")));
        Assert.Equal(new NetworkImportOutcome(2, 0, 0), await ImportAsync(import, NetworkSheet.Stations, Csv(StationHeader,
            StationRow("ND-JC-101", "蕉南一号驿站"),
            "nd-fa-001,城北共建场所,fa,城北社区,SharedVenue,Planned,25,9:00,17:30,27.09,119.65,60.5,福安市供电公司,LiaisonRoom,Mediation")));

        var snapshot = feed.Snapshot(LiveScope.All);
        Assert.Equal(["ND-FA-001", "ND-JC-101"], snapshot.Stations.Select(s => s.Code).Order());
        Assert.Equal(["Fu'an", "Jiaocheng"], snapshot.Districts.Select(d => d.NameEn).Order());
        Assert.Equal(1, snapshot.Districts.Single(d => d.NameEn == "Jiaocheng").StationsOpen);

        await using var db = await empty.CreateContextAsync();
        var venue = await db.Stations.Include(s => s.Community).ThenInclude(c => c!.District).SingleAsync(s => s.Code == "ND-FA-001");
        Assert.Equal((StationKind.SharedVenue, StationStatus.Planned, "FA", "福安市供电公司"), (venue.Kind, venue.Status, venue.Community!.District!.Code, venue.HostUnit));
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(17, 30), 60.5), (venue.OpensAt, venue.ClosesAt, venue.FloorArea));
        Assert.Equal((StationFacilities.LiaisonRoom, StationServices.Mediation), (venue.Facilities, venue.Services));
        Assert.Equal(StationFacilities.LectureHall | StationFacilities.ReadingRoom, (await db.Stations.SingleAsync(s => s.Code == "ND-JC-101")).Facilities);
        Assert.Equal(6, await db.AuditEntries.CountAsync(a => a.Change == AuditChange.Added && (a.Entity == nameof(District) || a.Entity == nameof(Community) || a.Entity == nameof(Station))));
    }

    [Fact]
    public async Task ReImport_UpdatesByCode_AndNeverDuplicates()
    {
        var first = await ImportAsync(Import, NetworkSheet.Stations, Csv(StationHeader, StationRow("ND-JC-001", "改名的驿站", capacity: 55), StationRow("ND-JC-200")));
        var again = await ImportAsync(Import, NetworkSheet.Stations, Csv(StationHeader, StationRow("nd-jc-001", "改名的驿站", capacity: 55), StationRow("ND-JC-200", capacity: 41)));
        var communities = await ImportAsync(Import, NetworkSheet.Communities, Csv(CommunityHeader, "jc,蕉南社区,蕉南社区党总支"));

        Assert.Equal(new NetworkImportOutcome(1, 1, 0), first);
        Assert.Equal(new NetworkImportOutcome(0, 2, 0), again);
        Assert.Equal(new NetworkImportOutcome(0, 1, 0), communities);
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(4, await db.Stations.CountAsync());
        var renamed = await db.Stations.SingleAsync(s => s.Code == "ND-JC-001");
        Assert.Equal(("改名的驿站", 55, TestNetwork.OpenStationId), (renamed.Name, renamed.Capacity, renamed.Id));
        Assert.Equal(41, (await db.Stations.SingleAsync(s => s.Code == "ND-JC-200")).Capacity);
        Assert.Equal("蕉南社区党总支", (await db.Communities.SingleAsync()).PartyOrganisation);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(Station) && a.Change == AuditChange.Modified && a.EntityKey == TestNetwork.OpenStationId.ToString()));
    }

    [Fact]
    public async Task EveryBadRow_IsNamedWithItsColumn_AndAllOrNothingWritesNothing()
    {
        using var culture = new CultureSwitch("zh-CN");
        var preview = AssertSucceeded(await Import.ReadAsync(Csv(StationHeader,
            StationRow("ND-JC-300"),
            StationRow("ND-JC-301", capacity: 0),
            StationRow("ND-JC-302", latitude: "北纬26"),
            StationRow("ND-JC-303", community: "不存在社区", kind: "城堡"),
            StationRow("ND-JC-300")), "stations.csv", NetworkSheet.Stations));

        Assert.Equal((1, 4), (preview.ValidCount, preview.InvalidCount));
        Assert.Equal([3, 4, 5, 6], preview.Rows.Where(r => !r.IsValid).Select(r => r.RowNumber));
        Assert.StartsWith("容纳人数：", Assert.Single(preview.Rows[1].Errors));
        Assert.StartsWith("纬度：", Assert.Single(preview.Rows[2].Errors));
        Assert.Equal(2, preview.Rows[3].Errors.Count);
        Assert.Contains(preview.Rows[3].Errors, e => e.StartsWith("社区名称：", StringComparison.Ordinal));
        Assert.Contains(preview.Rows[3].Errors, e => e.StartsWith("类型：", StringComparison.Ordinal) && e.Contains("城堡", StringComparison.Ordinal));
        Assert.Contains("第 2 行", Assert.Single(preview.Rows[4].Errors), StringComparison.Ordinal);

        var before = await DatabaseSnapshot.TakeAsync(Database);
        var refused = await Import.ImportAsync(preview, skipInvalidRows: false);
        Assert.Equal(ErrorCodes.ImportHasErrors, refused.Error?.Code);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));

        Assert.Equal(new NetworkImportOutcome(1, 0, 4), AssertSucceeded(await Import.ImportAsync(preview, skipInvalidRows: true)));
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(["ND-JC-300"], await db.Stations.Where(s => s.Code.StartsWith("ND-JC-3")).Select(s => s.Code).ToListAsync());
    }

    [Fact]
    public async Task ARowTheDatabaseRefusesAtWriteTime_RollsBackTheRowsBeforeIt()
    {
        // Valid in the preview; by the time of the import the open station has people inside and may not close.
        var preview = AssertSucceeded(await Import.ReadAsync(
            Csv(StationHeader, StationRow("ND-JC-400"), StationRow("ND-JC-001", status: "已关闭")), "stations.csv", NetworkSheet.Stations));
        Assert.Equal(0, preview.InvalidCount);
        AssertSucceeded(await Service<OccupancyService>().ChangeAsync(TestNetwork.OpenStationId, 3));
        var before = await DatabaseSnapshot.TakeAsync(Database);

        var result = await Import.ImportAsync(preview, skipInvalidRows: false);

        Assert.Equal(ErrorCodes.ImportRowRejected, result.Error?.Code);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));
    }

    [Theory]
    [InlineData("network.txt", "a,b", ErrorCodes.ImportFormatUnsupported)]
    [InlineData("network.xlsx", "PK\u0003\u0004 not really a zip", ErrorCodes.ImportFileUnreadable)]
    [InlineData("network.csv", "名称,别的\n蕉城区,x", ErrorCodes.ImportHeaderMissing)]
    public async Task ABadFile_IsALocalizedMessage_NeverAnException(string name, string content, string code)
    {
        using var culture = new CultureSwitch("zh-CN");
        var result = await Import.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)), name, NetworkSheet.Districts);

        Assert.Equal(code, result.Error?.Code);
        Assert.DoesNotContain("Exception", result.Error!.Message, StringComparison.Ordinal);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", result.Error.Message);
    }

    [Theory]
    [InlineData(NetworkSheet.Districts)]
    [InlineData(NetworkSheet.Communities)]
    [InlineData(NetworkSheet.Stations)]
    [InlineData(NetworkSheet.Staff)]
    public async Task EveryTemplate_ReadsBackValid_InCsvAndXlsx(NetworkSheet sheet)
    {
        var csv = AssertSucceeded(await Import.ReadAsync(new MemoryStream(NetworkImportService.CsvTemplate(sheet)), "t.csv", sheet));
        var xlsx = AssertSucceeded(await Import.ReadAsync(new MemoryStream(NetworkImportService.XlsxTemplate(sheet)), "t.xlsx", sheet));

        Assert.Equal(NetworkImportService.TemplateHeaders(sheet), csv.Columns);
        Assert.True(csv.Rows.Single().IsValid, string.Join("; ", csv.Rows.Single().Errors));
        Assert.True(xlsx.Rows.Single().IsValid, string.Join("; ", xlsx.Rows.Single().Errors));
        Assert.Equal(csv.Rows.Single().Cells, xlsx.Rows.Single().Cells);
    }

    /// <summary>The demo network exported into the templates and imported into an empty database: the realistic size, timed.</summary>
    [Fact]
    public async Task TheDemoNetwork_ExportedAndImportedIntoAnEmptyDatabase_IsTheSameNetwork()
    {
        await using var demo = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 1);
        var source = demo.Get<NetworkImportService>();
        // The demo seeds no people: two, so that the staff sheet goes round too.
        await using (var people = await demo.CreateContextAsync())
        {
            var stationId = await people.Stations.OrderBy(s => s.Code).Select(s => s.Id).FirstAsync();
            AssertSucceeded(await demo.Get<StaffService>().CreateAsync(new NewPerson("demo.duty", "演示值班员", "Demo-password-2020", [StaffRoles.DutyStaff], [stationId])));
            AssertSucceeded(await demo.Get<StaffService>().CreateAsync(new NewPerson("demo.organiser", "演示组织者", "Demo-password-2020", [StaffRoles.Organiser, StaffRoles.Administrator], [])));
        }

        await using var empty = await TestDatabase.CreateAsync();
        var import = empty.Get<NetworkImportService>();

        foreach (var sheet in Enum.GetValues<NetworkSheet>())
        {
            var rows = await source.ExportAsync(sheet);
            var file = NetworkImportService.Xlsx(sheet, rows);
            var clock = Stopwatch.StartNew();
            var outcome = await ImportAsync(import, sheet, new MemoryStream(file), "demo.xlsx");
            output.WriteLine($"{sheet}: {rows.Count:N0} rows ({file.Length / 1024:N0} KB XLSX) read, checked and written in {clock.ElapsedMilliseconds:N0} ms");
            Assert.Equal((rows.Count, 0, 0), (outcome.Created, outcome.Updated, outcome.Skipped));
            Assert.Equal(rows, await import.ExportAsync(sheet));
        }

        await using var db = await empty.CreateContextAsync();
        Assert.True(await db.Stations.CountAsync() >= 400);
    }
}
