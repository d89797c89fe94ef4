using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Data.Alerts.Notifications;

/// <summary>
/// Decides which messages are due and sends them. Run by <see cref="AlertNotificationService"/> (on every alert event and
/// every <see cref="NotificationOptions.SweepInterval"/>), never on the writer's thread. A sweep compares the open alert
/// groups of the live state with those of the last sweep:
/// <list type="bullet">
/// <item><b>Opened</b>, once per group and opening, to each enabled contact point whose rules and district match and that
/// existed when the group opened (a new contact point is not told of what was already open).</item>
/// <item><b>Reminder</b> n, when the group has been open n reminder intervals, is unacknowledged, and was told as opened.</item>
/// <item><b>Resolved</b>, when a group that was told as opened closes, to contact points that want it.</item>
/// </list>
/// Each message is first claimed in the database (<see cref="ContactPointService.ClaimAsync"/>): among several servers only
/// the one whose claim stands sends it. Sends run beside the sweeps, retried with exponential back-off, each attempt recorded.
/// A group silenced through <see cref="IAlertSilences"/> is sent nothing.
/// </summary>
public sealed class AlertNotifier(
    ContactPointService contactPoints,
    AlertMessages messages,
    LiveFeed feed,
    CityClock clock,
    IAlertSilences silences,
    IAlertLinks links,
    IHttpClientFactory httpClients,
    IDbContextFactory<RedStationDbContext> contextFactory,
    IOptions<NotificationOptions> options,
    ILogger<AlertNotifier> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _sweeping = new(1, 1);
    private readonly NotificationOptions _options = options.Value;

    /// <summary>The groups open at the last sweep, with the opening each belongs to.</summary>
    private readonly Dictionary<string, Episode> _episodes = [];

    /// <summary>Messages of open groups known to be claimed (by this server or another), so that each is tried once.</summary>
    private readonly HashSet<MessageKey> _claimed = [];

    private readonly Lock _sendsLock = new();
    private readonly HashSet<Task> _sends = [];
    private readonly CancellationTokenSource _stopping = new();
    private long _version;
    private Loaded? _loaded;

    /// <summary>A first sweep is done: a group seen from now on opened now.</summary>
    private bool _swept;

    /// <summary>The contact points changed (here or on another server): the next sweep reads them again.</summary>
    public void Invalidate() => Interlocked.Increment(ref _version);

    /// <summary>Messages being sent now; a test waits on them.</summary>
    public Task Sending
    {
        get
        {
            lock (_sendsLock)
            {
                return Task.WhenAll(_sends);
            }
        }
    }

    /// <summary>Works out what is due and starts sending it; returns how many messages it started.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        if (!feed.IsReady)
        {
            return 0;
        }

        await _sweeping.WaitAsync(cancellationToken);
        try
        {
            var now = clock.UtcNow;
            var loaded = await LoadAsync(cancellationToken);
            var snapshot = feed.Snapshot(LiveScope.All);
            var stations = snapshot.Stations.ToDictionary(s => s.StationId);
            var groups = AlertGroups.Of(snapshot.Alerts, now);
            var started = 0;

            foreach (var group in groups)
            {
                if (!_episodes.TryGetValue(group.Id, out var episode))
                {
                    episode = await AdoptAsync(group, cancellationToken);
                }

                _episodes[group.Id] = episode with { Last = group };
            }

            var open = groups.Select(g => g.Id).ToHashSet();
            foreach (var (id, episode) in _episodes.Where(e => !open.Contains(e.Key)).ToList())
            {
                _episodes.Remove(id);
                foreach (var contactPoint in loaded.ContactPoints.Where(c => c.NotifyResolved && Matches(c, episode.Last, now)))
                {
                    var told = new MessageKey(contactPoint.Id, id, episode.Opening, AlertMessageKind.Opened, 0);
                    if (_claimed.Contains(told) || await contactPoints.WasClaimedAsync(contactPoint.Id, id, episode.Opening, AlertMessageKind.Opened, cancellationToken))
                    {
                        started += await TrySendAsync(contactPoint, told with { Message = AlertMessageKind.Resolved }, Notice(AlertMessageKind.Resolved, 0, episode.Last, stations, loaded, now), cancellationToken);
                    }
                }

                _claimed.RemoveWhere(k => k.GroupId == id);
            }

            foreach (var group in groups)
            {
                var episode = _episodes[group.Id];
                foreach (var contactPoint in loaded.ContactPoints.Where(c => Matches(c, group, now)))
                {
                    var opened = new MessageKey(contactPoint.Id, group.Id, episode.Opening, AlertMessageKind.Opened, 0);
                    if (episode.OpenedAt >= contactPoint.CreatedAt)
                    {
                        started += await TrySendAsync(contactPoint, opened, Notice(AlertMessageKind.Opened, 0, group, stations, loaded, now), cancellationToken);
                    }

                    if (contactPoint.ReminderMinutes > 0 && !group.IsAcknowledged && _claimed.Contains(opened))
                    {
                        var number = (int)((now - episode.OpenedAt) / TimeSpan.FromMinutes(contactPoint.ReminderMinutes));
                        if (number >= 1)
                        {
                            // Only the latest reminder due: a server that was down does not send the ones it missed.
                            var reminder = opened with { Message = AlertMessageKind.Reminder, Number = number };
                            started += await TrySendAsync(contactPoint, reminder, Notice(AlertMessageKind.Reminder, number, group, stations, loaded, now), cancellationToken);
                        }
                    }
                }
            }

            _swept = true;
            return started;
        }
        finally
        {
            _sweeping.Release();
        }
    }

    /// <summary>Sends a test message to a contact point now, once, and returns the attempt as recorded.</summary>
    public async Task<Result<ContactPointDelivery>> SendTestAsync(int contactPointId, CancellationToken cancellationToken = default)
    {
        ContactPoint? contactPoint;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            contactPoint = await db.ContactPoints.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactPointId, cancellationToken);
        }

        var claim = await contactPoints.ClaimAsync(contactPointId, "test", 0, AlertMessageKind.Test, 0, cancellationToken);
        if (contactPoint is null || !claim.Succeeded)
        {
            return claim;
        }

        var now = clock.UtcNow;
        var notice = new AlertNotice(
            AlertMessageKind.Test, "test", claim.Value!.Number, AlertRule.OverCapacity, AlertSeverity.Low, 0, contactPoint.Name, 0, string.Empty, 0, 0, 0, now, now, links.AlertsPage("test"));
        var (status, error) = await AttemptAsync(contactPoint, notice, cancellationToken);
        return await contactPoints.RecordAttemptAsync(claim.Value, 1, status, error, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Sending;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        _sweeping.Dispose();
    }

    private async Task<Episode> AdoptAsync(AlertGroup group, CancellationToken cancellationToken)
    {
        var first = group.Alerts.MinBy(a => a.AlertId)!;
        if (_swept)
        {
            // Seen opening now: a new episode, opened by its first alert.
            return new Episode(first.AlertId, group.Alerts.Min(a => a.OpenedAt), group);
        }

        // Already open at this server's first sweep: it may be an episode already told of before a restart.
        var continued = await contactPoints.ContinuedOpeningAsync(group.Id, group.Alerts.Min(a => a.OpenedAt), cancellationToken);
        return continued is { } c ? new Episode(c.Opening, c.OpenedAt, group) : new Episode(first.AlertId, group.Alerts.Min(a => a.OpenedAt), group);
    }

    private bool Matches(ContactPoint contactPoint, AlertGroup group, DateTime now) =>
        contactPoint.Receives(group.Rule)
        && (contactPoint.DistrictId is null || contactPoint.DistrictId == group.DistrictId)
        && !silences.IsSilenced(group.Rule, group.StationId, now);

    private AlertNotice Notice(AlertMessageKind kind, int number, AlertGroup group, Dictionary<int, StationLive> stations, Loaded loaded, DateTime now) =>
        new(
            kind,
            group.Id,
            number,
            group.Rule,
            group.Severity,
            group.StationId,
            stations.TryGetValue(group.StationId, out var station) ? station.Name : group.StationId.ToString(CultureInfo.InvariantCulture),
            group.DistrictId,
            loaded.Districts.GetValueOrDefault(group.DistrictId, string.Empty),
            group.Count,
            group.Value,
            group.Limit,
            group.Since,
            now,
            links.AlertsPage(group.Id));

    /// <summary>Claims the message and, when the claim stands, starts sending it; 1 when it started.</summary>
    private async Task<int> TrySendAsync(ContactPoint contactPoint, MessageKey key, AlertNotice notice, CancellationToken cancellationToken)
    {
        if (_claimed.Contains(key))
        {
            return 0;
        }

        var claim = await contactPoints.ClaimAsync(key.ContactPointId, key.GroupId, key.Opening, key.Message, key.Number, cancellationToken);
        if (!claim.Succeeded)
        {
            if (claim.Error!.Kind == ErrorKind.Conflict)
            {
                // Another server (or this one before a restart) has it.
                _claimed.Add(key);
            }
            else
            {
                logger.LogWarning("Contact point {ContactPoint}: the {Message} message of {Group} could not be claimed: {Error}", key.ContactPointId, key.Message, key.GroupId, claim.Error.Message);
            }

            return 0;
        }

        _claimed.Add(key);
        lock (_sendsLock)
        {
            var send = Task.Run(() => SendAsync(contactPoint, notice, claim.Value!, _stopping.Token), CancellationToken.None);
            _sends.Add(send);
            _ = send.ContinueWith(
                finished =>
                {
                    lock (_sendsLock)
                    {
                        _sends.Remove(finished);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return 1;
    }

    /// <summary>Sends one message with up to <see cref="NotificationOptions.MaxAttempts"/> attempts, waiting twice as long before each retry.</summary>
    private async Task SendAsync(ContactPoint contactPoint, AlertNotice notice, ContactPointDelivery claim, CancellationToken stopping)
    {
        try
        {
            var delay = _options.RetryDelay;
            for (var attempt = 1; attempt <= Math.Max(1, _options.MaxAttempts); attempt++)
            {
                var (status, error) = await AttemptAsync(contactPoint, notice, stopping);
                var recorded = await contactPoints.RecordAttemptAsync(claim, attempt, status, error, CancellationToken.None);
                if (error is null || !recorded.Succeeded)
                {
                    return;
                }

                logger.LogWarning("Contact point {ContactPoint}: attempt {Attempt} of the {Message} message of {Group} failed: {Error}", contactPoint.Id, attempt, notice.Kind, notice.GroupId, error);
                if (attempt < _options.MaxAttempts)
                {
                    await Task.Delay(delay, clock.TimeProvider, stopping);
                    delay *= 2;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Contact point {ContactPoint}: sending the {Message} message of {Group} failed.", contactPoint.Id, notice.Kind, notice.GroupId);
        }
    }

    /// <summary>One attempt: the status code, and the error when it failed (a non-2xx status, a robot's non-zero <c>errcode</c>, a timeout).</summary>
    private async Task<(int? Status, string? Error)> AttemptAsync(ContactPoint contactPoint, AlertNotice notice, CancellationToken cancellationToken)
    {
        using var request = messages.Build(contactPoint, notice);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var client = httpClients.CreateClient(NotificationOptions.HttpClientName);
            using var response = await client.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return (status, $"HTTP {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}".Trim());
            }

            return contactPoint.Kind == ContactPointKind.Webhook ? (status, null) : (status, RobotError(await response.Content.ReadAsStringAsync(timeout.Token)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"timeout after {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException ex)
        {
            return (ex.StatusCode is { } code ? (int)code : null, ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString());
        }
    }

    /// <summary>WeCom and DingTalk answer 200 with <c>{"errcode":0,"errmsg":"ok"}</c>, and 200 with another errcode when they refuse.</summary>
    private static string? RobotError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var errcode) && errcode != 0)
            {
                var message = json.RootElement.TryGetProperty("errmsg", out var text) ? text.GetString() : null;
                return $"errcode {errcode.ToString(CultureInfo.InvariantCulture)}: {message}";
            }
        }
        catch (JsonException)
        {
            // Not JSON: the status said it arrived.
        }

        return null;
    }

    private async Task<Loaded> LoadAsync(CancellationToken cancellationToken)
    {
        var version = Interlocked.Read(ref _version);
        if (_loaded is { } loaded && loaded.Version == version)
        {
            return loaded;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var all = await db.ContactPoints.AsNoTracking().Where(c => c.Enabled).ToListAsync(cancellationToken);
        var districts = await db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        _loaded = new Loaded(version, all, districts);
        return _loaded;
    }

    private readonly record struct MessageKey(int ContactPointId, string GroupId, long Opening, AlertMessageKind Message, int Number);

    /// <param name="Opening">The id of the alert that opened the group this time.</param>
    /// <param name="OpenedAt">When it opened; reminders count from here.</param>
    /// <param name="Last">The group as last seen (what a resolved message tells).</param>
    private sealed record Episode(long Opening, DateTime OpenedAt, AlertGroup Last);

    private sealed record Loaded(long Version, IReadOnlyList<ContactPoint> ContactPoints, IReadOnlyDictionary<int, string> Districts);
}
