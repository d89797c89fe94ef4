using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Domain;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Alerts;

/// <summary>
/// Alerts opened and closed by the rules on a real database, against the test clock (noon, city time). Someone is on duty at
/// both open stations, so that only the rule under test holds.
/// </summary>
public class AlertServiceTests : DomainTestBase, IAsyncLifetime
{
    private readonly ConcurrentQueue<LiveEvent> _events = new();
    private IDisposable? _subscription;

    private AlertService Alerts => Service<AlertService>();

    private LiveFeed Feed => Service<LiveFeed>();

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerA));
        AssertSucceeded(await Service<DutyService>().CheckInAsync(SecondOpenStationId, VolunteerB));
        await Feed.RebuildAsync(Service<DomainWriter>());
        _subscription = Feed.Subscribe(events => { foreach (var e in events) _events.Enqueue(e); });
    }

    [Fact]
    public async Task OverCapacity_OpensOnlyAfterHoldingForItsMinimum_AndClosesByItselfWhenTheCountDrops()
    {
        AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, OpenStationCapacity));

        Assert.Equal(AlertEvaluation.Nothing, await Alerts.EvaluateAsync());
        Database.Time.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(AlertEvaluation.Nothing, await Alerts.EvaluateAsync());
        Database.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new AlertEvaluation(1, 0), await Alerts.EvaluateAsync());

        await using (var db = await Database.CreateContextAsync())
        {
            var alert = await db.Alerts.SingleAsync();
            Assert.Equal((AlertRule.OverCapacity, OpenStationId, 0L, OpenStationCapacity, OpenStationCapacity), (alert.Rule, alert.StationId, alert.SubjectId, alert.Value, alert.Limit));
            Assert.Equal(Database.Time.GetUtcNow().UtcDateTime, alert.OpenedAt);
            Assert.Equal(alert.OpenedAt.AddSeconds(-120), alert.HoldingSince);
            var raised = Assert.Single(_events.OfType<AlertRaised>());
            Assert.Equal((alert.Id, OpenStationId, DistrictId), (raised.AlertId, raised.StationId, raised.DistrictId));
            Assert.Equal(alert.Id, Assert.Single(Feed.Snapshot(LiveScope.Station(OpenStationId)).Alerts).AlertId);
            Assert.Empty(Feed.Snapshot(LiveScope.Station(SecondOpenStationId)).Alerts);
        }

        // Holding on: nothing new.
        Database.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(AlertEvaluation.Nothing, await Alerts.EvaluateAsync());

        AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, OpenStationCapacity - 1));
        Assert.Equal(new AlertEvaluation(0, 1), await Alerts.EvaluateAsync());

        await using (var db = await Database.CreateContextAsync())
        {
            var alert = await db.Alerts.SingleAsync();
            Assert.Equal(Database.Time.GetUtcNow().UtcDateTime, alert.ClosedAt);
        }

        Assert.Equal(Assert.Single(_events.OfType<AlertRaised>()).AlertId, Assert.Single(_events.OfType<AlertCleared>()).AlertId);
        Assert.Empty(Feed.Snapshot(LiveScope.All).Alerts);
    }

    [Fact]
    public async Task AFlappingCondition_StaysQuiet_TheHoldStartsAgainEachTimeItReturns()
    {
        var occupancy = Service<OccupancyService>();
        for (var i = 0; i < 3; i++)
        {
            AssertSucceeded(await occupancy.SetAsync(OpenStationId, OpenStationCapacity));
            Assert.Equal(AlertEvaluation.Nothing, await Alerts.EvaluateAsync());
            Database.Time.Advance(TimeSpan.FromSeconds(100));
            Assert.Equal(AlertEvaluation.Nothing, await Alerts.EvaluateAsync());
            AssertSucceeded(await occupancy.SetAsync(OpenStationId, 2));
            Assert.Equal(AlertEvaluation.Nothing, await Alerts.EvaluateAsync());
            Database.Time.Advance(TimeSpan.FromSeconds(30));
        }

        await using var db = await Database.CreateContextAsync();
        Assert.Empty(await db.Alerts.ToListAsync());
    }

    [Fact]
    public async Task NobodyOnDuty_OpensTheGraceAfterTheLastVolunteerLeaves_WithThatStart_AndClosesWhenSomeoneChecksIn()
    {
        await SetRuleAsync(AlertRule.NobodyOnDuty, threshold: 30, holdSeconds: 0);
        AssertSucceeded(await Service<DutyService>().CheckOutAsync(OpenStationId, VolunteerA));
        var leftAt = Database.Time.GetUtcNow().UtcDateTime;

        // The station opened hours ago, but nobody has been on duty only since the check-out.
        Assert.Equal(AlertEvaluation.Nothing, await Alerts.EvaluateAsync());
        Database.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(new AlertEvaluation(1, 0), await Alerts.EvaluateAsync());
        var alert = Assert.Single(Feed.Snapshot(LiveScope.All).Alerts);
        Assert.Equal((AlertRule.NobodyOnDuty, OpenStationId, 30, 30), (alert.Rule, alert.StationId, alert.Value, alert.Limit));
        Assert.Equal(leftAt.AddMinutes(30), alert.HoldingSince);

        AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerC));
        Assert.Equal(new AlertEvaluation(0, 1), await Alerts.EvaluateAsync());
    }

    [Fact]
    public async Task AWishFirstSeenLongAfterItsLimit_OpensWithTheInstantItPassedTheLimit_NotTheMomentItWasSeen()
    {
        var wish = AssertSucceeded(await Service<WishService>().PostAsync(new PostWishRequest(OpenStationId, WishCategory.HomeCleaning, "修理晾衣架", "陈阿婆")));
        var postedAt = Database.Time.GetUtcNow().UtcDateTime;
        Database.Time.Advance(TimeSpan.FromDays(12));
        AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerC)); // keeps the station from going quiet

        await Alerts.EvaluateAsync();

        var alert = Assert.Single(Feed.Snapshot(LiveScope.All).Alerts, a => a.Rule == AlertRule.WishUnclaimed);
        Assert.Equal((wish.Id, postedAt.AddDays(3), 12), (alert.SubjectId, alert.HoldingSince, alert.Value));
        var group = Assert.Single(AlertGroups.Of(Feed.Alerts(LiveScope.All)), g => g.Rule == AlertRule.WishUnclaimed);
        Database.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(14, group.ValueAt(Database.Time.GetUtcNow().UtcDateTime));
    }

    [Fact]
    public async Task AWishLeftUnclaimed_OpensItsOwnAlert_WhichClosesWhenClaimed_ThenTheUnfulfilledRuleTakesOver()
    {
        var wishes = Service<WishService>();
        var wish = AssertSucceeded(await wishes.PostAsync(new PostWishRequest(OpenStationId, WishCategory.HomeCleaning, "清理楼前杂物", "林阿伯")));
        Database.Time.Advance(TimeSpan.FromDays(3).Subtract(TimeSpan.FromSeconds(1)));
        AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerC)); // keeps the station from going quiet
        Assert.DoesNotContain(Feed.Snapshot(LiveScope.All).Alerts, a => a.Rule == AlertRule.WishUnclaimed);
        await Alerts.EvaluateAsync();
        Assert.DoesNotContain(Feed.Snapshot(LiveScope.All).Alerts, a => a.Rule == AlertRule.WishUnclaimed);

        Database.Time.Advance(TimeSpan.FromSeconds(1));
        await Alerts.EvaluateAsync();
        var unclaimed = Assert.Single(Feed.Snapshot(LiveScope.All).Alerts, a => a.Rule == AlertRule.WishUnclaimed);
        Assert.Equal((wish.Id, 3, 3), (unclaimed.SubjectId, unclaimed.Value, unclaimed.Limit));

        AssertSucceeded(await wishes.ClaimAsync(wish.Id, VolunteerC));
        await Alerts.EvaluateAsync();
        Assert.DoesNotContain(Feed.Snapshot(LiveScope.All).Alerts, a => a.Rule is AlertRule.WishUnclaimed or AlertRule.WishUnfulfilled);

        Database.Time.Advance(TimeSpan.FromDays(4));
        AssertSucceeded(await Service<DutyService>().CheckOutAsync(OpenStationId, VolunteerC));
        await Alerts.EvaluateAsync();
        var unfulfilled = Assert.Single(Feed.Snapshot(LiveScope.All).Alerts, a => a.Rule == AlertRule.WishUnfulfilled);
        Assert.Equal(wish.Id, unfulfilled.SubjectId);
    }

    [Fact]
    public async Task SwitchingARuleOff_ClosesItsOpenAlerts()
    {
        var alert = await OpenOverCapacityAlertAsync();

        await SetRuleAsync(AlertRule.OverCapacity, threshold: 100, holdSeconds: 0, enabled: false);
        Assert.Equal(new AlertEvaluation(0, 1), await Alerts.EvaluateAsync());

        await using var db = await Database.CreateContextAsync();
        Assert.NotNull((await db.Alerts.SingleAsync(a => a.Id == alert.AlertId)).ClosedAt);
    }

    [Fact]
    public async Task Acknowledge_RecordsWhoAndWhen_OnceOnly()
    {
        var alert = await OpenOverCapacityAlertAsync();

        using (ActorContext.Begin(new Actor(ActorKind.Person, "u1", "值班员小林")))
        {
            var acknowledged = AssertSucceeded(await Alerts.AcknowledgeAsync(alert.AlertId));
            Assert.Equal("值班员小林", acknowledged.AcknowledgedBy);
        }

        var live = Assert.Single(Feed.Snapshot(LiveScope.All).Alerts);
        Assert.Equal(("值班员小林", Database.Time.GetUtcNow().UtcDateTime), (live.AcknowledgedBy, live.AcknowledgedAt));
        Assert.Single(_events.OfType<AlertAcknowledged>());

        await AssertRejectedAsync(() => Alerts.AcknowledgeAsync(alert.AlertId), ErrorCodes.AlertAlreadyAcknowledged, ErrorKind.Conflict);
        await AssertRejectedAsync(() => Alerts.AcknowledgeAsync(UnknownId), ErrorCodes.AlertNotFound, ErrorKind.NotFound);
    }

    [Fact]
    public async Task AcknowledgeGroup_AcknowledgesEveryOpenAlertOfTheGroupInOneWrite_AndALaterWishMakesItUnacknowledgedAgain()
    {
        var wishes = Service<WishService>();
        AssertSucceeded(await wishes.PostAsync(new PostWishRequest(OpenStationId, WishCategory.HomeCleaning, "清理楼道", "林阿伯")));
        AssertSucceeded(await wishes.PostAsync(new PostWishRequest(OpenStationId, WishCategory.HomeCleaning, "更换灯泡", "王阿姨")));
        Database.Time.Advance(TimeSpan.FromDays(4));
        AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerC));
        await Alerts.EvaluateAsync();
        var groupId = AlertGroups.IdOf(AlertRule.WishUnclaimed, OpenStationId);
        Assert.Equal(2, Assert.Single(Feed.OpenGroups(LiveScope.All), g => g.Id == groupId).Count);

        AlertGroup acknowledged;
        using (ActorContext.Begin(new Actor(ActorKind.Person, "u1", "组织员小陈")))
        {
            acknowledged = AssertSucceeded(await Alerts.AcknowledgeGroupAsync(groupId));
        }

        Assert.True(acknowledged.IsAcknowledged);
        Assert.Equal((2, "组织员小陈"), (acknowledged.Count, acknowledged.AcknowledgedBy));
        Assert.Equal(2, _events.OfType<AlertAcknowledged>().Count());
        Assert.True(Assert.Single(Feed.OpenGroups(LiveScope.All), g => g.Id == groupId).IsAcknowledged);
        await AssertRejectedAsync(() => Alerts.AcknowledgeGroupAsync(groupId), ErrorCodes.AlertAlreadyAcknowledged, ErrorKind.Conflict);

        // A third wish passing its limit joins the group, which asks for attention again.
        AssertSucceeded(await wishes.PostAsync(new PostWishRequest(OpenStationId, WishCategory.HomeCleaning, "代买药品", "陈阿婆")));
        Database.Time.Advance(TimeSpan.FromDays(3));
        await Alerts.EvaluateAsync();
        var group = Assert.Single(Feed.OpenGroups(LiveScope.All), g => g.Id == groupId);
        Assert.Equal(3, group.Count);
        Assert.False(group.IsAcknowledged);
    }

    [Fact]
    public async Task AcknowledgeGroup_OfAGroupWithNoOpenAlert_IsNotFound()
    {
        await AssertRejectedAsync(() => Alerts.AcknowledgeGroupAsync(AlertGroups.IdOf(AlertRule.OverCapacity, OpenStationId)), ErrorCodes.AlertGroupNotFound, ErrorKind.NotFound);
        await AssertRejectedAsync(() => Alerts.AcknowledgeGroupAsync("no-such-rule-3"), ErrorCodes.AlertGroupNotFound, ErrorKind.NotFound);
    }

    [Fact]
    public async Task ASnoozedGroup_IsLeftOutOfTheOpenGroups_UntilTheSnoozeEndsByTheCityClock()
    {
        var alert = await OpenOverCapacityAlertAsync();
        var groupId = AlertGroups.IdOf(alert.Rule, alert.StationId);
        var until = Database.Time.GetUtcNow().UtcDateTime.AddHours(1);

        AlertSilence silence;
        using (ActorContext.Begin(new Actor(ActorKind.Person, "u1", "组织员小陈")))
        {
            silence = AssertSucceeded(await Alerts.SilenceAsync(groupId, until, "  已电话联系站长，正在疏导  "));
        }

        Assert.Equal(("已电话联系站长，正在疏导", "组织员小陈", until), (silence.Reason, silence.CreatedBy, silence.Until));
        Assert.DoesNotContain(Feed.OpenGroups(LiveScope.All), g => g.Id == groupId);
        var live = Assert.Single(Feed.Silences(LiveScope.All));
        Assert.Equal((silence.Id, alert.Rule, OpenStationId, DistrictId), (live.SilenceId, live.Rule, live.StationId, live.DistrictId));
        // The alert itself stays open: the silence only hides it.
        Assert.Single(Feed.Alerts(LiveScope.All));

        // Another server, building its state from the database, agrees.
        await Feed.RebuildAsync(Service<DomainWriter>());
        Assert.DoesNotContain(Feed.OpenGroups(LiveScope.All), g => g.Id == groupId);

        Database.Time.Advance(TimeSpan.FromHours(1));
        Assert.Contains(Feed.OpenGroups(LiveScope.All), g => g.Id == groupId);
        Assert.Empty(Feed.Silences(LiveScope.All));
    }

    [Fact]
    public async Task AMutedGroup_StaysSilentUntilLifted_AndTheLiftIsTheUndo()
    {
        var alert = await OpenOverCapacityAlertAsync();
        var groupId = AlertGroups.IdOf(alert.Rule, alert.StationId);
        var muted = AssertSucceeded(await Alerts.SilenceAsync(groupId, null, "驿站装修，暂停开放"));

        Database.Time.Advance(TimeSpan.FromDays(60));
        Assert.DoesNotContain(Feed.OpenGroups(LiveScope.All), g => g.Id == groupId);

        AssertSucceeded(await Alerts.LiftSilenceAsync(muted.Id));
        Assert.Contains(Feed.OpenGroups(LiveScope.All), g => g.Id == groupId);
        Assert.Equal(2, _events.OfType<AlertSilenceChanged>().Count());
        await AssertRejectedAsync(() => Alerts.LiftSilenceAsync(muted.Id), ErrorCodes.AlertSilenceNotFound, ErrorKind.NotFound);

        await Feed.RebuildAsync(Service<DomainWriter>());
        Assert.Contains(Feed.OpenGroups(LiveScope.All), g => g.Id == groupId);
    }

    [Fact]
    public async Task ANewSilence_ReplacesTheOneInForce()
    {
        var groupId = AlertGroups.IdOf(AlertRule.NobodyOnDuty, OpenStationId);
        var first = AssertSucceeded(await Alerts.SilenceAsync(groupId, null, "第一次"));
        var second = AssertSucceeded(await Alerts.SilenceAsync(groupId, Database.Time.GetUtcNow().UtcDateTime.AddHours(4), "第二次"));

        Assert.Equal(second.Id, Assert.Single(Feed.Silences(LiveScope.All)).SilenceId);
        await using var db = await Database.CreateContextAsync();
        Assert.NotNull((await db.AlertSilences.SingleAsync(s => s.Id == first.Id)).LiftedAt);
        await Feed.RebuildAsync(Service<DomainWriter>());
        Assert.Equal(second.Id, Assert.Single(Feed.Silences(LiveScope.All)).SilenceId);
    }

    [Theory]
    [InlineData("", 1, ErrorCodes.TextRequired)]
    [InlineData("   ", 1, ErrorCodes.TextRequired)]
    [InlineData("x", -1, ErrorCodes.AlertSnoozeOutOfRange)]
    [InlineData("x", 31 * 24, ErrorCodes.AlertSnoozeOutOfRange)]
    public async Task Silence_WithoutAReasonOrOutsideTheSnoozeRange_IsRejected(string reason, int hours, string code)
    {
        var until = Database.Time.GetUtcNow().UtcDateTime.AddHours(hours);

        await AssertRejectedAsync(() => Alerts.SilenceAsync(AlertGroups.IdOf(AlertRule.StationQuiet, OpenStationId), until, reason), code, ErrorKind.Validation);
    }

    [Fact]
    public async Task Silence_WithAReasonTooLong_IsRejected()
    {
        await AssertRejectedAsync(
            () => Alerts.SilenceAsync(AlertGroups.IdOf(AlertRule.StationQuiet, OpenStationId), null, new string('因', AlertSilence.ReasonMaxLength + 1)),
            ErrorCodes.TextTooLong, ErrorKind.Validation);
    }

    [Theory]
    [InlineData(AlertRule.OverCapacity, 49, 0, ErrorCodes.AlertThresholdOutOfRange)]
    [InlineData(AlertRule.OverCapacity, 301, 0, ErrorCodes.AlertThresholdOutOfRange)]
    [InlineData(AlertRule.StationQuiet, 0, 0, ErrorCodes.AlertThresholdOutOfRange)]
    [InlineData(AlertRule.WishUnclaimed, 91, 0, ErrorCodes.AlertThresholdOutOfRange)]
    [InlineData(AlertRule.NobodyOnDuty, 30, -1, ErrorCodes.AlertHoldOutOfRange)]
    [InlineData(AlertRule.NobodyOnDuty, 30, 86_401, ErrorCodes.AlertHoldOutOfRange)]
    [InlineData((AlertRule)42, 30, 0, ErrorCodes.AlertRuleUnknown)]
    public async Task UpdateRule_OutOfRange_IsRejected_AndNothingIsWritten(AlertRule rule, int threshold, int holdSeconds, string code)
    {
        var error = await AssertRejectedAsync(() => Alerts.UpdateRuleAsync(rule, true, threshold, holdSeconds), code, ErrorKind.Validation);

        Assert.DoesNotContain("{", error.Message);
    }

    [Fact]
    public async Task TheLiveStateRebuiltFromTheDatabase_HoldsTheSameOpenAlerts()
    {
        var alert = await OpenOverCapacityAlertAsync();
        using (ActorContext.Begin(new Actor(ActorKind.Person, "u1", "组织员")))
        {
            AssertSucceeded(await Alerts.AcknowledgeAsync(alert.AlertId));
        }

        var before = Feed.Snapshot(LiveScope.All).Alerts;
        await Feed.RebuildAsync(Service<DomainWriter>());

        Assert.Equal(before, Feed.Snapshot(LiveScope.All).Alerts);
        Assert.Equal(before, Feed.Snapshot(LiveScope.District(DistrictId)).Alerts);
    }

    [Fact]
    public async Task ServersEvaluatingSideBySide_OpenOneAlert()
    {
        AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, OpenStationCapacity));
        await SetRuleAsync(AlertRule.OverCapacity, threshold: 100, holdSeconds: 0);
        // A second evaluator over the same database and writer, as a second server would be (its own damping memory).
        var other = new AlertService(Service<DomainWriter>(), Feed, Service<IDbContextFactory<Data.RedStationDbContext>>());

        var results = await Task.WhenAll(Alerts.EvaluateAsync(), other.EvaluateAsync(), Alerts.EvaluateAsync(), other.EvaluateAsync());

        Assert.Equal(1, results.Sum(r => r.Opened));
        await using var db = await Database.CreateContextAsync();
        Assert.Single(await db.Alerts.ToListAsync());
        Assert.Single(_events.OfType<AlertRaised>());
    }

    private async Task<AlertLive> OpenOverCapacityAlertAsync()
    {
        await SetRuleAsync(AlertRule.OverCapacity, threshold: 100, holdSeconds: 0);
        AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, OpenStationCapacity + 2));
        Assert.Equal(new AlertEvaluation(1, 0), await Alerts.EvaluateAsync());
        return Assert.Single(Feed.Snapshot(LiveScope.All).Alerts);
    }

    private async Task SetRuleAsync(AlertRule rule, int threshold, int holdSeconds, bool enabled = true) =>
        AssertSucceeded(await Alerts.UpdateRuleAsync(rule, enabled, threshold, holdSeconds));

    public new async Task DisposeAsync()
    {
        _subscription?.Dispose();
        await base.DisposeAsync();
    }
}

public sealed class AlertServiceTests_PostgreSQL : AlertServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
