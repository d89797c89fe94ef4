using Microsoft.EntityFrameworkCore;
using RedStation.Data;
using RedStation.Data.Analytics;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

/// <summary>
/// The people figures (volunteer rankings, volunteers served) read the <see cref="SessionLedger"/> for sessions before
/// its horizon (the start of yesterday, city time) and the database since: they equal the sessions in the database on
/// both sides of the horizon, after a past session is corrected or removed, when a new city day moves the horizon, and
/// while corrections and answers run at the same time.
/// </summary>
public class SessionLedgerTests : DomainTestBase
{
    private static readonly AnalyticsFilter Fortnight = new(new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 28));

    private DutyService Duty => Service<DutyService>();

    private AnalyticsService Analytics => Service<AnalyticsService>();

    /// <summary>Sets the clock to a city time in November 2026 (UTC+8).</summary>
    private void At(int day, int hour, int minute = 0) =>
        Database.Time.Set(new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(8)));

    private async Task<DutySession> ServeAsync(int day, int hour, int stationId, int volunteerId, int minutes)
    {
        At(day, hour);
        AssertSucceeded(await Duty.CheckInAsync(stationId, volunteerId));
        Database.Time.Advance(TimeSpan.FromMinutes(minutes));
        return AssertSucceeded(await Duty.CheckOutAsync(stationId, volunteerId));
    }

    /// <summary>Sessions on the 20th and 25th (before the horizon on the 28th), the 27th and 28th (after it).</summary>
    private async Task ServeAFortnightAsync()
    {
        await ServeAsync(20, 9, OpenStationId, VolunteerA, 90);
        await ServeAsync(20, 14, SecondOpenStationId, VolunteerA, 45);
        await ServeAsync(25, 8, OpenStationId, VolunteerB, 120);
        await ServeAsync(25, 10, OpenStationId, VolunteerA, 30);
        await ServeAsync(27, 23, SecondOpenStationId, VolunteerC, 75);
        await ServeAsync(28, 9, OpenStationId, VolunteerA, 60);
        At(28, 10);
        AssertSucceeded(await Duty.CheckInAsync(SecondOpenStationId, VolunteerB));
        At(28, 11, 30);
    }

    private async Task AssertPeopleFiguresEqualTheSessionsAsync(AnalyticsFilter filter)
    {
        var clock = Service<RedStation.Data.Time.CityClock>();
        var (from, to) = (clock.StartOfDayUtc(filter.From), clock.StartOfDayUtc(filter.To.AddDays(1)));
        var now = clock.UtcNow;
        await using var db = await Database.CreateContextAsync();
        var sessions = (await db.DutySessions.AsNoTracking().ToListAsync())
            .Where(s => s.CheckedInAt >= from && s.CheckedInAt < to && (filter.StationId is null || s.StationId == filter.StationId))
            .ToList();
        var expected = sessions.GroupBy(s => s.VolunteerId).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Count(), Math.Round(g.Sum(s => s.Duration(now).TotalHours), 2), g.Select(s => s.StationId).Distinct().Count()))
            .ToList();

        var rankings = await Analytics.GetRankingsAsync(filter);
        var targets = await Analytics.GetTargetsAsync(filter);

        Assert.Equal(expected, rankings.Volunteers.OrderBy(v => v.VolunteerId).Select(v => (v.VolunteerId, v.Sessions, v.Hours, v.Stations)));
        Assert.Equal(expected.Count, targets.Districts.Single().ServedVolunteers);
    }

    [Fact]
    public async Task PeopleFigures_EqualTheSessions_BeforeAndSinceTheHorizon()
    {
        await ServeAFortnightAsync();

        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight);
        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight with { StationId = SecondOpenStationId });
        await AssertPeopleFiguresEqualTheSessionsAsync(new AnalyticsFilter(new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 21)));
        await AssertPeopleFiguresEqualTheSessionsAsync(new AnalyticsFilter(new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 28)));

        var rankings = await Analytics.GetRankingsAsync(Fortnight);
        var a = rankings.Volunteers.Single(v => v.VolunteerId == VolunteerA);
        Assert.Equal((4, 3.75, 2), (a.Sessions, a.Hours, a.Stations));
        Assert.Equal(2.0 + 1.5, rankings.Volunteers.Single(v => v.VolunteerId == VolunteerB).Hours);
    }

    [Fact]
    public async Task APastSessionCorrectedOrRemoved_IsInTheNextAnswer()
    {
        await ServeAFortnightAsync();
        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight);
        int generation;
        await using (var db = await Database.CreateContextAsync())
        {
            generation = await GenerationAsync(db);
            var first = await db.DutySessions.OrderBy(s => s.Id).FirstAsync();
            first.CheckedOutAt = first.CheckedOutAt!.Value.AddHours(2);
            await db.SaveChangesAsync();
        }

        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight);
        Assert.Equal(3.75 + 2.0, (await Analytics.GetRankingsAsync(Fortnight)).Volunteers.Single(v => v.VolunteerId == VolunteerA).Hours);

        await using (var db = await Database.CreateContextAsync())
        {
            db.DutySessions.Remove(await db.DutySessions.SingleAsync(s => s.VolunteerId == VolunteerB && s.CheckedOutAt != null));
            await db.SaveChangesAsync();
            Assert.Equal(generation + 2, await GenerationAsync(db));
        }

        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight);
    }

    [Fact]
    public async Task TodaysWrites_LeaveTheGenerationAlone()
    {
        await ServeAFortnightAsync();
        await using var db = await Database.CreateContextAsync();
        var generation = await GenerationAsync(db);

        await ServeAsync(28, 12, OpenStationId, VolunteerC, 20);

        Assert.Equal(generation, await GenerationAsync(db));
    }

    [Fact]
    public async Task ANewCityDay_MovesTheHorizon_AndTheAnswersStayExact()
    {
        await ServeAFortnightAsync();
        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight);

        await ServeAsync(30, 9, OpenStationId, VolunteerC, 40);
        var month = new AnalyticsFilter(new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 30));
        await AssertPeopleFiguresEqualTheSessionsAsync(month);

        // The ledger reloads in the background at the new horizon; answered before and after, the figures are the same.
        await Service<SessionLedger>().LoadedAsync();
        await AssertPeopleFiguresEqualTheSessionsAsync(month);
        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight with { To = new DateOnly(2026, 11, 27) });
    }

    [Fact]
    public async Task CorrectionsWhileAnswering_EndEqualToTheSessions()
    {
        for (var day = 16; day <= 25; day++)
        {
            await ServeAsync(day, 9, day % 2 == 0 ? OpenStationId : SecondOpenStationId, 1 + (day % 5), 60);
        }

        At(28, 11);
        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight);

        using var stop = new CancellationTokenSource();
        var answers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var count = 0;
            do
            {
                var rankings = await Analytics.GetRankingsAsync(Fortnight);
                Assert.Equal(10, rankings.Volunteers.Sum(v => v.Sessions));
                count++;
            }
            while (!stop.IsCancellationRequested);

            return count;
        })).ToList();

        for (var i = 0; i < 20; i++)
        {
            await using var db = await Database.CreateContextAsync();
            var session = await db.DutySessions.OrderBy(s => s.Id).Skip(i % 10).FirstAsync();
            session.CheckedOutAt = session.CheckedOutAt!.Value.AddMinutes(6);
            await db.SaveChangesAsync();
        }

        await stop.CancelAsync();
        var answered = await Task.WhenAll(answers);

        Assert.All(answered, count => Assert.True(count > 0));
        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight);
        Assert.Equal(10 + 2.0, (await Analytics.GetRankingsAsync(Fortnight)).Volunteers.Sum(v => v.Hours), 2);
    }

    [Fact]
    public async Task AnAnswerRightAfterThePreload_EqualsTheSessions()
    {
        await ServeAFortnightAsync();
        var preload = new SessionLedgerPreload(Service<SessionLedger>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<SessionLedgerPreload>.Instance);

        await preload.StartAsync(CancellationToken.None);
        await preload.ExecuteTask!;

        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight);
        await preload.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task APreloadedLedger_SeesASessionWrittenWhileTheClockWasSetBack()
    {
        await ServeAFortnightAsync();
        var preload = new SessionLedgerPreload(Service<SessionLedger>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<SessionLedgerPreload>.Instance);
        await preload.StartAsync(CancellationToken.None);
        await preload.ExecuteTask!;

        // Back to the 16th: a session then is older than the preloaded ledger's horizon (the 27th) but not than the
        // horizon of that clock; then forward again past the preload, with no answer in between.
        await ServeAsync(16, 9, OpenStationId, VolunteerC, 40);
        At(28, 12);

        await AssertPeopleFiguresEqualTheSessionsAsync(Fortnight);
        Assert.Equal(40 / 60.0, (await Analytics.GetRankingsAsync(Fortnight)).Volunteers.Single(v => v.VolunteerId == VolunteerC).Hours - 1.25, 2);
    }

    private static async Task<int> GenerationAsync(RedStationDbContext db) =>
        await db.SummaryStates.Where(s => s.Id == SessionLedger.GenerationRow).Select(s => (int?)s.Version).SingleOrDefaultAsync() ?? 0;
}

public sealed class SessionLedgerTests_PostgreSQL : SessionLedgerTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
