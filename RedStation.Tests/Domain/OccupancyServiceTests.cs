using Microsoft.EntityFrameworkCore;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class OccupancyServiceTests : DomainTestBase
{
    private OccupancyService Occupancy => Service<OccupancyService>();

    [Fact]
    public async Task Change_AddsToTheHeadCountAndRecordsTheChange()
    {
        AssertSucceeded(await Occupancy.ChangeAsync(OpenStationId, 4));
        var change = AssertSucceeded(await Occupancy.ChangeAsync(OpenStationId, -1));

        Assert.Equal(3, change.Count);
        Assert.Equal(-1, change.Delta);
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(3, (await db.Stations.SingleAsync(s => s.Id == OpenStationId)).Occupancy);
        Assert.Equal([4, 3], await db.OccupancyChanges.OrderBy(c => c.Id).Select(c => c.Count).ToListAsync());
    }

    [Fact]
    public async Task Set_RecordsTheDifferenceFromTheCurrentCount()
    {
        AssertSucceeded(await Occupancy.ChangeAsync(OpenStationId, 2));

        var change = AssertSucceeded(await Occupancy.SetAsync(OpenStationId, 12));

        Assert.Equal(10, change.Delta);
        Assert.Equal(12, change.Count);
    }

    [Fact]
    public async Task Change_BelowZero_IsRejected()
    {
        AssertSucceeded(await Occupancy.ChangeAsync(OpenStationId, 1));

        await AssertRejectedAsync(() => Occupancy.ChangeAsync(OpenStationId, -2), ErrorCodes.OccupancyBelowZero, ErrorKind.Validation);
    }

    [Fact]
    public Task Set_BelowZero_IsRejected() =>
        AssertRejectedAsync(() => Occupancy.SetAsync(OpenStationId, -1), ErrorCodes.OccupancyBelowZero, ErrorKind.Validation);

    [Fact]
    public async Task Set_AboveCapacity_IsAllowedButAboveASaneMultipleIsRejected()
    {
        AssertSucceeded(await Occupancy.SetAsync(OpenStationId, OpenStationCapacity * OccupancyService.SaneCapacityMultiple));

        await AssertRejectedAsync(
            () => Occupancy.SetAsync(OpenStationId, OpenStationCapacity * OccupancyService.SaneCapacityMultiple + 1),
            ErrorCodes.OccupancyAboveLimit,
            ErrorKind.Validation);
    }

    [Fact]
    public Task Change_ByZero_IsRejected() =>
        AssertRejectedAsync(() => Occupancy.ChangeAsync(OpenStationId, 0), ErrorCodes.OccupancyNoChange, ErrorKind.Validation);

    [Fact]
    public Task Change_AtAnUnknownStation_IsRejected() =>
        AssertRejectedAsync(() => Occupancy.ChangeAsync(UnknownId, 1), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public Task Change_AtAPlannedStation_IsRejected() =>
        AssertRejectedAsync(() => Occupancy.ChangeAsync(PlannedStationId, 1), ErrorCodes.StationNotOpen, ErrorKind.Conflict);
}

public sealed class OccupancyServiceTests_PostgreSQL : OccupancyServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
