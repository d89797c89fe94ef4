using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RedStation.Data.Alerts;
using RedStation.Data.Alerts.Notifications;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Tests.Domain;
using RedStation.Tests.Infrastructure;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Alerts;

/// <summary>
/// Messages to contact points, sent to a real receiver on loopback: the robots' and the webhook's formats and signatures,
/// one message per alert group, reminders by the test clock, retries, two servers, and a slow receiver that never holds the
/// writer. Someone is on duty at both open stations; each contact point takes only the wish rule under test.
/// </summary>
public sealed class AlertNotifierTests : DomainTestBase, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private LocalReceiver _receiver = null!;

    private ContactPointService ContactPoints => Service<ContactPointService>();

    private AlertNotifier Notifier => Service<AlertNotifier>();

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _receiver = await LocalReceiver.StartAsync();
        // Retries at once: the back-off's length is not what these tests are about.
        Service<IOptions<NotificationOptions>>().Value.RetryDelay = TimeSpan.Zero;
        AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerA));
        AssertSucceeded(await Service<DutyService>().CheckInAsync(SecondOpenStationId, VolunteerB));
        await Service<LiveFeed>().RebuildAsync(Service<DomainWriter>());
    }

    public new async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task TenWishesOverdueAtOneStation_AreOneWeComMessage_MarkdownInChinese()
    {
        var contactPoint = await AddAsync(ContactPointKind.WeCom, "cgi-bin/webhook/send?key=robot-1");
        await PostWishesAsync(10);
        await OpenWishGroupAsync();

        Assert.Equal(1, await Notifier.SweepAsync());
        await Notifier.Sending;
        Assert.Equal(0, await Notifier.SweepAsync());
        await Notifier.Sending;

        var request = Assert.Single(_receiver.Received);
        Assert.Equal(("POST", "/cgi-bin/webhook/send?key=robot-1"), (request.Method, request.PathAndQuery));
        Assert.StartsWith("application/json", request.ContentType);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("markdown", json.RootElement.GetProperty("msgtype").GetString());
        var content = json.RootElement.GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.Contains("【告警】心愿待认领超时 · 蕉南锦绣小区红色驿站", content);
        Assert.Contains("驿站：蕉南锦绣小区红色驿站（蕉城区）", content);
        Assert.Contains("10 个心愿超期未认领，最久 3 天", content);
        // The condition began when the wishes passed their limit, just now.
        Assert.Contains("已持续 0 分钟", content);
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());

        var delivery = Assert.Single(await ContactPoints.RecentDeliveriesAsync(contactPoint.Id));
        Assert.Equal((AlertMessageKind.Opened, AlertGroups.IdOf(AlertRule.WishUnclaimed, OpenStationId), 1, 200, true, null),
            (delivery.Message, delivery.GroupId, delivery.Attempt, delivery.StatusCode, delivery.Succeeded, delivery.Error));
    }

    [Fact]
    public async Task DingTalkWithASecret_SignsTheAddress_AsDingTalkDocuments()
    {
        const string Secret = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";
        await AddAsync(ContactPointKind.DingTalk, "robot/send?access_token=token-1", Secret);
        await PostWishesAsync(2);
        await OpenWishGroupAsync();

        await Notifier.SweepAsync();
        await Notifier.Sending;

        var request = Assert.Single(_receiver.Received);
        Assert.Equal("token-1", request.Query["access_token"]);
        var timestamp = request.Query["timestamp"];
        Assert.Equal(Database.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), timestamp);
        // Recomputed as DingTalk does: Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), URL-encoded in the address.
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "\n" + Secret)));
        Assert.Equal(expected, request.Query["sign"]);
        Assert.Contains("&sign=" + Uri.EscapeDataString(expected), request.PathAndQuery);

        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("markdown", json.RootElement.GetProperty("msgtype").GetString());
        var markdown = json.RootElement.GetProperty("markdown");
        Assert.Equal("【告警】心愿待认领超时 · 蕉南锦绣小区红色驿站", markdown.GetProperty("title").GetString());
        Assert.Contains("2 个心愿超期未认领，最久 3 天", markdown.GetProperty("text").GetString());
    }

    [Fact]
    public async Task TheGenericWebhook_PostsTheDocumentedJson_SignedWithItsSecret()
    {
        const string Secret = "webhook-secret-of-the-city";
        await AddAsync(ContactPointKind.Webhook, "hooks/redstation", Secret);
        await PostWishesAsync(2);
        await OpenWishGroupAsync();
        var since = Database.Time.GetUtcNow().UtcDateTime;
        Database.Time.Advance(TimeSpan.FromMinutes(5));

        await Notifier.SweepAsync();
        await Notifier.Sending;

        var request = Assert.Single(_receiver.Received);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(request.Body)));
        Assert.Equal(signature, request.Headers[AlertMessages.SignatureHeader]);

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("opened", root.GetProperty("event").GetString());
        Assert.Equal("wish-unclaimed-1", root.GetProperty("groupId").GetString());
        Assert.Equal("wish-unclaimed", root.GetProperty("rule").GetString());
        Assert.Equal("medium", root.GetProperty("severity").GetString());
        Assert.Equal((OpenStationId, "蕉南锦绣小区红色驿站", DistrictId, "蕉城区"),
            (root.GetProperty("stationId").GetInt32(), root.GetProperty("station").GetString(), root.GetProperty("districtId").GetInt32(), root.GetProperty("district").GetString()));
        Assert.Equal((2, 3, 3), (root.GetProperty("count").GetInt32(), root.GetProperty("value").GetInt32(), root.GetProperty("limit").GetInt32()));
        Assert.Equal(since, root.GetProperty("since").GetDateTime().ToUniversalTime());
        Assert.Equal(300, root.GetProperty("oldestAgeSeconds").GetInt64());
    }

    [Fact]
    public async Task AReceiverAnswering500_IsTriedAgain_AndEveryAttemptIsRecorded()
    {
        _receiver.Answer = n => Task.FromResult(n == 1 ? (500, "{}") : (200, LocalReceiver.RobotOk));
        var contactPoint = await AddAsync(ContactPointKind.WeCom, "send?key=k");
        await PostWishesAsync(1);
        await OpenWishGroupAsync();

        await Notifier.SweepAsync();
        await Notifier.Sending;

        Assert.Equal(2, _receiver.Received.Count);
        Assert.Equal(_receiver.Received[0].Body, _receiver.Received[1].Body);
        var attempts = (await ContactPoints.RecentDeliveriesAsync(contactPoint.Id)).OrderBy(d => d.Attempt).ToList();
        Assert.Equal([(1, 500, false), (2, 200, true)], attempts.Select(d => (d.Attempt, d.StatusCode ?? 0, d.Succeeded)));
        Assert.StartsWith("HTTP 500", attempts[0].Error);
    }

    [Fact]
    public async Task ARobotRefusingWithAnErrcode_IsAFailedAttempt_AndAttemptsAreBounded()
    {
        _receiver.Answer = _ => Task.FromResult((200, """{"errcode":310000,"errmsg":"sign not match"}"""));
        var contactPoint = await AddAsync(ContactPointKind.DingTalk, "robot/send?access_token=t", "SECwrong");
        await PostWishesAsync(1);
        await OpenWishGroupAsync();

        await Notifier.SweepAsync();
        await Notifier.Sending;

        var maxAttempts = Service<IOptions<NotificationOptions>>().Value.MaxAttempts;
        Assert.Equal(maxAttempts, _receiver.Received.Count);
        var attempts = await ContactPoints.RecentDeliveriesAsync(contactPoint.Id);
        Assert.Equal(maxAttempts, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("errcode 310000: sign not match", a.Error));
    }

    [Fact]
    public async Task ASlowReceiver_DoesNotHoldTheWriter()
    {
        var release = new TaskCompletionSource<(int, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Answer = _ => release.Task;
        var contactPoint = await AddAsync(ContactPointKind.WeCom, "send?key=slow");
        await PostWishesAsync(1);
        var service = Database.Services.GetServices<IHostedService>().OfType<AlertNotificationService>().Single();
        await service.StartAsync(CancellationToken.None);
        try
        {
            // The write that opens the group returns; the background service sends afterwards.
            await OpenWishGroupAsync();
            var arrived = await _receiver.NextArrivalAsync(Patience);
            Assert.Contains("心愿待认领超时", arrived.Body);

            // The receiver holds the request: other writes still go through, one after another.
            AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerC));
            AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, 3));
            Assert.False(release.Task.IsCompleted);
            var inFlight = Assert.Single(await ContactPoints.RecentDeliveriesAsync(contactPoint.Id));
            Assert.Null(inFlight.StatusCode);

            release.SetResult((200, LocalReceiver.RobotOk));
            await Notifier.Sending;
            Assert.Equal(200, Assert.Single(await ContactPoints.RecentDeliveriesAsync(contactPoint.Id)).StatusCode);
        }
        finally
        {
            release.TrySetResult((200, LocalReceiver.RobotOk));
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AReminder_ComesEachInterval_WhileTheGroupIsOpenAndUnacknowledged()
    {
        var contactPoint = await AddAsync(ContactPointKind.WeCom, "send?key=r", reminderMinutes: 240);
        await PostWishesAsync(3);
        await OpenWishGroupAsync();
        await SweepAndWaitAsync();

        Database.Time.Advance(TimeSpan.FromMinutes(239));
        Assert.Equal(0, await Notifier.SweepAsync());
        Database.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SweepAndWaitAsync());
        Assert.Equal(0, await SweepAndWaitAsync());

        Assert.Equal(2, _receiver.Received.Count);
        Assert.Contains("【第 1 次提醒】心愿待认领超时", _receiver.Received[1].Body);
        Assert.Contains("已持续 4 小时 0 分钟", _receiver.Received[1].Body);

        foreach (var alert in Service<LiveFeed>().Alerts(LiveScope.All).Where(a => a.Rule == AlertRule.WishUnclaimed))
        {
            AssertSucceeded(await Service<AlertService>().AcknowledgeAsync(alert.AlertId));
        }

        Database.Time.Advance(TimeSpan.FromHours(4));
        Assert.Equal(0, await SweepAndWaitAsync());
        Assert.Equal(2, _receiver.Received.Count);
        Assert.Equal([AlertMessageKind.Opened, AlertMessageKind.Reminder],
            (await ContactPoints.RecentDeliveriesAsync(contactPoint.Id)).OrderBy(d => d.Id).Select(d => d.Message));
    }

    [Fact]
    public async Task WhenTheGroupCloses_ResolvedIsSent_OnlyToContactPointsThatAskedForIt()
    {
        var wants = await AddAsync(ContactPointKind.WeCom, "send?key=wants", notifyResolved: true);
        var quiet = await AddAsync(ContactPointKind.WeCom, "send?key=quiet");
        var wishes = await PostWishesAsync(2);
        await OpenWishGroupAsync();
        await SweepAndWaitAsync();
        Assert.Equal(2, _receiver.Received.Count);

        foreach (var wish in wishes)
        {
            AssertSucceeded(await Service<WishService>().ClaimAsync(wish.Id, VolunteerA));
        }

        await Service<AlertService>().EvaluateAsync();
        Assert.Equal(1, await SweepAndWaitAsync());

        var resolved = _receiver.Received[2];
        Assert.Equal("/send?key=wants", resolved.PathAndQuery);
        Assert.Contains("【已恢复】心愿待认领超时 · 蕉南锦绣小区红色驿站", resolved.Body);
        Assert.Contains(AlertMessageKind.Resolved, (await ContactPoints.RecentDeliveriesAsync(wants.Id)).Select(d => d.Message));
        Assert.DoesNotContain(AlertMessageKind.Resolved, (await ContactPoints.RecentDeliveriesAsync(quiet.Id)).Select(d => d.Message));
    }

    [Fact]
    public async Task TwoServers_SendEachMessageOnce()
    {
        await AddAsync(ContactPointKind.WeCom, "send?key=both");
        await PostWishesAsync(4);
        await OpenWishGroupAsync();
        // A second server's notifier: its own memory, the same database.
        await using var other = ActivatorUtilities.CreateInstance<AlertNotifier>(Database.Services);

        var started = await Task.WhenAll(Notifier.SweepAsync(), other.SweepAsync());
        await Notifier.Sending;
        await other.Sending;

        Assert.Equal(1, started.Sum());
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task AContactPointAddedLater_HearsOfGroupsThatOpenAfterIt_NotOfThoseAlreadyOpen()
    {
        await PostWishesAsync(1);
        await OpenWishGroupAsync();
        Database.Time.Advance(TimeSpan.FromMinutes(1));
        await AddAsync(ContactPointKind.WeCom, "send?key=later", rules: [AlertRule.WishUnclaimed, AlertRule.OverCapacity]);

        Assert.Equal(0, await SweepAndWaitAsync());

        AssertSucceeded(await Service<OccupancyService>().SetAsync(SecondOpenStationId, OpenStationCapacity));
        Database.Time.Advance(TimeSpan.FromMinutes(3));
        await Service<AlertService>().EvaluateAsync(reread: false);
        Database.Time.Advance(TimeSpan.FromMinutes(3));
        await Service<AlertService>().EvaluateAsync(reread: false);

        Assert.Equal(1, await SweepAndWaitAsync());
        Assert.Contains("【告警】超员 · 蕉南颐养红色驿站", Assert.Single(_receiver.Received).Body);
    }

    [Fact]
    public async Task ADisabledContactPoint_OrAnotherDistrictsOne_IsSentNothing()
    {
        await AddAsync(ContactPointKind.WeCom, "send?key=off", enabled: false);
        var otherDistrict = await AddOtherDistrictAsync();
        await AddAsync(ContactPointKind.WeCom, "send?key=elsewhere", districtId: otherDistrict);
        await PostWishesAsync(1);
        await OpenWishGroupAsync();

        Assert.Equal(0, await SweepAndWaitAsync());
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task ATestMessage_IsSentAtOnce_AndRecorded()
    {
        var contactPoint = await AddAsync(ContactPointKind.Webhook, "hooks/test");

        var first = AssertSucceeded(await Notifier.SendTestAsync(contactPoint.Id));
        var second = AssertSucceeded(await Notifier.SendTestAsync(contactPoint.Id));

        Assert.Equal((AlertMessageKind.Test, 1, 200, true), (first.Message, first.Number, first.StatusCode, first.Succeeded));
        Assert.Equal(2, second.Number);
        Assert.Equal(2, _receiver.Received.Count);
        using var json = JsonDocument.Parse(_receiver.Received[0].Body);
        Assert.Equal("test", json.RootElement.GetProperty("event").GetString());
        Assert.False(_receiver.Received[0].Headers.ContainsKey(AlertMessages.SignatureHeader));
    }

    private async Task<int> SweepAndWaitAsync()
    {
        var started = await Notifier.SweepAsync();
        await Notifier.Sending;
        return started;
    }

    private async Task<ContactPoint> AddAsync(
        ContactPointKind kind, string path, string? secret = null, int reminderMinutes = 0, bool notifyResolved = false,
        IReadOnlyList<AlertRule>? rules = null, int? districtId = null, bool enabled = true) =>
        AssertSucceeded(await ContactPoints.CreateAsync(new ContactPointInput(
            $"{kind} {path}", kind, _receiver.Url(path), secret, rules ?? [AlertRule.WishUnclaimed], districtId, enabled, reminderMinutes, notifyResolved)));

    private async Task<int> AddOtherDistrictAsync()
    {
        await using var db = await Database.CreateContextAsync();
        var district = new District { Code = "FA", Name = "福安市", NameEn = "Fu'an" };
        db.Districts.Add(district);
        await db.SaveChangesAsync();
        return district.Id;
    }

    private async Task<IReadOnlyList<MicroWish>> PostWishesAsync(int count)
    {
        var wishes = new List<MicroWish>();
        for (var i = 0; i < count; i++)
        {
            wishes.Add(AssertSucceeded(await Service<WishService>().PostAsync(new PostWishRequest(OpenStationId, WishCategory.HomeCleaning, $"心愿 {i}", "林阿伯"))));
        }

        return wishes;
    }

    /// <summary>Three days on (the unclaimed rule's default), the rules evaluated: the station's wish group opens.</summary>
    private async Task OpenWishGroupAsync()
    {
        Database.Time.Advance(TimeSpan.FromDays(3));
        await Service<AlertService>().EvaluateAsync();
        Assert.Contains(Service<LiveFeed>().Alerts(LiveScope.All), a => a.Rule == AlertRule.WishUnclaimed && a.StationId == OpenStationId);
    }
}
