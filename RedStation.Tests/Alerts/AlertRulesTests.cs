using Microsoft.Extensions.Options;
using RedStation.Data;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Time;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Alerts;

/// <summary>
/// The rules against a fixed clock in the city's time zone (Asia/Shanghai, UTC+8): a station open 08:00–21:00 city time
/// is open 00:00–13:00 UTC, so the edges below are written in city time and checked in UTC.
/// </summary>
public sealed class AlertRulesTests
{
    private static readonly DateOnly Day = new(2026, 11, 28);
    private static readonly TimeOnly Opens = new(8, 0);
    private static readonly TimeOnly Closes = new(21, 0);

    private readonly Dictionary<AlertRule, AlertRuleSetting> _settings = AlertRuleDefaults.All.ToDictionary(s => s.Rule);

    [Theory]
    [InlineData(100, 9, false)]
    [InlineData(100, 10, true)]
    [InlineData(100, 14, true)]
    [InlineData(80, 7, false)]
    [InlineData(80, 8, true)]
    [InlineData(85, 9, true)] // 85 % of 10 is 8.5: full from 9 people, rounded up
    [InlineData(85, 8, false)]
    public void OverCapacity_HoldsFromTheThresholdsShareOfCapacity(int percent, int occupancy, bool holds)
    {
        _settings[AlertRule.OverCapacity].Threshold = percent;
        var station = Station(occupancy: occupancy, onDuty: 1, lastEvent: At(12, 0));

        var conditions = Evaluate(At(12, 0), station);

        Assert.Equal(holds, conditions.Any(c => c.Rule == AlertRule.OverCapacity));
        if (holds)
        {
            var condition = Assert.Single(conditions, c => c.Rule == AlertRule.OverCapacity);
            Assert.Equal(occupancy, condition.Value);
            Assert.Equal((int)Math.Ceiling(10 * percent / 100.0), condition.Limit);
        }
    }

    [Theory]
    [InlineData(7, 59, false)]  // before opening: nobody is expected yet
    [InlineData(8, 29, false)]  // within the 30 minutes' grace
    [InlineData(8, 30, true)]   // grace over
    [InlineData(20, 59, true)]  // the last minute of opening hours
    [InlineData(21, 0, false)]  // closed
    [InlineData(23, 30, false)]
    public void NobodyOnDuty_HoldsWithinOpeningHoursInCityTime_AfterTheGrace(int hour, int minute, bool holds)
    {
        var station = Station(occupancy: 0, onDuty: 0, lastEvent: At(hour, minute));

        var conditions = Evaluate(At(hour, minute), station);

        Assert.Equal(holds, conditions.Any(c => c.Rule == AlertRule.NobodyOnDuty));
    }

    [Fact]
    public void NobodyOnDuty_DoesNotHold_WhileSomeoneIsOnDuty()
    {
        var conditions = Evaluate(At(10, 0), Station(occupancy: 0, onDuty: 1, lastEvent: At(10, 0)));

        Assert.DoesNotContain(conditions, c => c.Rule == AlertRule.NobodyOnDuty);
    }

    [Fact]
    public void StationQuiet_CountsFromTodaysOpening_NotFromLastNightsEvent()
    {
        // The last event was yesterday evening; at 11:59 the station has been quiet for 3 h 59 min of opening hours.
        var yesterday = At(20, 0).AddDays(-1);

        Assert.DoesNotContain(Evaluate(At(11, 59), Station(0, 1, yesterday)), c => c.Rule == AlertRule.StationQuiet);
        var quiet = Assert.Single(Evaluate(At(12, 0), Station(0, 1, yesterday)), c => c.Rule == AlertRule.StationQuiet);
        Assert.Equal(4, quiet.Value);
        Assert.Equal(4, quiet.Limit);
    }

    [Fact]
    public void StationQuiet_CountsFromTheLastEventOfToday()
    {
        Assert.DoesNotContain(Evaluate(At(14, 59), Station(0, 1, At(11, 0))), c => c.Rule == AlertRule.StationQuiet);
        Assert.Contains(Evaluate(At(15, 0), Station(0, 1, At(11, 0))), c => c.Rule == AlertRule.StationQuiet);
        // After closing nobody expects events.
        Assert.DoesNotContain(Evaluate(At(21, 30), Station(0, 1, At(11, 0))), c => c.Rule == AlertRule.StationQuiet);
    }

    [Fact]
    public void PlannedAndClosedStations_RaiseNothing()
    {
        var planned = Station(occupancy: 50, onDuty: 0, lastEvent: null) with { Status = StationStatus.Planned };
        var closed = Station(occupancy: 50, onDuty: 0, lastEvent: null) with { StationId = 2, Status = StationStatus.Closed };

        Assert.Empty(Evaluate(At(12, 0), planned, closed));
    }

    [Fact]
    public void ADisabledRule_NeverHolds()
    {
        foreach (var setting in _settings.Values)
        {
            setting.Enabled = false;
        }

        var waiting = new[] { new WaitingItem(AlertRule.WishUnclaimed, 7, 1, At(12, 0).AddDays(-30)) };
        Assert.Empty(Evaluate(At(12, 0), waiting, Station(occupancy: 50, onDuty: 0, lastEvent: null)));
    }

    [Theory]
    [InlineData(AlertRule.WishUnclaimed, 3)]
    [InlineData(AlertRule.WishUnfulfilled, 7)]
    [InlineData(AlertRule.MediationOverdue, 14)]
    public void WaitingItems_HoldOnceTheyHaveWaitedTheThresholdsDays(AlertRule rule, int days)
    {
        var now = At(12, 0);
        var justUnder = new WaitingItem(rule, 1, 1, now.AddDays(-days).AddMinutes(1));
        var exactly = new WaitingItem(rule, 2, 1, now.AddDays(-days));

        var conditions = Evaluate(now, [justUnder, exactly], Station(0, 1, now));

        var condition = Assert.Single(conditions);
        Assert.Equal((rule, 1, 2L, days, days), (condition.Rule, condition.StationId, condition.SubjectId, condition.Value, condition.Limit));
        Assert.Equal(7, condition.DistrictId);
    }

    [Theory]
    [InlineData(AlertRule.WishUnclaimed, 3)]
    [InlineData(AlertRule.WishUnfulfilled, 7)]
    [InlineData(AlertRule.MediationOverdue, 14)]
    public void AWaitingItemsCondition_BeganWhenItPassedItsLimit_NotWhenItWasSeen(AlertRule rule, int days)
    {
        var now = At(12, 0);
        var posted = At(9, 30).AddDays(-20);

        var condition = Assert.Single(Evaluate(now, [new WaitingItem(rule, 5, 1, posted)], Station(0, 1, now)));

        Assert.Equal(posted.AddDays(days), condition.Since);
        Assert.Equal(20, condition.Value);
    }

    [Fact]
    public void NobodyOnDuty_BeganAtTodaysOpeningPlusTheGrace()
    {
        var condition = Assert.Single(Evaluate(At(15, 0), Station(0, 0, At(14, 0))), c => c.Rule == AlertRule.NobodyOnDuty);

        Assert.Equal(At(8, 30), condition.Since);
        Assert.Equal(7 * 60, condition.Value);
    }

    [Fact]
    public void NobodyOnDuty_AfterTodaysLastCheckOut_BeganAtTheCheckOutPlusTheGrace()
    {
        var station = Station(0, 0, At(13, 10)) with { LastCheckOutAt = At(13, 10) };

        // A shift change shorter than the grace is no alert.
        Assert.DoesNotContain(Evaluate(At(13, 39), station), c => c.Rule == AlertRule.NobodyOnDuty);
        var condition = Assert.Single(Evaluate(At(14, 0), station), c => c.Rule == AlertRule.NobodyOnDuty);
        Assert.Equal(At(13, 40), condition.Since);
        Assert.Equal(50, condition.Value);
    }

    [Fact]
    public void NobodyOnDuty_ACheckOutLastNight_CountsFromTodaysOpening()
    {
        var station = Station(0, 0, At(20, 0).AddDays(-1)) with { LastCheckOutAt = At(20, 0).AddDays(-1) };

        var condition = Assert.Single(Evaluate(At(9, 0), station), c => c.Rule == AlertRule.NobodyOnDuty);

        Assert.Equal(At(8, 30), condition.Since);
    }

    [Fact]
    public void StationQuiet_BeganAtTheLastEventPlusTheThreshold_OrTheOpeningPlusIt()
    {
        var afterEvent = Assert.Single(Evaluate(At(17, 0), Station(0, 1, At(11, 20))), c => c.Rule == AlertRule.StationQuiet);
        var sinceOpening = Assert.Single(Evaluate(At(17, 0), Station(0, 1, At(20, 0).AddDays(-1))), c => c.Rule == AlertRule.StationQuiet);

        Assert.Equal(At(15, 20), afterEvent.Since);
        Assert.Equal(At(12, 0), sinceOpening.Since);
    }

    [Fact]
    public void OverCapacity_BeganAtTheStationsLastEvent_TheLatestTheHeadCountCanHaveReachedFull()
    {
        var condition = Assert.Single(Evaluate(At(12, 0), Station(12, 1, At(11, 42))), c => c.Rule == AlertRule.OverCapacity);

        Assert.Equal(At(11, 42), condition.Since);
    }

    [Theory]
    [InlineData(AlertRule.WishUnclaimed, 3, 3, 12 * 24 * 60, 15)] // limit passed 12 days ago: the wish has waited 15 days
    [InlineData(AlertRule.NobodyOnDuty, 30, 30, 90, 120)]           // grace over 90 minutes ago: nobody for 120 minutes
    [InlineData(AlertRule.StationQuiet, 4, 4, 150, 6)]              // 2½ hours after the quiet limit: quiet for 6 hours
    [InlineData(AlertRule.OverCapacity, 14, 10, 600, 14)]           // a head-count stays the one measured
    public void CurrentValue_GrowsFromTheRealStart(AlertRule rule, int value, int limit, int minutesSinceStart, int expected)
    {
        var now = At(18, 0);

        Assert.Equal(expected, AlertRules.CurrentValue(rule, value, limit, now.AddMinutes(-minutesSinceStart), now));
    }

    private IReadOnlyList<AlertCondition> Evaluate(DateTime utcNow, params StationLive[] stations) => Evaluate(utcNow, [], stations);

    private IReadOnlyList<AlertCondition> Evaluate(DateTime utcNow, WaitingItem[] waiting, params StationLive[] stations)
    {
        var clock = new CityClock(new ManualTimeProvider(new DateTimeOffset(utcNow)), Options.Create(new RedStationOptions()));
        return AlertRules.Evaluate(stations, waiting, _settings, clock);
    }

    /// <summary>A UTC instant given in city time on <see cref="Day"/>.</summary>
    private static DateTime At(int hour, int minute) => Day.ToDateTime(new TimeOnly(hour, minute), DateTimeKind.Utc).AddHours(-8);

    private static StationLive Station(int occupancy, int onDuty, DateTime? lastEvent) => new(
        1, 7, "ND-T-001", "测试驿站", StationKind.ResidentialCompound, StationStatus.Open, 10, Opens, Closes, occupancy,
        Enumerable.Range(1, onDuty).Select(i => new OnDutyVolunteer(i, $"志愿者{i}", At(8, 0))).ToList(),
        0, 0, 0, lastEvent, new TodayCounts(0, 0, 0, 0, 0, 0, 0, 0, 0));
}
