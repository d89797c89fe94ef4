using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Tests.Alerts;

public sealed class AlertGroupsTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 2, 0, 0, DateTimeKind.Utc);

    private static AlertLive Alert(long id, AlertRule rule, int station, long subject, int value, int limit, double daysAgo, bool acknowledged = false) =>
        new(id, rule, station, 1, subject, value, limit, Now.AddDays(-daysAgo), Now, acknowledged ? Now : null, acknowledged ? "someone" : null);

    [Fact]
    public void WishesOfOneStation_BecomeOneGroup_OldestFirst()
    {
        var groups = AlertGroups.Of(
        [
            Alert(1, AlertRule.WishUnclaimed, 7, 100, 4, 3, 1),
            Alert(2, AlertRule.WishUnclaimed, 7, 101, 12, 3, 9),
            Alert(3, AlertRule.WishUnclaimed, 8, 102, 3, 3, 0.1),
        ]);

        Assert.Equal(2, groups.Count);
        var seven = Assert.Single(groups, g => g.StationId == 7);
        Assert.Equal(2, seven.Count);
        Assert.Equal(101, seven.Alerts[0].SubjectId);
        Assert.Equal(12, seven.Value);
        Assert.Equal(Now.AddDays(-9), seven.Since);
        Assert.Equal("wish-unclaimed-7", seven.Id);
    }

    [Fact]
    public void Groups_AreOrderedBySeverityThenAge()
    {
        var groups = AlertGroups.Of(
        [
            Alert(1, AlertRule.StationQuiet, 1, 0, 5, 4, 0.2),
            Alert(2, AlertRule.WishUnclaimed, 2, 100, 3, 3, 0.5),
            Alert(3, AlertRule.WishUnclaimed, 3, 101, 4, 3, 1.5),
            Alert(4, AlertRule.OverCapacity, 4, 0, 12, 10, 0.01),
            Alert(5, AlertRule.NobodyOnDuty, 5, 0, 45, 30, 0.05),
        ]);

        Assert.Equal([4, 5, 3, 2, 1], groups.Select(g => g.StationId));
        Assert.Equal(
            [AlertSeverity.Critical, AlertSeverity.High, AlertSeverity.Medium, AlertSeverity.Medium, AlertSeverity.Low],
            groups.Select(g => g.Severity));
    }

    [Theory]
    [InlineData(AlertRule.WishUnclaimed, 5, 3, AlertSeverity.Medium)]
    [InlineData(AlertRule.WishUnclaimed, 6, 3, AlertSeverity.High)]
    [InlineData(AlertRule.StationQuiet, 8, 4, AlertSeverity.Medium)]
    [InlineData(AlertRule.NobodyOnDuty, 240, 30, AlertSeverity.High)]
    [InlineData(AlertRule.OverCapacity, 30, 10, AlertSeverity.Critical)]
    public void Severity_RisesOnceAtTwiceTheLimit_NeverAboveHigh(AlertRule rule, int value, int limit, AlertSeverity expected) =>
        Assert.Equal(expected, AlertGroups.SeverityOf(rule, value, limit));

    [Fact]
    public void AGroupIsAcknowledged_OnlyWhenEveryAlertIs()
    {
        var group = Assert.Single(AlertGroups.Of(
        [
            Alert(1, AlertRule.MediationOverdue, 7, 100, 15, 14, 1, acknowledged: true),
            Alert(2, AlertRule.MediationOverdue, 7, 101, 14, 14, 0.1),
        ]));
        Assert.False(group.IsAcknowledged);
        Assert.Equal("someone", group.AcknowledgedBy);
    }

    [Theory]
    [InlineData("wish-unclaimed-17", true, AlertRule.WishUnclaimed, 17)]
    [InlineData("over-capacity-1", true, AlertRule.OverCapacity, 1)]
    [InlineData("mediation-overdue-200", true, AlertRule.MediationOverdue, 200)]
    [InlineData("wish-unclaimed-0", false, default(AlertRule), 0)]
    [InlineData("wish-unclaimed--3", false, default(AlertRule), 0)]
    [InlineData("wish-unclaimed-+3", false, default(AlertRule), 0)]
    [InlineData("nothing-17", false, default(AlertRule), 0)]
    [InlineData("17", false, default(AlertRule), 0)]
    [InlineData("", false, default(AlertRule), 0)]
    [InlineData(null, false, default(AlertRule), 0)]
    public void GroupIds_RoundTrip_AndRefuseAnythingElse(string? id, bool valid, AlertRule rule, int station)
    {
        Assert.Equal(valid, AlertGroups.TryParseId(id, out var parsedRule, out var parsedStation));
        if (valid)
        {
            Assert.Equal((rule, station), (parsedRule, parsedStation));
            Assert.Equal(id, AlertGroups.IdOf(rule, station));
        }
    }
}
