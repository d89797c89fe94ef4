using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain.Management;

public class StationAdminServiceTests : DomainTestBase
{
    private StationAdminService Stations => Service<StationAdminService>();

    private static StationInput NewStation(string code = "ND-JC-101") => new()
    {
        Code = code,
        Name = "蕉南书香红色驿站",
        CommunityId = CommunityId,
        Kind = StationKind.ElderlyCare,
        Status = StationStatus.Planned,
        FloorArea = 240,
        Capacity = 60,
        OpensAt = new TimeOnly(8, 30),
        ClosesAt = new TimeOnly(20, 0),
        Services = StationServices.Lectures | StationServices.ElderlyCare,
        Facilities = StationFacilities.ReadingRoom,
        HostUnit = "宁德市图书馆",
        Latitude = 26.66,
        Longitude = 119.53,
    };

    [Fact]
    public async Task Create_StoresEveryFieldAndAuditsTheChange()
    {
        var created = AssertSucceeded(await Stations.CreateAsync(NewStation("nd-jc-101") with { Name = "  蕉南书香红色驿站 " }));

        await using var db = await Database.CreateContextAsync();
        var station = await db.Stations.SingleAsync(s => s.Id == created.Id);
        Assert.Equal("ND-JC-101", station.Code);
        Assert.Equal("蕉南书香红色驿站", station.Name);
        Assert.Equal(60, station.Capacity);
        Assert.Equal(new TimeOnly(8, 30), station.OpensAt);
        Assert.Equal(StationServices.Lectures | StationServices.ElderlyCare, station.Services);
        Assert.Equal(0, station.Occupancy);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(Station) && a.EntityKey == station.Id.ToString() && a.Change == AuditChange.Added));
    }

    [Fact]
    public async Task Update_ChangesCapacityHoursAndStatus()
    {
        var input = await Stations.GetAsync(OpenStationId);

        AssertSucceeded(await Stations.UpdateAsync(OpenStationId, input! with { Capacity = 25, OpensAt = new TimeOnly(7, 0), Status = StationStatus.Open }));

        await using var db = await Database.CreateContextAsync();
        var station = await db.Stations.SingleAsync(s => s.Id == OpenStationId);
        Assert.Equal(25, station.Capacity);
        Assert.Equal(new TimeOnly(7, 0), station.OpensAt);
        var audit = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(Station) && a.Change == AuditChange.Modified);
        Assert.Contains("\"Capacity\":25", audit.After);
    }

    [Fact]
    public async Task Close_ClosesAnEmptyStation()
    {
        var closed = AssertSucceeded(await Stations.CloseAsync(SecondOpenStationId));

        Assert.Equal(StationStatus.Closed, closed.Status);
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(StationStatus.Closed, (await db.Stations.SingleAsync(s => s.Id == SecondOpenStationId)).Status);
    }

    [Fact]
    public async Task Close_WithAVolunteerOnDuty_IsRejected()
    {
        AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerA));

        await AssertRejectedAsync(() => Stations.CloseAsync(OpenStationId), ErrorCodes.StationHasVolunteersOnDuty, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Close_WithPeopleCountedInside_IsRejected()
    {
        AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, 3));

        await AssertRejectedAsync(() => Stations.CloseAsync(OpenStationId), ErrorCodes.StationHasPeopleInside, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Update_ToPlannedWithAVolunteerOnDuty_IsRejected()
    {
        AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerA));
        var input = await Stations.GetAsync(OpenStationId);

        await AssertRejectedAsync(() => Stations.UpdateAsync(OpenStationId, input! with { Status = StationStatus.Planned }), ErrorCodes.StationHasVolunteersOnDuty, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Close_AnUnknownStation_IsNotFound() =>
        await AssertRejectedAsync(() => Stations.CloseAsync(UnknownId), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Update_AnUnknownStation_IsNotFound() =>
        await AssertRejectedAsync(() => Stations.UpdateAsync(UnknownId, NewStation()), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Create_WithATakenCode_IsRejected() =>
        await AssertRejectedAsync(() => Stations.CreateAsync(NewStation("nd-jc-001")), ErrorCodes.StationCodeTaken, ErrorKind.Conflict);

    [Fact]
    public async Task Update_ToAnotherStationsCode_IsRejected()
    {
        var input = await Stations.GetAsync(OpenStationId);

        await AssertRejectedAsync(() => Stations.UpdateAsync(OpenStationId, input! with { Code = "ND-JC-002" }), ErrorCodes.StationCodeTaken, ErrorKind.Conflict);
    }

    [Theory]
    [InlineData("ND JC 1")]
    [InlineData("ND_JC_1")]
    [InlineData("-ND")]
    [InlineData("红色驿站")]
    public async Task Create_WithAMalformedCode_IsRejected(string code) =>
        await AssertRejectedAsync(() => Stations.CreateAsync(NewStation(code)), ErrorCodes.StationCodeInvalid, ErrorKind.Validation);

    [Fact]
    public async Task Create_WithoutAName_IsRejected() =>
        await AssertRejectedAsync(() => Stations.CreateAsync(NewStation() with { Name = "  " }), ErrorCodes.TextRequired, ErrorKind.Validation);

    [Fact]
    public async Task Create_WithATooLongName_IsRejected() =>
        await AssertRejectedAsync(() => Stations.CreateAsync(NewStation() with { Name = new string('驿', TextLimits.Name + 1) }), ErrorCodes.TextTooLong, ErrorKind.Validation);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(StationAdminService.MaxCapacity + 1)]
    public async Task Create_WithCapacityOutOfRange_IsRejected(int capacity) =>
        await AssertRejectedAsync(() => Stations.CreateAsync(NewStation() with { Capacity = capacity }), ErrorCodes.CapacityOutOfRange, ErrorKind.Validation);

    [Fact]
    public async Task Create_WithFloorAreaOutOfRange_IsRejected() =>
        await AssertRejectedAsync(() => Stations.CreateAsync(NewStation() with { FloorArea = 0 }), ErrorCodes.FloorAreaOutOfRange, ErrorKind.Validation);

    [Theory]
    [InlineData(20, 8)]
    [InlineData(9, 9)]
    public async Task Create_ClosingBeforeOpening_IsRejected(int opens, int closes) =>
        await AssertRejectedAsync(
            () => Stations.CreateAsync(NewStation() with { OpensAt = new TimeOnly(opens, 0), ClosesAt = new TimeOnly(closes, 0) }),
            ErrorCodes.ClosingBeforeOpening, ErrorKind.Validation);

    [Theory]
    [InlineData(119.53, 26.66)]
    [InlineData(39.9, 116.4)]
    [InlineData(26.0, 119.5)]
    [InlineData(26.66, 121.0)]
    public async Task Create_OutsideNingde_IsRejected(double latitude, double longitude) =>
        await AssertRejectedAsync(
            () => Stations.CreateAsync(NewStation() with { Latitude = latitude, Longitude = longitude }),
            ErrorCodes.LocationOutsideCity, ErrorKind.Validation);

    [Fact]
    public async Task Create_InAnUnknownCommunity_IsRejected() =>
        await AssertRejectedAsync(() => Stations.CreateAsync(NewStation() with { CommunityId = UnknownId }), ErrorCodes.CommunityNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Create_OfAnUnknownKind_IsRejected() =>
        await AssertRejectedAsync(() => Stations.CreateAsync(NewStation() with { Kind = (StationKind)99 }), ErrorCodes.StationKindUnknown, ErrorKind.Validation);

    [Fact]
    public async Task Create_WithATooLongHostUnit_IsRejected() =>
        await AssertRejectedAsync(() => Stations.CreateAsync(NewStation() with { HostUnit = new string('单', TextLimits.Name + 1) }), ErrorCodes.TextTooLong, ErrorKind.Validation);
}

public sealed class StationAdminServiceTests_PostgreSQL : StationAdminServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
