using RedStation.Data.Analytics;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

/// <summary>
/// Every analytics answer on a small hand-made history, against figures worked out by hand. "Now" is Saturday
/// 2026-11-28 12:00 in the city (04:00 UTC); the period is the city days 26–28 November, the previous one 23–25.
/// </summary>
public class AnalyticsServiceTests : DomainTestBase
{
    private static readonly AnalyticsFilter Period = new(new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 28));

    private AnalyticsService Analytics => Service<AnalyticsService>();

    private static DateTime Utc(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>
    /// Sessions (UTC → city day): V1 @1 26th 15:30–17:30 (city 26th 23:30, 2 h); V2 @1 26th 16:00–19:00 (city 27th 00:00
    /// sharp, 3 h); V3 @2 27th 01:00–02:30 (city 27th, 1.5 h); V1 @2 28th 02:00, still on duty (2 h by now);
    /// previous period: V2 @1 24th 01:00–05:00 (4 h); long before: V3 @1 on the 10th.
    /// Activities: @1 27th 02:00 UTC, 20 attending; @2 25th 15:59 UTC (city 25th 23:59, the previous period), 5 attending.
    /// </summary>
    private async Task SeedHistoryAsync()
    {
        await using var db = await Database.CreateContextAsync();
        db.DutySessions.AddRange(
            new DutySession { VolunteerId = VolunteerA, StationId = OpenStationId, CheckedInAt = Utc(26, 15, 30), CheckedOutAt = Utc(26, 17, 30) },
            new DutySession { VolunteerId = VolunteerB, StationId = OpenStationId, CheckedInAt = Utc(26, 16), CheckedOutAt = Utc(26, 19) },
            new DutySession { VolunteerId = VolunteerC, StationId = SecondOpenStationId, CheckedInAt = Utc(27, 1), CheckedOutAt = Utc(27, 2, 30) },
            new DutySession { VolunteerId = VolunteerA, StationId = SecondOpenStationId, CheckedInAt = Utc(28, 2) },
            new DutySession { VolunteerId = VolunteerB, StationId = OpenStationId, CheckedInAt = Utc(24, 1), CheckedOutAt = Utc(24, 5) },
            new DutySession { VolunteerId = VolunteerC, StationId = OpenStationId, CheckedInAt = Utc(10, 1), CheckedOutAt = Utc(10, 5) });
        db.Activities.AddRange(
            new Activity { StationId = OpenStationId, ActivityTypeId = LectureTypeId, Title = "周末讲堂", StartsAt = Utc(27, 2), EndsAt = Utc(27, 4), Attendance = 20, LoggedAt = Utc(27, 2) },
            new Activity { StationId = SecondOpenStationId, ActivityTypeId = LectureTypeId, Title = "亲子诵读", StartsAt = Utc(25, 15, 59), EndsAt = Utc(25, 17), Attendance = 5, LoggedAt = Utc(25, 16) });
        db.OccupancyChanges.AddRange(
            new OccupancyChange { StationId = OpenStationId, Delta = 4, Count = 4, At = Utc(27, 1, 10) },
            new OccupancyChange { StationId = OpenStationId, Delta = 2, Count = 6, At = Utc(27, 1, 40) });
        db.MicroWishes.AddRange(
            new MicroWish { StationId = OpenStationId, Category = WishCategory.HomeCleaning, Title = "打扫", RequesterName = "王阿姨", Status = WishStatus.Fulfilled,
                PostedAt = Utc(26, 1), ClaimedAt = Utc(26, 3), ClaimedByVolunteerId = VolunteerA, FulfilledAt = Utc(26, 7) },
            new MicroWish { StationId = OpenStationId, Category = WishCategory.ElderlyHelp, Title = "陪诊", RequesterName = "李大爷", Status = WishStatus.Posted, PostedAt = Utc(26, 2) },
            new MicroWish { StationId = SecondOpenStationId, Category = WishCategory.ElderlyHelp, Title = "买菜", RequesterName = "陈奶奶", Status = WishStatus.Posted, PostedAt = Utc(20, 2) });
        db.MediationCases.AddRange(
            new MediationCase { StationId = SecondOpenStationId, Category = MediationCategory.PublicAffairs, Summary = "停车", Status = MediationStatus.Resolved,
                PartyCount = 2, OpenedAt = Utc(26, 0), ClosedAt = Utc(27, 12) },
            new MediationCase { StationId = SecondOpenStationId, Category = MediationCategory.PublicSecurity, Summary = "噪音", Status = MediationStatus.Open,
                PartyCount = 2, OpenedAt = Utc(27, 3) });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Trend_ByDay_PutsEachSessionOnItsCityDay_WithThePreviousPeriodOverlaid()
    {
        await SeedHistoryAsync();

        var trend = await Analytics.GetTrendAsync(Period, TrendGrain.Day);

        Assert.Equal([new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 28)], trend.Points.Select(p => p.Start));
        // 16:00 UTC on the 26th is midnight on the 27th in the city: that session belongs to the 27th.
        Assert.Equal([1, 2, 1], trend.Points.Select(p => p.CheckIns));
        Assert.Equal([2.0, 4.5, 2.0], trend.Points.Select(p => p.VolunteerHours));
        Assert.Equal([0, 1, 0], trend.Points.Select(p => p.Activities));
        Assert.Equal([0, 20, 0], trend.Points.Select(p => p.Attendance));
        // The previous period's 24th lands beside the 27th, its 25th (23:59 in the city) beside the 28th.
        Assert.Equal([0, 1, 0], trend.Points.Select(p => p.PreviousCheckIns));
        Assert.Equal([0.0, 4.0, 0.0], trend.Points.Select(p => p.PreviousVolunteerHours));
        Assert.Equal([0, 0, 5], trend.Points.Select(p => p.PreviousAttendance));
        Assert.Equal((4, 8.5, 1, 20), (trend.CheckIns, trend.VolunteerHours, trend.Activities, trend.Attendance));
    }

    [Fact]
    public async Task Trend_ByWeekAndMonth_CutsBucketsAtThePeriodsEnds()
    {
        await SeedHistoryAsync();
        var filter = new AnalyticsFilter(new DateOnly(2026, 11, 20), new DateOnly(2026, 12, 2));

        var weeks = await Analytics.GetTrendAsync(filter, TrendGrain.Week);
        var months = await Analytics.GetTrendAsync(filter, TrendGrain.Month);

        // Friday 20th–Sunday 22nd, Monday 23rd–Sunday 29th, Monday 30th–Wednesday 2nd.
        Assert.Equal([(20, 22), (23, 29), (30, 2)], weeks.Points.Select(p => (p.Start.Day, p.End.Day)));
        Assert.Equal([0, 5, 0], weeks.Points.Select(p => p.CheckIns));
        Assert.Equal([(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 30)), (new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2))],
            months.Points.Select(p => (p.Start, p.End)));
        Assert.Equal(5, months.CheckIns);
        // The 13 days before: the 7th–19th hold the session of the 10th.
        Assert.Equal(1, months.PreviousCheckIns);
    }

    [Fact]
    public async Task Trend_OfAnEmptyRange_IsAllZeros()
    {
        await SeedHistoryAsync();

        var trend = await Analytics.GetTrendAsync(new AnalyticsFilter(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 7)), TrendGrain.Day);
        var elsewhere = await Analytics.GetTrendAsync(Period with { DistrictId = UnknownId }, TrendGrain.Day);

        Assert.Equal(7, trend.Points.Count);
        Assert.All(trend.Points, p => Assert.Equal((0, 0.0, 0, 0), (p.CheckIns, p.VolunteerHours, p.Activities, p.PreviousCheckIns)));
        Assert.Equal(0, elsewhere.CheckIns + elsewhere.PreviousCheckIns + elsewhere.Activities);
    }

    [Fact]
    public async Task Trend_ForOneStation_CountsThatStationOnly()
    {
        await SeedHistoryAsync();

        var trend = await Analytics.GetTrendAsync(Period with { StationId = SecondOpenStationId }, TrendGrain.Day);

        Assert.Equal([0, 1, 1], trend.Points.Select(p => p.CheckIns));
        Assert.Equal(3.5, trend.VolunteerHours);
        Assert.Equal(5, trend.PreviousAttendance);
    }

    [Fact]
    public async Task HeatMap_PlacesCheckInsOnTheCityWeekdayAndHour()
    {
        await SeedHistoryAsync();

        var checkIns = await Analytics.GetHeatMapAsync(Period, HeatMapMeasure.CheckIns);
        var headCount = await Analytics.GetHeatMapAsync(Period, HeatMapMeasure.HeadCount);

        Assert.Equal(1, checkIns.At(DayOfWeek.Thursday, 23));
        Assert.Equal(1, checkIns.At(DayOfWeek.Friday, 0));
        Assert.Equal(1, checkIns.At(DayOfWeek.Friday, 9));
        Assert.Equal(1, checkIns.At(DayOfWeek.Saturday, 10));
        Assert.Equal(4, checkIns.Values.Sum(day => day.Sum()));
        // Two head-counts recorded between 09:00 and 10:00 on Friday: 4 and 6.
        Assert.Equal(5, headCount.At(DayOfWeek.Friday, 9));
        Assert.Equal(5, headCount.Values.Sum(day => day.Sum()));
    }

    [Fact]
    public async Task Rankings_RankStationsVolunteersTeamsAndDistricts()
    {
        await SeedHistoryAsync();

        var rankings = await Analytics.GetRankingsAsync(Period);

        Assert.Equal([(OpenStationId, 2, 5.0, 1, 20), (SecondOpenStationId, 2, 3.5, 0, 0)],
            rankings.Stations.Select(s => (s.StationId, s.CheckIns, s.VolunteerHours, s.Activities, s.Attendance)));
        Assert.Equal([(VolunteerA, 2, 4.0, 2), (VolunteerB, 1, 3.0, 1), (VolunteerC, 1, 1.5, 1)],
            rankings.Volunteers.Select(v => (v.VolunteerId, v.Sessions, v.Hours, v.Stations)));
        var district = Assert.Single(rankings.Districts);
        Assert.Equal((DistrictId, 4, 8.5, 1, 20), (district.DistrictId, district.CheckIns, district.VolunteerHours, district.Activities, district.Attendance));
        Assert.Empty(rankings.Teams);
    }

    [Fact]
    public async Task Targets_CountRedStationsOpenAgainstPlanned_AndVolunteersWhoServed()
    {
        await SeedHistoryAsync();

        var targets = await Analytics.GetTargetsAsync(Period);
        var none = await Analytics.GetTargetsAsync(new AnalyticsFilter(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 1)));

        var row = Assert.Single(targets.Districts);
        Assert.Equal((2, 3, 3, VolunteerCount), (row.OpenStations, row.PlannedStations, row.ServedVolunteers, row.RegisteredVolunteers));
        Assert.Equal(0, none.ServedVolunteers);
    }

    [Fact]
    public async Task Wishes_FunnelAndAgeing_ByCategoryAndDistrict()
    {
        await SeedHistoryAsync();

        var wishes = await Analytics.GetWishesAsync(Period);
        var wider = await Analytics.GetWishesAsync(Period with { From = new DateOnly(2026, 11, 20) });

        Assert.Equal((2, 1, 1, 0, 0, 2.0, 6.0), (wishes.Total.Posted, wishes.Total.Claimed, wishes.Total.Fulfilled, wishes.Total.Cancelled,
            wishes.Total.Overdue, wishes.Total.AverageHoursToClaim, wishes.Total.AverageHoursToFulfil));
        Assert.Equal(1, wishes.ByCategory.Single(c => c.Key == nameof(WishCategory.ElderlyHelp)).Posted);
        Assert.Null(wishes.ByCategory.Single(c => c.Key == nameof(WishCategory.ElderlyHelp)).AverageHoursToClaim);
        Assert.Equal(2, Assert.Single(wishes.ByDistrict).Posted);
        // The wish posted on the 20th (city) still waits eight days later: overdue.
        Assert.Equal((3, 1), (wider.Total.Posted, wider.Total.Overdue));
    }

    [Fact]
    public async Task Mediation_ByCategoryAndOutcome_WithTimeToClose()
    {
        await SeedHistoryAsync();

        var mediation = await Analytics.GetMediationAsync(Period);

        Assert.Equal((2, 1, 1, 0, 1.5), (mediation.Total.Cases, mediation.Total.Open, mediation.Total.Resolved, mediation.Total.Referred,
            mediation.Total.AverageDaysToClose));
        Assert.Equal(1, mediation.ByCategory.Single(c => c.Key == nameof(MediationCategory.PublicSecurity)).Open);
        Assert.Equal(2, Assert.Single(mediation.ByDistrict).Cases);
    }

    [Fact]
    public async Task StationHistory_ListsItsVolunteersActivitiesWishesAndCases()
    {
        await SeedHistoryAsync();

        var history = (await Analytics.GetStationHistoryAsync(OpenStationId, Period))!;

        Assert.Equal([(VolunteerB, 3.0), (VolunteerA, 2.0)], history.Volunteers.Select(v => (v.VolunteerId, v.Hours)));
        Assert.Equal(20, Assert.Single(history.Activities).Attendance);
        Assert.Equal(2, history.Wishes.Count);
        Assert.Empty(history.MediationCases);
        Assert.Null(await Analytics.GetStationHistoryAsync(UnknownId, Period));
    }

    [Fact]
    public async Task VolunteerHistory_SumsHoursPerStation_AndShowsOnlyThePhonesLastFourDigits()
    {
        await SeedHistoryAsync();

        var history = (await Analytics.GetVolunteerHistoryAsync(VolunteerA, Period))!;

        Assert.Equal((2, 4.0, 1), (history.Sessions, history.Hours, history.WishesFulfilled));
        Assert.Equal([(OpenStationId, 2.0), (SecondOpenStationId, 2.0)], history.Stations.OrderBy(s => s.StationId).Select(s => (s.StationId, s.Hours)));
        Assert.Equal("0001", history.Volunteer.PhoneTail);
        Assert.Null(await Analytics.GetVolunteerHistoryAsync(UnknownId, Period));
    }

    [Fact]
    public void Filter_PutsAReversedOrOverlongRangeRight()
    {
        var reversed = new AnalyticsFilter(new DateOnly(2026, 11, 28), new DateOnly(2026, 11, 26)).Normalized();
        var overlong = new AnalyticsFilter(new DateOnly(2000, 1, 1), new DateOnly(2026, 11, 28)).Normalized();

        Assert.Equal((new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 28)), (reversed.From, reversed.To));
        Assert.Equal(AnalyticsFilter.MaxDays, overlong.Days);
        Assert.Equal((new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 25)), (Period.Previous.From, Period.Previous.To));
    }
}

public sealed class AnalyticsServiceTests_PostgreSQL : AnalyticsServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
