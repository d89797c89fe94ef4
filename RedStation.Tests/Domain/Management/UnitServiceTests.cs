using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain.Management;

public class UnitServiceTests : DomainTestBase
{
    private UnitService Units => Service<UnitService>();

    private static UnitInput Hospital(string code = "U-JC-001") => new()
    {
        Code = code,
        Name = " 宁德市医院 ",
        NameEn = "Ningde Municipal Hospital",
        Kind = UnitKind.PublicInstitution,
        CommunityId = CommunityId,
        PartyOrganisation = "宁德市医院党委",
    };

    [Fact]
    public async Task Create_StoresTheUnitNormalized_AndAuditsIt()
    {
        var unit = AssertSucceeded(await Units.CreateAsync(Hospital("u-jc-001")));

        var row = Assert.Single(await Units.ListAsync());
        Assert.Equal(("U-JC-001", "宁德市医院", UnitKind.PublicInstitution, "蕉南社区", "蕉城区"), (row.Code, row.Name, row.Kind, row.CommunityName, row.DistrictName));
        Assert.Empty(row.Venues);
        await using var db = await Database.CreateContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(Unit) && a.Change == AuditChange.Added && a.EntityKey == unit.Id.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Update_RenamesTheHostShownOnItsVenues_AndAuditsBoth()
    {
        var unit = AssertSucceeded(await Units.CreateAsync(Hospital()));
        var import = Service<NetworkImportService>();
        var file = new MemoryStream(Encoding.UTF8.GetBytes(
            "站点编号,站点名称,区县编号,社区名称,类型,容纳人数,开放时间,关闭时间,纬度,经度,面积,共建单位编号\n" +
            "GJ-JC-001,宁德市医院职工之家,JC,蕉南社区,共驻共建场所,40,08:30,20:00,26.66,119.52,120,u-jc-001"));
        var preview = AssertSucceeded(await import.ReadAsync(file, "venues.csv", NetworkSheet.Stations));
        AssertSucceeded(await import.ImportAsync(preview, skipInvalidRows: false));

        AssertSucceeded(await Units.UpdateAsync(unit.Id, Hospital() with { Name = "宁德市人民医院", Kind = UnitKind.Other }));

        var row = Assert.Single(await Units.ListAsync());
        Assert.Equal(("宁德市人民医院", UnitKind.Other), (row.Name, row.Kind));
        Assert.Equal("宁德市医院职工之家", Assert.Single(row.Venues).Name);
        await using var db = await Database.CreateContextAsync();
        var venue = await db.Stations.SingleAsync(s => s.Code == "GJ-JC-001");
        Assert.Equal((unit.Id, "宁德市人民医院"), (venue.UnitId, venue.HostUnit));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(Unit) && a.Change == AuditChange.Modified));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(Station) && a.Change == AuditChange.Modified && a.EntityKey == venue.Id.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task TheStationForm_NamingAnotherHost_EndsTheVenuesLinkToItsUnit()
    {
        var unit = AssertSucceeded(await Units.CreateAsync(Hospital()));
        var stations = Service<StationAdminService>();
        var input = await stations.GetAsync(OpenStationId);
        AssertSucceeded(await stations.UpdateAsync(OpenStationId, input! with { HostUnit = "宁德市医院" }));
        await using (var db = await Database.CreateContextAsync())
        {
            await db.Stations.Where(s => s.Id == OpenStationId).ExecuteUpdateAsync(s => s.SetProperty(x => x.UnitId, unit.Id));
        }

        // Saving the form unchanged keeps the link; another host ends it.
        AssertSucceeded(await stations.UpdateAsync(OpenStationId, input! with { HostUnit = "宁德市医院", Capacity = 45 }));
        Assert.Single(Assert.Single(await Units.ListAsync()).Venues);
        AssertSucceeded(await stations.UpdateAsync(OpenStationId, input! with { HostUnit = "蕉南小学" }));
        Assert.Empty(Assert.Single(await Units.ListAsync()).Venues);
    }

    [Fact]
    public async Task Create_WithATakenCode_IsAConflict()
    {
        AssertSucceeded(await Units.CreateAsync(Hospital()));

        var error = await AssertRejectedAsync(() => Units.CreateAsync(Hospital() with { Name = "国网宁德供电公司" }), ErrorCodes.UnitCodeTaken, ErrorKind.Conflict);
        Assert.Equal("Code", error.Field);
    }

    [Fact]
    public async Task Update_ToAnotherUnitsCode_IsAConflict()
    {
        AssertSucceeded(await Units.CreateAsync(Hospital()));
        var second = AssertSucceeded(await Units.CreateAsync(Hospital("U-JC-002") with { Name = "国网宁德供电公司", Kind = UnitKind.Enterprise }));

        await AssertRejectedAsync(() => Units.UpdateAsync(second.Id, Hospital("U-JC-001")), ErrorCodes.UnitCodeTaken, ErrorKind.Conflict);
    }

    [Theory]
    [InlineData("U JC 1", ErrorCodes.UnitCodeInvalid, "Code")]
    [InlineData("", ErrorCodes.TextRequired, "Code")]
    public async Task Create_WithABadCode_IsRejected(string code, string expected, string field)
    {
        var error = await AssertRejectedAsync(() => Units.CreateAsync(Hospital(code)), expected, ErrorKind.Validation);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task Create_WithoutAName_IsRejected() =>
        Assert.Equal("UnitName", (await AssertRejectedAsync(() => Units.CreateAsync(Hospital() with { Name = "  " }), ErrorCodes.TextRequired, ErrorKind.Validation)).Field);

    [Fact]
    public async Task Create_WithAnUndefinedKind_IsRejected() =>
        await AssertRejectedAsync(() => Units.CreateAsync(Hospital() with { Kind = (UnitKind)42 }), ErrorCodes.UnitKindUnknown, ErrorKind.Validation);

    [Fact]
    public async Task Create_WithAnUnknownCommunity_IsRejected() =>
        Assert.Equal("Community", (await AssertRejectedAsync(() => Units.CreateAsync(Hospital() with { CommunityId = 999 }), ErrorCodes.CommunityNotFound, ErrorKind.NotFound)).Field);

    [Fact]
    public async Task Create_WithATooLongPartyOrganisation_IsRejected() =>
        await AssertRejectedAsync(() => Units.CreateAsync(Hospital() with { PartyOrganisation = new string('党', TextLimits.Name + 1) }), ErrorCodes.TextTooLong, ErrorKind.Validation);

    [Fact]
    public async Task Update_OfAMissingUnit_IsNotFound() =>
        await AssertRejectedAsync(() => Units.UpdateAsync(404, Hospital()), ErrorCodes.UnitNotFound, ErrorKind.NotFound);

    [Theory]
    [InlineData("zh-CN", "编号 U-JC-001 已被其他单位使用。")]
    [InlineData("en", "Another unit already has the code U-JC-001.")]
    public async Task Refusals_SpeakTheCallersLanguage(string culture, string expected)
    {
        AssertSucceeded(await Units.CreateAsync(Hospital()));
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            Assert.Equal(expected, (await Units.CreateAsync(Hospital())).Error?.Message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}

public sealed class UnitServiceTests_PostgreSQL : UnitServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
