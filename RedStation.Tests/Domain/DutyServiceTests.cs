using Microsoft.EntityFrameworkCore;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class DutyServiceTests : DomainTestBase
{
    private DutyService Duty => Service<DutyService>();

    [Fact]
    public async Task CheckIn_AtAnOpenStation_OpensASessionNow()
    {
        var session = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));

        await using var db = await Database.CreateContextAsync();
        var stored = await db.DutySessions.SingleAsync();
        Assert.Equal(session.Id, stored.Id);
        Assert.Equal(VolunteerA, stored.VolunteerId);
        Assert.Equal(Database.Time.GetUtcNow().UtcDateTime, stored.CheckedInAt);
        Assert.Equal(DateTimeKind.Utc, stored.CheckedInAt.Kind);
        Assert.Null(stored.CheckedOutAt);
    }

    [Fact]
    public Task CheckIn_AtAnUnknownStation_IsRejected() =>
        AssertRejectedAsync(() => Duty.CheckInAsync(UnknownId, VolunteerA), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public Task CheckIn_AtAPlannedStation_IsRejected() =>
        AssertRejectedAsync(() => Duty.CheckInAsync(PlannedStationId, VolunteerA), ErrorCodes.StationNotOpen, ErrorKind.Conflict);

    [Fact]
    public Task CheckIn_OfAnUnknownVolunteer_IsRejected() =>
        AssertRejectedAsync(() => Duty.CheckInAsync(OpenStationId, UnknownId), ErrorCodes.VolunteerNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task CheckIn_WhenVolunteerAlreadyOnDutyElsewhere_IsRejected()
    {
        AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));

        var error = await AssertRejectedAsync(() => Duty.CheckInAsync(SecondOpenStationId, VolunteerA), ErrorCodes.VolunteerAlreadyOnDuty, ErrorKind.Conflict);
        Assert.Contains("蕉南锦绣小区红色驿站", error.Message);
    }

    [Fact]
    public async Task CheckOut_AfterCheckIn_ClosesTheSessionWithItsHours()
    {
        AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        Database.Time.Advance(TimeSpan.FromMinutes(150));

        var session = AssertSucceeded(await Duty.CheckOutAsync(OpenStationId, VolunteerA));

        Assert.Equal(TimeSpan.FromMinutes(150), session.Duration(DateTime.UtcNow));
        await using var db = await Database.CreateContextAsync();
        Assert.NotNull((await db.DutySessions.SingleAsync()).CheckedOutAt);
    }

    [Fact]
    public async Task CheckIn_AfterCheckOut_StartsANewSession()
    {
        AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        AssertSucceeded(await Duty.CheckOutAsync(OpenStationId, VolunteerA));

        AssertSucceeded(await Duty.CheckInAsync(SecondOpenStationId, VolunteerA));

        await using var db = await Database.CreateContextAsync();
        Assert.Equal(2, await db.DutySessions.CountAsync());
    }

    [Fact]
    public Task CheckOut_WithoutCheckIn_IsRejected() =>
        AssertRejectedAsync(() => Duty.CheckOutAsync(OpenStationId, VolunteerA), ErrorCodes.VolunteerNotOnDutyHere, ErrorKind.Conflict);

    [Fact]
    public async Task CheckOut_AtAnotherStationThanTheCheckIn_IsRejected()
    {
        AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));

        await AssertRejectedAsync(() => Duty.CheckOutAsync(SecondOpenStationId, VolunteerA), ErrorCodes.VolunteerNotOnDutyHere, ErrorKind.Conflict);
    }

    [Fact]
    public Task CheckOut_AtAnUnknownStation_IsRejected() =>
        AssertRejectedAsync(() => Duty.CheckOutAsync(UnknownId, VolunteerA), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public Task CheckOut_OfAnUnknownVolunteer_IsRejected() =>
        AssertRejectedAsync(() => Duty.CheckOutAsync(OpenStationId, UnknownId), ErrorCodes.VolunteerNotFound, ErrorKind.NotFound);
}

public sealed class DutyServiceTests_PostgreSQL : DutyServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
