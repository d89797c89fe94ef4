using System.Text;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain.Management;

/// <summary>The network import's units sheet (驻区单位) and the stations sheet's host-unit code.</summary>
public class NetworkImportUnitsTests : DomainTestBase
{
    private const string UnitHeader = "单位编号,单位名称,英文名称,单位类别,区县编号,共建社区,党组织";
    private const string StationHeader = "站点编号,站点名称,区县编号,社区名称,类型,容纳人数,开放时间,关闭时间,纬度,经度,面积,共建单位,共建单位编号";

    private NetworkImportService Import => Service<NetworkImportService>();

    private static MemoryStream Csv(string header, params string[] rows) => new(Encoding.UTF8.GetBytes(string.Join('\n', [header, .. rows])));

    private static string Venue(string code, string name, string unitCode, string hostUnit = "") =>
        $"{code},{name},JC,蕉南社区,共驻共建场所,40,08:30,20:00,26.66,119.52,120,{hostUnit},{unitCode}";

    private async Task<NetworkImportOutcome> ImportAsync(NetworkSheet sheet, Stream file)
    {
        var preview = AssertSucceeded(await Import.ReadAsync(file, "sheet.csv", sheet));
        Assert.True(preview.InvalidCount == 0, string.Join("; ", preview.Rows.SelectMany(r => r.Errors)));
        return AssertSucceeded(await Import.ImportAsync(preview, skipInvalidRows: false));
    }

    [Fact]
    public async Task Units_AreCreatedThenUpdatedByCode_AndAudited()
    {
        var first = await ImportAsync(NetworkSheet.Units, Csv(UnitHeader,
            "u-jc-001,宁德市医院,Ningde Municipal Hospital,事业单位,jc,蕉南社区,宁德市医院党委",
            "U-JC-002,国网宁德供电公司,,Enterprise,JC,蕉南社区,"));
        var again = await ImportAsync(NetworkSheet.Units, Csv(UnitHeader, "U-JC-001,宁德市人民医院,,机关,JC,蕉南社区,宁德市人民医院党委"));

        Assert.Equal(new NetworkImportOutcome(2, 0, 0), first);
        Assert.Equal(new NetworkImportOutcome(0, 1, 0), again);
        await using var db = await Database.CreateContextAsync();
        var units = await db.Units.OrderBy(u => u.Code).ToListAsync();
        Assert.Equal(["U-JC-001", "U-JC-002"], units.Select(u => u.Code));
        Assert.Equal(("宁德市人民医院", (string?)null, UnitKind.GovernmentOrgan, "宁德市人民医院党委"), (units[0].Name, units[0].NameEn, units[0].Kind, units[0].PartyOrganisation));
        Assert.Equal((UnitKind.Enterprise, (string?)null, TestNetworkCommunity), (units[1].Kind, units[1].PartyOrganisation, units[1].CommunityId));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Entity == nameof(Unit) && a.Change == AuditChange.Added));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Entity == nameof(Unit) && a.Change == AuditChange.Modified));
    }

    private const int TestNetworkCommunity = Infrastructure.TestNetwork.CommunityId;

    [Fact]
    public async Task ThePreview_NamesEachUnitRowsProblems_ByColumn()
    {
        using var culture = new CultureSwitch("zh-CN");
        var preview = AssertSucceeded(await Import.ReadAsync(Csv(UnitHeader,
            "U-JC-001,宁德市医院,,事业单位,JC,蕉南社区,",
            "U JC 2,国网宁德供电公司,,企业,JC,蕉南社区,",
            "U-JC-003,宁德海关,,城堡,JC,蕉南社区,",
            "U-JC-004,宁德师范学院,,事业单位,JC,不存在社区,",
            "u-jc-001,宁德市医院,,事业单位,JC,蕉南社区,"), "units.csv", NetworkSheet.Units));

        Assert.Equal(["单位编号", "单位名称", "英文名称", "单位类别", "区县编号", "共建社区", "党组织"], preview.Columns);
        Assert.True(preview.Rows[0].IsValid, string.Join("; ", preview.Rows[0].Errors));
        Assert.StartsWith("单位编号：单位编号只能包含", Assert.Single(preview.Rows[1].Errors), StringComparison.Ordinal);
        Assert.StartsWith("单位类别：“城堡”", Assert.Single(preview.Rows[2].Errors), StringComparison.Ordinal);
        Assert.StartsWith("共建社区：", Assert.Single(preview.Rows[3].Errors), StringComparison.Ordinal);
        Assert.Contains("第 2 行", Assert.Single(preview.Rows[4].Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUnitsSheetWithABadRow_WritesNothing_UnlessTheValidRowsAreAskedFor()
    {
        var preview = AssertSucceeded(await Import.ReadAsync(Csv(UnitHeader,
            "U-JC-001,宁德市医院,,事业单位,JC,蕉南社区,",
            "U-JC-002,国网宁德供电公司,,不知道,JC,蕉南社区,"), "units.csv", NetworkSheet.Units));

        var refused = await Import.ImportAsync(preview, skipInvalidRows: false);
        Assert.Equal(ErrorCodes.ImportHasErrors, refused.Error?.Code);
        await using (var db = await Database.CreateContextAsync())
        {
            Assert.False(await db.Units.AnyAsync());
        }

        Assert.Equal(new NetworkImportOutcome(1, 0, 1), AssertSucceeded(await Import.ImportAsync(preview, skipInvalidRows: true)));
        await using var after = await Database.CreateContextAsync();
        Assert.Equal("U-JC-001", (await after.Units.SingleAsync()).Code);
    }

    [Fact]
    public async Task AStationRow_NamesItsHostUnitByCode_AndIsLinkedToIt()
    {
        await ImportAsync(NetworkSheet.Units, Csv(UnitHeader, "U-JC-001,宁德市医院,,事业单位,JC,蕉南社区,"));

        Assert.Equal(new NetworkImportOutcome(2, 0, 0), await ImportAsync(NetworkSheet.Stations, Csv(StationHeader,
            Venue("GJ-JC-001", "宁德市医院职工之家", "u-jc-001"),
            Venue("GJ-JC-002", "蕉南共享书房", string.Empty, "蕉南小学"))));

        await using var db = await Database.CreateContextAsync();
        var unitId = (await db.Units.SingleAsync()).Id;
        var linked = await db.Stations.SingleAsync(s => s.Code == "GJ-JC-001");
        var free = await db.Stations.SingleAsync(s => s.Code == "GJ-JC-002");
        Assert.Equal((unitId, "宁德市医院"), (linked.UnitId, linked.HostUnit));
        Assert.Equal(((int?)null, "蕉南小学"), (free.UnitId, free.HostUnit));
        Assert.Equal(["GJ-JC-001"], (await Service<UnitService>().ListAsync()).Single().Venues.Select(v => v.Code));

        // The export carries the link, and a file of the export's columns imports back unchanged.
        var exported = (await Import.ExportAsync(NetworkSheet.Stations)).Single(r => r[0] == "GJ-JC-001");
        Assert.Equal("U-JC-001", exported[^1]);
    }

    [Fact]
    public async Task AStationRowWithAnUnknownUnitCode_IsNamedByRowAndColumn_AndNothingIsWritten()
    {
        using var culture = new CultureSwitch("zh-CN");
        var preview = AssertSucceeded(await Import.ReadAsync(Csv(StationHeader,
            Venue("GJ-JC-001", "宁德市医院职工之家", "U-JC-404")), "venues.csv", NetworkSheet.Stations));

        var row = Assert.Single(preview.Rows);
        Assert.Equal(2, row.RowNumber);
        Assert.Equal("共建单位编号：没有编号为“U-JC-404”的驻区单位，请先在“驻区单位”表中导入。", Assert.Single(row.Errors));
        Assert.Equal(ErrorCodes.ImportHasErrors, (await Import.ImportAsync(preview, skipInvalidRows: false)).Error?.Code);
        await using var db = await Database.CreateContextAsync();
        Assert.False(await db.Stations.AnyAsync(s => s.Code == "GJ-JC-001"));
    }

    [Fact]
    public async Task AStationRowWithoutAUnitCode_KeepsItsLinkOnlyWhileItNamesThatUnit()
    {
        await ImportAsync(NetworkSheet.Units, Csv(UnitHeader, "U-JC-001,宁德市医院,,事业单位,JC,蕉南社区,"));
        await ImportAsync(NetworkSheet.Stations, Csv(StationHeader, Venue("GJ-JC-001", "宁德市医院职工之家", "U-JC-001")));

        // A file from before the unit-code column names the host by its name: the link stays.
        await ImportAsync(NetworkSheet.Stations, Csv(StationHeader, Venue("GJ-JC-001", "宁德市医院职工之家", string.Empty, "宁德市医院")));
        await using (var db = await Database.CreateContextAsync())
        {
            Assert.NotNull((await db.Stations.SingleAsync(s => s.Code == "GJ-JC-001")).UnitId);
        }

        // Another host named: the venue is no longer the unit's.
        await ImportAsync(NetworkSheet.Stations, Csv(StationHeader, Venue("GJ-JC-001", "宁德市医院职工之家", string.Empty, "蕉南小学")));
        await using var after = await Database.CreateContextAsync();
        var venue = await after.Stations.SingleAsync(s => s.Code == "GJ-JC-001");
        Assert.Equal(((int?)null, "蕉南小学"), (venue.UnitId, venue.HostUnit));
    }

    [Fact]
    public async Task TheUnitsTemplates_ImportAsTheyAre()
    {
        var csv = AssertSucceeded(await Import.ReadAsync(new MemoryStream(NetworkImportService.CsvTemplate(NetworkSheet.Units)), "units-template.csv", NetworkSheet.Units));
        var xlsx = AssertSucceeded(await Import.ReadAsync(new MemoryStream(NetworkImportService.XlsxTemplate(NetworkSheet.Units)), "units-template.xlsx", NetworkSheet.Units));

        Assert.True(csv.Rows.Single().IsValid, string.Join("; ", csv.Rows.Single().Errors));
        Assert.True(xlsx.Rows.Single().IsValid, string.Join("; ", xlsx.Rows.Single().Errors));
        Assert.Contains("共建单位编号", NetworkImportService.TemplateHeaders(NetworkSheet.Stations));
        Assert.Equal(new NetworkImportOutcome(1, 0, 0), AssertSucceeded(await Import.ImportAsync(xlsx, skipInvalidRows: false)));
        Assert.Equal(["U-JC-001", "宁德市医院", "Ningde Municipal Hospital", "事业单位", "JC", "蕉南社区", "宁德市医院党委"], Assert.Single(await Import.ExportAsync(NetworkSheet.Units)));
    }
}

public sealed class NetworkImportUnitsTests_PostgreSQL : NetworkImportUnitsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
