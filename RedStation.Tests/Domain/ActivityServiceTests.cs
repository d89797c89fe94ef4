using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class ActivityServiceTests : DomainTestBase
{
    private ActivityService Activities => Service<ActivityService>();

    private LogActivityRequest Lecture(Func<LogActivityRequest, LogActivityRequest>? change = null)
    {
        var now = Database.Time.GetUtcNow().UtcDateTime;
        var request = new LogActivityRequest(OpenStationId, LectureTypeId, "防范电信诈骗讲座", now, now.AddHours(1), 35, "蕉南社区党委");
        return change is null ? request : change(request);
    }

    [Fact]
    public async Task Log_StoresTheActivityWithItsAttendance()
    {
        var activity = AssertSucceeded(await Activities.LogAsync(Lecture()));

        await using var db = await Database.CreateContextAsync();
        var stored = await db.Activities.SingleAsync();
        Assert.Equal(activity.Id, stored.Id);
        Assert.Equal("防范电信诈骗讲座", stored.Title);
        Assert.Equal(35, stored.Attendance);
        Assert.Null(stored.EndedAt);
    }

    [Fact]
    public Task Log_EndingBeforeItStarts_IsRejected() =>
        AssertRejectedAsync(() => Activities.LogAsync(Lecture(r => r with { EndsAt = r.StartsAt.AddMinutes(-1) })), ErrorCodes.ActivityEndsBeforeStart, ErrorKind.Validation);

    [Fact]
    public Task Log_LongerThanADay_IsRejected() =>
        AssertRejectedAsync(() => Activities.LogAsync(Lecture(r => r with { EndsAt = r.StartsAt.AddHours(25) })), ErrorCodes.ActivityTooLong, ErrorKind.Validation);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public Task Log_WithoutTitle_IsRejected(string title) =>
        AssertRejectedAsync(() => Activities.LogAsync(Lecture(r => r with { Title = title })), ErrorCodes.TextRequired, ErrorKind.Validation);

    [Fact]
    public Task Log_WithAnOversizedTitle_IsRejected() =>
        AssertRejectedAsync(() => Activities.LogAsync(Lecture(r => r with { Title = new string('讲', TextLimits.Title + 1) })), ErrorCodes.TextTooLong, ErrorKind.Validation);

    [Fact]
    public Task Log_WithOversizedNotes_IsRejected() =>
        AssertRejectedAsync(() => Activities.LogAsync(Lecture(r => r with { Notes = new string('注', TextLimits.Note + 1) })), ErrorCodes.TextTooLong, ErrorKind.Validation);

    [Theory]
    [InlineData(-1)]
    [InlineData(ActivityService.MaxAttendance + 1)]
    public Task Log_WithAttendanceOutOfRange_IsRejected(int attendance) =>
        AssertRejectedAsync(() => Activities.LogAsync(Lecture(r => r with { Attendance = attendance })), ErrorCodes.AttendanceOutOfRange, ErrorKind.Validation);

    [Fact]
    public Task Log_AtAnUnknownStation_IsRejected() =>
        AssertRejectedAsync(() => Activities.LogAsync(Lecture(r => r with { StationId = UnknownId })), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public Task Log_AtAPlannedStation_IsRejected() =>
        AssertRejectedAsync(() => Activities.LogAsync(Lecture(r => r with { StationId = PlannedStationId })), ErrorCodes.StationNotOpen, ErrorKind.Conflict);

    [Fact]
    public Task Log_OfAnUnknownType_IsRejected() =>
        AssertRejectedAsync(() => Activities.LogAsync(Lecture(r => r with { ActivityTypeId = UnknownId })), ErrorCodes.ActivityTypeNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task End_ARunningActivity_RecordsTheFinalAttendance()
    {
        var activity = AssertSucceeded(await Activities.LogAsync(Lecture()));
        Database.Time.Advance(TimeSpan.FromMinutes(50));

        var ended = AssertSucceeded(await Activities.EndAsync(activity.Id, 41));

        Assert.Equal(41, ended.Attendance);
        Assert.Equal(Database.Time.GetUtcNow().UtcDateTime, ended.EndedAt);
    }

    [Fact]
    public async Task End_Twice_IsRejected()
    {
        var activity = AssertSucceeded(await Activities.LogAsync(Lecture()));
        Database.Time.Advance(TimeSpan.FromMinutes(50));
        AssertSucceeded(await Activities.EndAsync(activity.Id, 41));

        await AssertRejectedAsync(() => Activities.EndAsync(activity.Id, 42), ErrorCodes.ActivityAlreadyEnded, ErrorKind.Conflict);
    }

    [Fact]
    public async Task End_BeforeItStarted_IsRejected()
    {
        var activity = AssertSucceeded(await Activities.LogAsync(Lecture(r => r with { StartsAt = r.StartsAt.AddHours(2), EndsAt = r.StartsAt.AddHours(3) })));

        await AssertRejectedAsync(() => Activities.EndAsync(activity.Id, 10), ErrorCodes.ActivityEndsBeforeStart, ErrorKind.Validation);
    }

    [Fact]
    public Task End_AnUnknownActivity_IsRejected() =>
        AssertRejectedAsync(() => Activities.EndAsync(UnknownId, 10), ErrorCodes.ActivityNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task End_WithNegativeAttendance_IsRejected()
    {
        var activity = AssertSucceeded(await Activities.LogAsync(Lecture()));

        await AssertRejectedAsync(() => Activities.EndAsync(activity.Id, -5), ErrorCodes.AttendanceOutOfRange, ErrorKind.Validation);
    }
}

public sealed class ActivityServiceTests_PostgreSQL : ActivityServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
