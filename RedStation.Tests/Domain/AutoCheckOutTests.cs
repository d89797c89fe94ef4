using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RedStation.Data;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Data.Time;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

/// <summary>TestNetwork's stations close at 21:00 city time (13:00 UTC); the clock starts at noon city time.</summary>
public class AutoCheckOutTests : DomainTestBase
{
    private static readonly DateTime ClosingTodayUtc = new(2026, 11, 28, 13, 0, 0, DateTimeKind.Utc);

    private AutoCheckOutService AutoCheckOut => Service<AutoCheckOutService>();

    private DutyService Duty => Service<DutyService>();

    [Fact]
    public async Task OpenSession_AfterTheStationsClosingTime_IsClosedAtTheClosingTime_FlaggedAndAnnounced()
    {
        await Service<LiveFeed>().RebuildAsync(Service<DomainWriter>());
        var session = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        AssertSucceeded(await Duty.CheckInAsync(SecondOpenStationId, VolunteerB));
        Database.Time.Set(new DateTimeOffset(ClosingTodayUtc.AddMinutes(7)));
        var received = new ConcurrentQueue<LiveEvent>();
        using var subscription = Service<LiveFeed>().Subscribe(events => { foreach (var e in events) received.Enqueue(e); });

        Assert.Equal(2, await AutoCheckOut.CloseOverdueSessionsAsync());

        await using var db = await Database.CreateContextAsync();
        var closed = await db.DutySessions.OrderBy(d => d.Id).ToListAsync();
        Assert.All(closed, d =>
        {
            Assert.Equal(ClosingTodayUtc, d.CheckedOutAt);
            Assert.True(d.ClosedAutomatically);
        });
        var checkedOut = received.OfType<VolunteerCheckedOut>().OrderBy(e => e.VolunteerId).ToList();
        Assert.Equal([VolunteerA, VolunteerB], checkedOut.Select(e => e.VolunteerId));
        Assert.Equal(session.Id, checkedOut[0].SessionId);
        Assert.All(checkedOut, e => Assert.Equal(ClosingTodayUtc, e.At));
        Assert.Equal(9, checkedOut[0].Hours);
        Assert.All(await db.AuditEntries.Where(a => a.Change == RedStation.Data.Entities.AuditChange.Modified).ToListAsync(), a => Assert.Equal(ActorKind.System, a.ActorKind));
        Assert.Equal(0, Service<LiveFeed>().Snapshot(LiveScope.All).Totals.VolunteersOnDuty);
    }

    [Fact]
    public async Task OpenSession_BeforeTheClosingTime_IsLeftAlone()
    {
        AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        Database.Time.Set(new DateTimeOffset(ClosingTodayUtc.AddSeconds(-1)));
        var before = await Infrastructure.DatabaseSnapshot.TakeAsync(Database);

        Assert.Equal(0, await AutoCheckOut.CloseOverdueSessionsAsync());

        Assert.Equal(before, await Infrastructure.DatabaseSnapshot.TakeAsync(Database));
    }

    [Fact]
    public async Task SessionFromAnEarlierDay_IsClosedAtThatDaysClosingTime()
    {
        AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        // The next morning, before that day's closing time.
        Database.Time.Set(new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero));

        Assert.Equal(1, await AutoCheckOut.CloseOverdueSessionsAsync());

        await using var db = await Database.CreateContextAsync();
        var session = await db.DutySessions.SingleAsync();
        Assert.Equal(ClosingTodayUtc, session.CheckedOutAt);
        Assert.True(session.ClosedAutomatically);
    }

    [Fact]
    public async Task CheckInAfterClosingTime_RunsToTheEndOfItsDay_NeverEndingBeforeItBegan()
    {
        Database.Time.Set(new DateTimeOffset(ClosingTodayUtc.AddMinutes(30)));
        AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));

        Assert.Equal(0, await AutoCheckOut.CloseOverdueSessionsAsync());
        Database.Time.Set(new DateTimeOffset(2026, 11, 28, 16, 0, 1, TimeSpan.Zero));
        Assert.Equal(1, await AutoCheckOut.CloseOverdueSessionsAsync());

        await using var db = await Database.CreateContextAsync();
        // Midnight in Ningde is 16:00 UTC.
        Assert.Equal(new DateTime(2026, 11, 28, 16, 0, 0, DateTimeKind.Utc), (await db.DutySessions.SingleAsync()).CheckedOutAt);
    }

    [Fact]
    public async Task SessionCheckedOutByHand_IsNotTouched()
    {
        AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        Database.Time.Advance(TimeSpan.FromHours(1));
        var manual = AssertSucceeded(await Duty.CheckOutAsync(OpenStationId, VolunteerA));
        Database.Time.Set(new DateTimeOffset(ClosingTodayUtc.AddHours(1)));

        Assert.Equal(0, await AutoCheckOut.CloseOverdueSessionsAsync());

        await using var db = await Database.CreateContextAsync();
        var session = await db.DutySessions.SingleAsync();
        Assert.Equal(manual.CheckedOutAt, session.CheckedOutAt);
        Assert.False(session.ClosedAutomatically);
    }

    [Fact]
    public async Task HostedService_ChecksEveryMinuteOnTheInjectedClock()
    {
        await Service<LiveFeed>().RebuildAsync(Service<DomainWriter>());
        AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        var timerClock = new FakeTimeProvider(Database.Time.GetUtcNow());
        var cityClock = new CityClock(timerClock, Options.Create(new RedStationOptions()));
        using var service = new AutoCheckOutHostedService(AutoCheckOut, cityClock, NullLogger<AutoCheckOutHostedService>.Instance);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Service<LiveFeed>().Subscribe(events =>
        {
            if (events.OfType<VolunteerCheckedOut>().Any())
            {
                closed.TrySetResult();
            }
        });

        await service.StartAsync(CancellationToken.None);
        Database.Time.Set(new DateTimeOffset(ClosingTodayUtc));
        timerClock.Advance(AutoCheckOutHostedService.Interval);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        await using var db = await Database.CreateContextAsync();
        Assert.True((await db.DutySessions.SingleAsync()).ClosedAutomatically);
    }
}

public sealed class AutoCheckOutTests_PostgreSQL : AutoCheckOutTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
