using Microsoft.EntityFrameworkCore;
using RedStation.Data.Analytics;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

/// <summary>
/// The analytics summaries kept by the write path equal a rebuild from the raw rows (the oracle), through check-ins and
/// check-outs on either side of the city's midnight, a session spanning it, undos, head-count changes, activities and a
/// station changing kind; and the answers read from them equal the raw queries' answers.
/// </summary>
public class AnalyticsSummaryTests : DomainTestBase
{
    private static readonly AnalyticsFilter Today = new(new DateOnly(2026, 11, 28), new DateOnly(2026, 11, 29));

    private DutyService Duty => Service<DutyService>();

    private OccupancyService Occupancy => Service<OccupancyService>();

    private ActivityService Activities => Service<ActivityService>();

    /// <summary>Sets the clock to a city time on 28 or 29 November 2026 (UTC+8).</summary>
    private void At(int day, int hour, int minute = 0) =>
        Database.Time.Set(new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(8)));

    /// <summary>
    /// A day at two stations: V-A checks in at 23:50 on the 28th and out at 00:20 on the 29th (the session counts on the
    /// 28th); V-B's check-in at 23:59:30 is undone; V-C checks in after midnight and out, and the check-out is undone
    /// (they are on duty again); head-count changes either side of midnight; an activity logged and ended.
    /// </summary>
    private async Task WriteVariedDayAsync()
    {
        At(28, 9);
        AssertSucceeded(await Occupancy.ChangeAsync(OpenStationId, 3));
        AssertSucceeded(await Activities.LogAsync(new LogActivityRequest(OpenStationId, LectureTypeId, "周末讲堂",
            new DateTime(2026, 11, 28, 1, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 28, 3, 0, 0, DateTimeKind.Utc), 12)));
        var lecture = AssertSucceeded(await Activities.LogAsync(new LogActivityRequest(SecondOpenStationId, LectureTypeId, "亲子诵读",
            new DateTime(2026, 11, 28, 0, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 28, 2, 0, 0, DateTimeKind.Utc), 8)));
        At(28, 10, 30);
        AssertSucceeded(await Activities.EndAsync(lecture.Id, 15));

        At(28, 23, 50);
        AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerA));
        AssertSucceeded(await Occupancy.ChangeAsync(OpenStationId, 2));
        Database.Time.Advance(TimeSpan.FromSeconds(570));
        var mistaken = AssertSucceeded(await Duty.CheckInAsync(OpenStationId, VolunteerB));
        Database.Time.Advance(TimeSpan.FromSeconds(20));
        AssertSucceeded(await Duty.UndoAsync(OpenStationId, mistaken.Id));

        At(29, 0, 5);
        AssertSucceeded(await Occupancy.ChangeAsync(OpenStationId, -4));
        AssertSucceeded(await Duty.CheckInAsync(SecondOpenStationId, VolunteerC));
        At(29, 0, 20);
        AssertSucceeded(await Duty.CheckOutAsync(OpenStationId, VolunteerA));
        At(29, 1, 10);
        var checkedOut = AssertSucceeded(await Duty.CheckOutAsync(SecondOpenStationId, VolunteerC));
        Database.Time.Advance(TimeSpan.FromSeconds(30));
        AssertSucceeded(await Duty.UndoAsync(SecondOpenStationId, checkedOut.Id));
        Database.Time.Advance(TimeSpan.FromMinutes(50));
    }

    private async Task AssertMaintainedEqualsRebuildAsync()
    {
        await using var db = await Database.CreateContextAsync();
        var (stations, areas) = await Service<SummaryRebuilder>().ComputeAsync(db);
        var maintainedStations = await db.StationDaySummaries.AsNoTracking().OrderBy(s => s.StationId).ThenBy(s => s.Day).ToListAsync();
        var maintainedAreas = await db.AreaDaySummaries.AsNoTracking().OrderBy(a => a.DistrictId).ThenBy(a => a.Kind).ThenBy(a => a.Day).ToListAsync();

        Assert.Equal(stations.Select(s => (s.StationId, s.Day)), maintainedStations.Select(s => (s.StationId, s.Day)));
        Assert.All(stations.Zip(maintainedStations), pair => Assert.True(pair.First.SameFigures(pair.Second),
            $"station {pair.First.StationId} on {pair.First.Day}: rebuilt and maintained figures differ"));
        Assert.Equal(areas.Select(a => (a.DistrictId, a.Kind, a.Day)), maintainedAreas.Select(a => (a.DistrictId, a.Kind, a.Day)));
        Assert.All(areas.Zip(maintainedAreas), pair => Assert.True(pair.First.SameFigures(pair.Second),
            $"area {pair.First.DistrictId}/{pair.First.Kind} on {pair.First.Day}: rebuilt and maintained figures differ"));
    }

    [Fact]
    public async Task MaintainedSummaries_EqualARebuildFromTheRawRows_AfterAVariedDayAcrossMidnight()
    {
        await WriteVariedDayAsync();

        await AssertMaintainedEqualsRebuildAsync();
        await using var db = await Database.CreateContextAsync();
        var first = await db.StationDaySummaries.AsNoTracking().SingleAsync(s => s.StationId == OpenStationId && s.Day == new DateOnly(2026, 11, 28));
        // V-A's session from 23:50 to 00:20 counts whole on the 28th; V-B's undone check-in is gone.
        Assert.Equal((1, TimeSpan.FromMinutes(30).Ticks, 0), (first.CheckIns, first.ClosedSessionTicks, first.OpenSessions));
        Assert.Equal(1, first.CheckInsByHour[23]);
        Assert.Equal((1, 12), (first.Activities, first.Attendance));
        var second = await db.StationDaySummaries.AsNoTracking().SingleAsync(s => s.StationId == SecondOpenStationId && s.Day == new DateOnly(2026, 11, 29));
        // V-C's check-out was undone: on duty again, counted as open.
        Assert.Equal((1, 0L, 1), (second.CheckIns, second.ClosedSessionTicks, second.OpenSessions));
    }

    [Fact]
    public async Task AStationChangingKind_TakesItsFiguresToItsNewArea()
    {
        await WriteVariedDayAsync();
        var admin = Service<StationAdminService>();
        Station station;
        await using (var db = await Database.CreateContextAsync())
        {
            station = await db.Stations.AsNoTracking().SingleAsync(s => s.Id == OpenStationId);
        }

        AssertSucceeded(await admin.UpdateAsync(OpenStationId, StationInput.From(station) with { Kind = StationKind.Park }));

        await AssertMaintainedEqualsRebuildAsync();
        var heatMap = await Service<AnalyticsService>().GetHeatMapAsync(Today with { Kind = StationKind.Park }, HeatMapMeasure.CheckIns);
        Assert.Equal(1, heatMap.At(DayOfWeek.Saturday, 23));
    }

    [Fact]
    public async Task SummaryAnswers_EqualTheRawRowsAnswers()
    {
        await WriteVariedDayAsync();
        var analytics = Service<AnalyticsService>();
        var now = Database.Time.GetUtcNow().UtcDateTime;
        await using var db = await Database.CreateContextAsync();
        var sessions = await db.DutySessions.AsNoTracking().ToListAsync();
        var activities = await db.Activities.AsNoTracking().ToListAsync();
        var changes = await db.OccupancyChanges.AsNoTracking().ToListAsync();
        var clock = Service<RedStation.Data.Time.CityClock>();
        DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(clock.ToLocal(utc));

        var trend = await analytics.GetTrendAsync(Today, TrendGrain.Day);
        foreach (var point in trend.Points)
        {
            var onDay = sessions.Where(s => DayOf(s.CheckedInAt) == point.Start).ToList();
            Assert.Equal(onDay.Count, point.CheckIns);
            Assert.Equal(Math.Round(onDay.Sum(s => s.Duration(now).TotalHours), 2), point.VolunteerHours);
            Assert.Equal(activities.Where(a => DayOf(a.StartsAt) == point.Start).Sum(a => a.Attendance), point.Attendance);
        }

        var rankings = await analytics.GetRankingsAsync(Today);
        foreach (var station in rankings.Stations)
        {
            var at = sessions.Where(s => s.StationId == station.StationId).ToList();
            Assert.Equal((at.Count, Math.Round(at.Sum(s => s.Duration(now).TotalHours), 2)), (station.CheckIns, station.VolunteerHours));
        }

        var heatMap = await analytics.GetHeatMapAsync(Today, HeatMapMeasure.HeadCount);
        foreach (var group in changes.GroupBy(c => clock.ToLocal(c.At) is var local ? (local.DayOfWeek, local.Hour) : default))
        {
            Assert.Equal(Math.Round(group.Average(c => c.Count), 1), heatMap.At(group.Key.DayOfWeek, group.Key.Hour));
        }
    }

    [Fact]
    public async Task MissingSummaries_AreRebuiltAtStartUp()
    {
        await WriteVariedDayAsync();
        await using (var db = await Database.CreateContextAsync())
        {
            await db.StationDaySummaries.ExecuteDeleteAsync();
            await db.AreaDaySummaries.ExecuteDeleteAsync();
            await db.SummaryStates.ExecuteDeleteAsync();
        }

        await Service<SummaryRebuilder>().EnsureCurrentAsync();

        await AssertMaintainedEqualsRebuildAsync();
        await using var check = await Database.CreateContextAsync();
        Assert.Equal(SummaryRebuilder.Version, (await check.SummaryStates.SingleAsync(s => s.Id == 1)).Version);
        Assert.NotEmpty(await check.StationDaySummaries.ToListAsync());
    }
}

public sealed class AnalyticsSummaryTests_PostgreSQL : AnalyticsSummaryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
