using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Alerts.Notifications;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Tests.Domain;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Alerts;

/// <summary>Contact points written through their domain service: validated with the field named, audited without the secret, announced to every server.</summary>
public class ContactPointServiceTests : DomainTestBase
{
    private const string WeComUrl = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx";

    private ContactPointService ContactPoints => Service<ContactPointService>();

    [Fact]
    public async Task Create_StoresTheContactPoint_AuditedWithTheSecretRedacted_AndAnnouncedToEveryServer()
    {
        await Service<LiveFeed>().RebuildAsync(Service<DomainWriter>());
        var events = new ConcurrentQueue<LiveEvent>();
        using var subscription = Service<LiveFeed>().Subscribe(batch => { foreach (var e in batch) events.Enqueue(e); });

        var created = AssertSucceeded(await ContactPoints.CreateAsync(new ContactPointInput(
            " 值班群 ", ContactPointKind.DingTalk, " https://oapi.dingtalk.com/robot/send?access_token=abc ", "SECsecret-of-the-robot-0001",
            [AlertRule.WishUnclaimed, AlertRule.MediationOverdue], DistrictId, true, 120, true)));

        await using var db = await Database.CreateContextAsync();
        var stored = await db.ContactPoints.SingleAsync();
        Assert.Equal(("值班群", "https://oapi.dingtalk.com/robot/send?access_token=abc", "SECsecret-of-the-robot-0001", DistrictId, 120, true),
            (stored.Name, stored.Url, stored.Secret, stored.DistrictId, stored.ReminderMinutes, stored.NotifyResolved));
        Assert.Equal([AlertRule.WishUnclaimed, AlertRule.MediationOverdue], stored.Rules);
        Assert.True(stored.Receives(AlertRule.MediationOverdue));
        Assert.False(stored.Receives(AlertRule.OverCapacity));
        Assert.Equal("••••01", stored.SecretHint);

        var audit = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(ContactPoint));
        Assert.DoesNotContain("SECsecret", audit.After);
        Assert.Contains("\"Secret\":\"***\"", audit.After);
        Assert.Contains(events, e => e is SettingChanged { Kind: SettingKind.ContactPoint } changed && changed.SubjectId == created.Id);
    }

    [Theory]
    [InlineData("ftp://files.example/hook")]
    [InlineData("qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1")]
    [InlineData("/relative/path")]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://user:password@hooks.example/x")]
    public async Task AnAddressThatIsNotAbsoluteHttp_IsRefused_NamingTheField(string url)
    {
        var error = await AssertRejectedAsync(
            () => ContactPoints.CreateAsync(new ContactPointInput("群", ContactPointKind.Webhook, url)), ErrorCodes.ContactPointUrlInvalid, ErrorKind.Validation);
        Assert.Equal("Url", error.Field);
    }

    [Theory]
    [InlineData("", "Name", ErrorCodes.TextRequired)]
    [InlineData("x", "Url", ErrorCodes.TextRequired)]
    public async Task AMissingNameOrAddress_IsRefused_NamingTheField(string name, string field, string code)
    {
        var error = await AssertRejectedAsync(
            () => ContactPoints.CreateAsync(new ContactPointInput(name, ContactPointKind.WeCom, name == "x" ? " " : WeComUrl)), code, ErrorKind.Validation);
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(29)]
    [InlineData(ContactPoint.MaxReminderMinutes + 1)]
    [InlineData(-60)]
    public async Task AReminderIntervalOutsideTheDampedRange_IsRefused(int minutes)
    {
        var error = await AssertRejectedAsync(
            () => ContactPoints.CreateAsync(new ContactPointInput("群", ContactPointKind.WeCom, WeComUrl, ReminderMinutes: minutes)),
            ErrorCodes.ContactPointReminderOutOfRange, ErrorKind.Validation);
        Assert.Equal("ReminderMinutes", error.Field);
    }

    [Fact]
    public async Task AnUnknownDistrictKindOrRule_IsRefused()
    {
        await AssertRejectedAsync(() => ContactPoints.CreateAsync(new ContactPointInput("群", ContactPointKind.WeCom, WeComUrl, DistrictId: UnknownId)),
            ErrorCodes.DistrictNotFound, ErrorKind.NotFound);
        await AssertRejectedAsync(() => ContactPoints.CreateAsync(new ContactPointInput("群", (ContactPointKind)9, WeComUrl)),
            ErrorCodes.ContactPointKindUnknown, ErrorKind.Validation);
        await AssertRejectedAsync(() => ContactPoints.CreateAsync(new ContactPointInput("群", ContactPointKind.WeCom, WeComUrl, Rules: [(AlertRule)42])),
            ErrorCodes.AlertRuleUnknown, ErrorKind.Validation);
        await AssertRejectedAsync(() => ContactPoints.UpdateAsync(UnknownId, new ContactPointInput("群", ContactPointKind.WeCom, WeComUrl)),
            ErrorCodes.ContactPointNotFound, ErrorKind.NotFound);
    }

    [Fact]
    public async Task Update_KeepsTheSecretWhenLeftEmpty_ClearsItOnRequest_AndWeComNeverKeepsOne()
    {
        var created = AssertSucceeded(await ContactPoints.CreateAsync(new ContactPointInput("钩子", ContactPointKind.Webhook, "https://hooks.example/a", "s3cret-value")));

        var kept = AssertSucceeded(await ContactPoints.UpdateAsync(created.Id, new ContactPointInput("钩子 2", ContactPointKind.Webhook, "https://hooks.example/b", Secret: "  ")));
        Assert.Equal(("钩子 2", "s3cret-value"), (kept.Name, kept.Secret));

        var cleared = AssertSucceeded(await ContactPoints.UpdateAsync(created.Id, new ContactPointInput("钩子 2", ContactPointKind.Webhook, "https://hooks.example/b", ClearSecret: true)));
        Assert.Null(cleared.Secret);

        var weCom = AssertSucceeded(await ContactPoints.UpdateAsync(created.Id, new ContactPointInput("群", ContactPointKind.WeCom, WeComUrl, Secret: "ignored")));
        Assert.Null(weCom.Secret);
    }

    [Fact]
    public async Task Delete_RemovesTheContactPointAndItsDeliveries()
    {
        var created = AssertSucceeded(await ContactPoints.CreateAsync(new ContactPointInput("群", ContactPointKind.WeCom, WeComUrl)));
        var claim = AssertSucceeded(await ContactPoints.ClaimAsync(created.Id, "wish-unclaimed-1", 7, AlertMessageKind.Opened, 0));
        AssertSucceeded(await ContactPoints.RecordAttemptAsync(claim, 1, 200, null));

        AssertSucceeded(await ContactPoints.DeleteAsync(created.Id));

        await using var db = await Database.CreateContextAsync();
        Assert.Empty(await db.ContactPoints.ToListAsync());
        Assert.Empty(await db.ContactPointDeliveries.ToListAsync());
        await AssertRejectedAsync(() => ContactPoints.DeleteAsync(created.Id), ErrorCodes.ContactPointNotFound, ErrorKind.NotFound);
    }

    [Fact]
    public async Task AMessageIsClaimedOnce_TheSecondClaimIsAConflict()
    {
        var created = AssertSucceeded(await ContactPoints.CreateAsync(new ContactPointInput("群", ContactPointKind.WeCom, WeComUrl)));

        AssertSucceeded(await ContactPoints.ClaimAsync(created.Id, "wish-unclaimed-1", 7, AlertMessageKind.Opened, 0));
        var again = await ContactPoints.ClaimAsync(created.Id, "wish-unclaimed-1", 7, AlertMessageKind.Opened, 0);

        Assert.Equal((ErrorCodes.ContactPointMessageClaimed, ErrorKind.Conflict), (again.Error?.Code, again.Error?.Kind));
        AssertSucceeded(await ContactPoints.ClaimAsync(created.Id, "wish-unclaimed-1", 8, AlertMessageKind.Opened, 0));
        AssertSucceeded(await ContactPoints.ClaimAsync(created.Id, "wish-unclaimed-1", 7, AlertMessageKind.Reminder, 1));
    }
}
