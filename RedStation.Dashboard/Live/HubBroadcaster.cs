using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Live;

/// <summary>
/// Forwards every committed event to the hub groups that watch it: <c>all</c>, its district and its station, for
/// staff as it is and for the public (wall displays) as its <see cref="PublicProjection"/>. The feed's callback only
/// queues; sending happens here, off the writer's thread.
/// <para>
/// A hub client that applies the events in sequence and replaces its state with every snapshot always converges:
/// whenever the server's live state is rebuilt (start, a new city day, Redis back, a gap), every subscribed group gets
/// a fresh <c>Snapshot</c> marked <see cref="LiveSnapshot.Resync"/>; whenever the state's health changes, and every
/// <see cref="LiveScreenOptions.HubHeartbeatSeconds"/> besides, every connection gets a <c>Status</c>.
/// </para>
/// </summary>
public sealed class HubBroadcaster(
    LiveFeed feed,
    HubSubscriptions subscriptions,
    IHubContext<LiveHub, ILiveClient> hub,
    IOptions<LiveScreenOptions> options,
    TimeProvider time,
    ILogger<HubBroadcaster> logger) : BackgroundService
{
    /// <summary>What to send next: a batch of events, the feed to be read again (an empty batch), or a heartbeat.</summary>
    private readonly record struct Outgoing(IReadOnlyList<LiveEvent>? Events);

    private readonly Channel<Outgoing> _queue = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private long _generation;
    private LiveHealth? _health;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _generation = feed.IsReady ? feed.Generation : 0;
        _health = feed.Health;
        using var subscription = feed.Subscribe(events => _queue.Writer.TryWrite(new Outgoing(events)));
        var heartbeats = HeartbeatAsync(stoppingToken);
        try
        {
            await foreach (var outgoing in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await (outgoing.Events switch
                    {
                        null => SendStatusAsync(),
                        [] => SendRereadAsync(),
                        var events => SendEventsAsync(events),
                    });
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Broadcasting to the hub failed.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await heartbeats;
    }

    /// <summary>The status every connection gets now: the feed's health and sequence, with the server's time.</summary>
    public LiveStatus Status() => LiveStatus.Of(feed.Health, feed.IsReady ? feed.Sequence : 0, time.GetUtcNow().UtcDateTime);

    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.HubHeartbeatSeconds)), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _queue.Writer.TryWrite(new Outgoing(null));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendEventsAsync(IReadOnlyList<LiveEvent> events)
    {
        foreach (var liveEvent in events)
        {
            await SendAsync(liveEvent, LiveAudience.Staff);
            await SendAsync(PublicProjection.Of(liveEvent), LiveAudience.Public);
        }
    }

    /// <summary>The feed says "read me again": a rebuilt state means a fresh snapshot for every group, a new health a status.</summary>
    private async Task SendRereadAsync()
    {
        if (feed.Generation != _generation)
        {
            _generation = feed.Generation;
            foreach (var group in subscriptions.Active())
            {
                var snapshot = feed.Snapshot(group.Scope, group.Audience) with { Resync = true };
                await hub.Clients.Group(group.ToString()).Snapshot(snapshot);
            }
        }

        if (feed.Health != _health)
        {
            await SendStatusAsync();
        }
    }

    private Task SendStatusAsync()
    {
        _health = feed.Health;
        return hub.Clients.All.Status(Status());
    }

    private Task SendAsync(LiveEvent liveEvent, LiveAudience audience)
    {
        var clients = hub.Clients.Groups(
            new HubGroup(LiveScope.All, audience).ToString(),
            new HubGroup(LiveScope.District(liveEvent.DistrictId), audience).ToString(),
            new HubGroup(LiveScope.Station(liveEvent.StationId), audience).ToString());
        return liveEvent switch
        {
            VolunteerCheckedIn e => clients.VolunteerCheckedIn(e),
            VolunteerCheckedOut e => clients.VolunteerCheckedOut(e),
            DutyUndone e => clients.DutyUndone(e),
            ActivityLogged e => clients.ActivityLogged(e),
            ActivityEnded e => clients.ActivityEnded(e),
            OccupancyChanged e => clients.OccupancyChanged(e),
            WishChanged e => clients.WishChanged(e),
            MediationChanged e => clients.MediationChanged(e),
            AlertRaised e => clients.AlertRaised(e),
            AlertCleared e => clients.AlertCleared(e),
            AlertAcknowledged e => clients.AlertAcknowledged(e),
            StationChanged e => clients.StationChanged(e),
            // Names of types, teams and volunteers belong to no station: every subscriber of the city hears them.
            CatalogChanged e => hub.Clients.Group(new HubGroup(LiveScope.All, audience).ToString()).CatalogChanged(e),
            _ => Task.CompletedTask,
        };
    }
}

/// <summary>
/// The hub's <c>Status</c> message: <c>live</c> or <c>degraded</c> (with why and since when), the server's last
/// event sequence and its clock. Sent when the health changes, on every subscription and as a heartbeat.
/// </summary>
public sealed record LiveStatus(string State, IReadOnlyList<string> Reasons, DateTime Since, long Sequence, DateTime At)
{
    public static LiveStatus Of(LiveHealth health, long sequence, DateTime at) => new(
        health.State,
        Enum.GetValues<LiveLag>().Where(l => l != LiveLag.None && health.Lag.HasFlag(l)).Select(l => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(l.ToString())).ToList(),
        health.Since,
        sequence,
        at);
}
