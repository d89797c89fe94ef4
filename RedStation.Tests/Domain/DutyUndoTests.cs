using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Data.Time;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

/// <summary>The duty desk's undo: a check-in or check-out taken back within a minute, and only then.</summary>
public class DutyUndoTests : DomainTestBase
{
    private DutyService Duty => Service<DutyService>();

    private LiveFeed Feed => Service<LiveFeed>();

    [Fact]
    public async Task Undo_OfACheckInWithinAMinute_RemovesTheSession()
    {
        var session = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        Database.Time.Advance(TimeSpan.FromSeconds(59));

        AssertSucceeded(await Duty.UndoAsync(OpenStationId, session.Id));

        await using var db = await Database.CreateContextAsync();
        Assert.False(await db.DutySessions.AnyAsync());
        // The mistake leaves no trace in the hours, but the audit trail remembers both taps.
        var audited = await db.AuditEntries.Where(a => a.Entity == nameof(DutySession)).OrderBy(a => a.Id).Select(a => a.Change).ToListAsync();
        Assert.Equal(["Added", "Deleted"], audited.Select(c => c.ToString()));
    }

    [Fact]
    public async Task Undo_OfACheckOutWithinAMinute_ReopensTheSession()
    {
        var session = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        Database.Time.Advance(TimeSpan.FromHours(2));
        AssertSucceeded(await Duty.CheckOutAsync(OpenStationId, VolunteerA));
        Database.Time.Advance(TimeSpan.FromSeconds(30));

        AssertSucceeded(await Duty.UndoAsync(OpenStationId, session.Id));

        await using var db = await Database.CreateContextAsync();
        var stored = await db.DutySessions.SingleAsync();
        Assert.Null(stored.CheckedOutAt);
        Assert.Equal(session.CheckedInAt, stored.CheckedInAt);
        // On duty again: checking out now works as if the mistaken check-out never happened.
        AssertSucceeded(await Duty.CheckOutAsync(OpenStationId, VolunteerA));
    }

    [Fact]
    public async Task Undo_OfACheckInAfterAMinute_IsRejectedWithAClearMessage()
    {
        var session = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        Database.Time.Advance(TimeSpan.FromSeconds(61));

        var error = await AssertRejectedAsync(() => Duty.UndoAsync(OpenStationId, session.Id), ErrorCodes.UndoExpired, ErrorKind.Conflict);

        Assert.Contains("60", error.Message);
    }

    [Fact]
    public async Task Undo_OfACheckOutAfterAMinute_IsRejected()
    {
        var session = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        AssertSucceeded(await Duty.CheckOutAsync(OpenStationId, VolunteerA));
        Database.Time.Advance(TimeSpan.FromMinutes(2));

        await AssertRejectedAsync(() => Duty.UndoAsync(OpenStationId, session.Id), ErrorCodes.UndoExpired, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Undo_OfACheckOut_WhenTheVolunteerCheckedInElsewhereSince_IsRejected()
    {
        var session = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        AssertSucceeded(await Duty.CheckOutAsync(OpenStationId, VolunteerA));
        AssertSucceeded(await Duty.CheckInAsync(SecondOpenStationId, VolunteerA));

        await AssertRejectedAsync(() => Duty.UndoAsync(OpenStationId, session.Id), ErrorCodes.UndoSupersededByCheckIn, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Undo_AtAnotherStationThanTheSessions_IsRejected()
    {
        var session = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));

        await AssertRejectedAsync(() => Duty.UndoAsync(SecondOpenStationId, session.Id), ErrorCodes.DutySessionNotFound, ErrorKind.NotFound);
    }

    [Fact]
    public Task Undo_OfAnUnknownSession_IsRejected() =>
        AssertRejectedAsync(() => Duty.UndoAsync(OpenStationId, UnknownId), ErrorCodes.DutySessionNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Undo_MovesTheLiveStateBack_ToWhatTheDatabaseSays()
    {
        await Feed.RebuildAsync(Service<DomainWriter>());
        var before = Feed.Stations([OpenStationId]).Single();
        var checkIn = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        var other = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerB));
        AssertSucceeded(await Duty.CheckOutAsync(OpenStationId, VolunteerB));

        AssertSucceeded(await Duty.UndoAsync(OpenStationId, checkIn.Id));
        AssertSucceeded(await Duty.UndoAsync(OpenStationId, other.Id));

        var live = Feed.Stations([OpenStationId]).Single();
        Assert.Equal([VolunteerB], live.OnDuty.Select(v => v.VolunteerId));
        Assert.Equal(before.Today.CheckIns + 1, live.Today.CheckIns);
        Assert.Equal(before.Today.CheckOuts, live.Today.CheckOuts);
        // Both undone events left the recent events (the feeds' lines), and the undos are no lines of their own.
        var recent = Feed.Snapshot(LiveScope.Station(OpenStationId)).Recent;
        Assert.DoesNotContain(recent, e => e is DutyUndone);
        Assert.DoesNotContain(recent, e => e is VolunteerCheckedIn c && c.SessionId == checkIn.Id);
        Assert.DoesNotContain(recent, e => e is VolunteerCheckedOut o && o.SessionId == other.Id);
        Assert.Contains(recent, e => e is VolunteerCheckedIn c && c.SessionId == other.Id);

        // A feed rebuilt from the database agrees (all but the time of the last event, which the undo itself is).
        var rebuilt = new LiveFeed(Service<CityClock>(), NullLogger<LiveFeed>.Instance);
        await rebuilt.RebuildAsync(Service<DomainWriter>());
        Assert.Equal(Json(Feed.Snapshot(LiveScope.All)), Json(rebuilt.Snapshot(LiveScope.All)));
    }

    private static string Json(LiveSnapshot snapshot) =>
        JsonSerializer.Serialize(snapshot with
        {
            Recent = [],
            Stations = [.. snapshot.Stations.Select(s => s with { LastEventAt = null })],
        });
}

public sealed class DutyUndoTests_PostgreSQL : DutyUndoTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
