using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Live;

/// <summary>
/// Forwards every committed event to the hub groups that watch it: <c>all</c>, its district and its
/// station. The feed's callback only queues; sending happens here, off the writer's thread.
/// </summary>
public sealed class HubBroadcaster(LiveFeed feed, IHubContext<LiveHub, ILiveClient> hub, ILogger<HubBroadcaster> logger) : BackgroundService
{
    private readonly Channel<LiveEvent> _queue = Channel.CreateUnbounded<LiveEvent>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(events =>
        {
            foreach (var liveEvent in events)
            {
                _queue.Writer.TryWrite(liveEvent);
            }
        });

        await foreach (var liveEvent in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(liveEvent);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Broadcasting event {Sequence} failed.", liveEvent.Sequence);
            }
        }
    }

    private Task SendAsync(LiveEvent liveEvent)
    {
        var clients = hub.Clients.Groups(
            LiveScope.All.ToString(),
            LiveScope.District(liveEvent.DistrictId).ToString(),
            LiveScope.Station(liveEvent.StationId).ToString());
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
            CatalogChanged e => hub.Clients.Group(LiveScope.All.ToString()).CatalogChanged(e),
            _ => Task.CompletedTask,
        };
    }
}
