using Microsoft.EntityFrameworkCore;
using RedStation.Data.Analytics;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

/// <summary>
/// The station rankings read whole months from the station month summaries and the days at a period's edges from the
/// day summaries: over periods cut inside months at both ends, inside one month, a whole month and a whole year, they
/// equal the figures computed from the raw sessions and activities — also after corrections to an earlier month — and
/// the maintained month rows equal a rebuild from the raw rows.
/// </summary>
public class StationMonthSummaryTests : DomainTestBase
{
    private static readonly TimeSpan CityOffset = TimeSpan.FromHours(8);

    private DutyService Duty => Service<DutyService>();

    private ActivityService Activities => Service<ActivityService>();

    private AnalyticsService Analytics => Service<AnalyticsService>();

    /// <summary>
    /// Sessions and activities either side of the ends of September, October and November 2026 (one past midnight of
    /// 31 October), at two stations; one session still under way on 28 November, when the clock stops.
    /// </summary>
    private async Task WriteThreeMonthsAsync()
    {
        (int Month, int Day, int Hour, int Minute, int Station, int Volunteer, int Minutes)[] sessions =
        [
            (9, 30, 22, 30, OpenStationId, VolunteerA, 60),
            (10, 1, 9, 0, OpenStationId, VolunteerB, 120),
            (10, 1, 10, 0, SecondOpenStationId, VolunteerA, 45),
            (10, 15, 14, 0, SecondOpenStationId, VolunteerC, 90),
            (10, 31, 23, 40, OpenStationId, VolunteerC, 50),
            (11, 1, 8, 0, SecondOpenStationId, VolunteerB, 30),
            (11, 27, 10, 0, OpenStationId, VolunteerA, 75),
        ];
        foreach (var (index, s) in sessions.Index())
        {
            var start = new DateTimeOffset(2026, s.Month, s.Day, s.Hour, s.Minute, 0, CityOffset);
            Database.Time.Set(start);
            AssertSucceeded(await Duty.CheckInAsync(s.Station, s.Volunteer));
            AssertSucceeded(await Activities.LogAsync(new LogActivityRequest(s.Station, LectureTypeId, "周末讲堂",
                start.UtcDateTime, start.UtcDateTime.AddHours(1), 10 + index)));
            Database.Time.Advance(TimeSpan.FromMinutes(s.Minutes));
            AssertSucceeded(await Duty.CheckOutAsync(s.Station, s.Volunteer));
        }

        Database.Time.Set(new DateTimeOffset(2026, 11, 28, 9, 0, 0, CityOffset));
        AssertSucceeded(await Duty.CheckInAsync(SecondOpenStationId, VolunteerC));
        Database.Time.Set(new DateTimeOffset(2026, 11, 28, 11, 30, 0, CityOffset));
    }

    private async Task AssertStationRankingsEqualTheRawRowsAsync(AnalyticsFilter filter)
    {
        var clock = Service<RedStation.Data.Time.CityClock>();
        var (from, to) = (clock.StartOfDayUtc(filter.From), clock.StartOfDayUtc(filter.To.AddDays(1)));
        var now = clock.UtcNow;
        await using var db = await Database.CreateContextAsync();
        var sessions = (await db.DutySessions.AsNoTracking().ToListAsync())
            .Where(s => s.CheckedInAt >= from && s.CheckedInAt < to && (filter.StationId is null || s.StationId == filter.StationId)).ToList();
        var activities = (await db.Activities.AsNoTracking().ToListAsync())
            .Where(a => a.StartsAt >= from && a.StartsAt < to && (filter.StationId is null || a.StationId == filter.StationId)).ToList();

        var rankings = await Analytics.GetRankingsAsync(filter);

        Assert.NotEmpty(rankings.Stations);
        foreach (var station in rankings.Stations)
        {
            var at = sessions.Where(s => s.StationId == station.StationId).ToList();
            var held = activities.Where(a => a.StationId == station.StationId).ToList();
            Assert.Equal(
                (at.Count, Math.Round(at.Sum(s => s.Duration(now).TotalHours), 2), held.Count, held.Sum(a => a.Attendance)),
                (station.CheckIns, station.VolunteerHours, station.Activities, station.Attendance));
        }

        Assert.Equal(sessions.Count, rankings.Stations.Sum(s => s.CheckIns));
        Assert.Equal(activities.Sum(a => a.Attendance), rankings.Districts.Sum(d => d.Attendance));
    }

    private async Task AssertMonthsEqualARebuildAsync()
    {
        await using var db = await Database.CreateContextAsync();
        var (days, _) = await Service<SummaryRebuilder>().ComputeAsync(db);
        var rebuilt = SummaryBook.Months(days).Values.OrderBy(m => m.Month).ThenBy(m => m.StationId).ToList();
        var maintained = await db.StationMonthSummaries.AsNoTracking().OrderBy(m => m.Month).ThenBy(m => m.StationId).ToListAsync();

        Assert.Equal(rebuilt.Select(m => (m.Month, m.StationId)), maintained.Select(m => (m.Month, m.StationId)));
        Assert.All(rebuilt.Zip(maintained), pair => Assert.True(pair.First.SameFigures(pair.Second),
            $"station {pair.First.StationId} in {pair.First.Month}: rebuilt and maintained figures differ"));
    }

    private static AnalyticsFilter Period(int fromMonth, int fromDay, int toMonth, int toDay) =>
        new(new DateOnly(2026, fromMonth, fromDay), new DateOnly(2026, toMonth, toDay));

    [Fact]
    public async Task StationRankings_EqualTheRawRows_OverPeriodsCutInsideMonths()
    {
        await WriteThreeMonthsAsync();

        await AssertMonthsEqualARebuildAsync();
        await AssertStationRankingsEqualTheRawRowsAsync(Period(9, 30, 11, 28));
        await AssertStationRankingsEqualTheRawRowsAsync(Period(10, 1, 11, 1));
        await AssertStationRankingsEqualTheRawRowsAsync(Period(9, 30, 10, 31));
        await AssertStationRankingsEqualTheRawRowsAsync(Period(10, 2, 10, 30));
        await AssertStationRankingsEqualTheRawRowsAsync(Period(10, 1, 10, 31));
        await AssertStationRankingsEqualTheRawRowsAsync(Period(11, 1, 11, 28));
        await AssertStationRankingsEqualTheRawRowsAsync(Period(10, 1, 10, 1) with { DistrictId = DistrictId });
        await AssertStationRankingsEqualTheRawRowsAsync(Period(9, 1, 11, 30) with { StationId = SecondOpenStationId });
        await AssertStationRankingsEqualTheRawRowsAsync(new AnalyticsFilter(new DateOnly(2025, 11, 29), new DateOnly(2026, 11, 28)));

        // The session past midnight of 31 October counts whole in October, read from October's month row.
        var october = await Analytics.GetRankingsAsync(Period(10, 1, 10, 31));
        Assert.Equal((2, Math.Round(2.0 + (50 / 60.0), 2)), (october.Stations.Single(s => s.StationId == OpenStationId).CheckIns,
            october.Stations.Single(s => s.StationId == OpenStationId).VolunteerHours));
    }

    [Fact]
    public async Task CorrectionsToAnEarlierMonth_AreInTheNextRankings()
    {
        await WriteThreeMonthsAsync();
        var year = new AnalyticsFilter(new DateOnly(2025, 11, 29), new DateOnly(2026, 11, 28));
        await AssertStationRankingsEqualTheRawRowsAsync(year);

        await using (var db = await Database.CreateContextAsync())
        {
            // A check-out corrected on 15 October, an activity of 1 October given its real attendance, one of
            // 30 September removed, and a session moved from 31 October to 1 November.
            var corrected = await db.DutySessions.SingleAsync(s => s.VolunteerId == VolunteerC && s.StationId == SecondOpenStationId && s.CheckedOutAt != null);
            corrected.CheckedOutAt = corrected.CheckedOutAt!.Value.AddHours(3);
            var lecture = await db.Activities.OrderBy(a => a.StartsAt).Skip(1).FirstAsync();
            lecture.Attendance = 99;
            db.Activities.Remove(await db.Activities.OrderBy(a => a.StartsAt).FirstAsync());
            var moved = await db.DutySessions.SingleAsync(s => s.VolunteerId == VolunteerC && s.StationId == OpenStationId);
            (moved.CheckedInAt, moved.CheckedOutAt) = (moved.CheckedInAt.AddMinutes(30), moved.CheckedOutAt!.Value.AddMinutes(30));
            await db.SaveChangesAsync();
        }

        await AssertMonthsEqualARebuildAsync();
        await AssertStationRankingsEqualTheRawRowsAsync(year);
        await AssertStationRankingsEqualTheRawRowsAsync(Period(10, 1, 10, 31));
        await AssertStationRankingsEqualTheRawRowsAsync(Period(9, 15, 11, 10));
        var october = await Analytics.GetRankingsAsync(Period(10, 1, 10, 31));
        Assert.Equal(1, october.Stations.Single(s => s.StationId == OpenStationId).CheckIns);
        Assert.Equal(99 + 12 + 13 + 14, october.Districts.Sum(d => d.Attendance));
    }

    [Fact]
    public async Task ConcurrentWritesAcrossMonths_LeaveTheMonthsEqualToARebuild()
    {
        await WriteThreeMonthsAsync();
        var now = Service<RedStation.Data.Time.CityClock>().UtcNow;

        // Check-ins now and activities logged for earlier months, all at once through the single write path.
        var checkIns = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            AssertSucceeded(await Duty.CheckInAsync(i % 2 == 0 ? OpenStationId : SecondOpenStationId, 10 + i))));
        var logs = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            AssertSucceeded(await Activities.LogAsync(new LogActivityRequest(i % 2 == 0 ? OpenStationId : SecondOpenStationId, LectureTypeId,
                "亲子诵读", now.AddDays(-20 * i), now.AddDays(-20 * i).AddHours(2), 5 + i)))));
        await Task.WhenAll([.. checkIns, .. logs]);

        await AssertMonthsEqualARebuildAsync();
        await AssertStationRankingsEqualTheRawRowsAsync(Period(9, 30, 11, 28));
        await AssertStationRankingsEqualTheRawRowsAsync(new AnalyticsFilter(new DateOnly(2025, 11, 29), new DateOnly(2026, 11, 28)));
    }

    [Fact]
    public async Task MissingMonthRows_AreRebuiltWithTheOtherSummaries()
    {
        await WriteThreeMonthsAsync();
        await using (var db = await Database.CreateContextAsync())
        {
            await db.StationMonthSummaries.ExecuteDeleteAsync();
            await db.SummaryStates.Where(s => s.Id == 1).ExecuteDeleteAsync();
        }

        await Service<SummaryRebuilder>().EnsureCurrentAsync();

        await AssertMonthsEqualARebuildAsync();
        await using var check = await Database.CreateContextAsync();
        Assert.Equal(3, await check.StationMonthSummaries.Select(m => m.Month).Distinct().CountAsync());
    }
}

public sealed class StationMonthSummaryTests_PostgreSQL : StationMonthSummaryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
