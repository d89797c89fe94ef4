using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Data.Live;

/// <summary>
/// Builds the live state at start-up and performs every rebuild the feed asks for (<see cref="LiveFeed.RebuildRequested"/>:
/// the city's day turned, another server's events show a gap, the Redis relay resynchronises). The feed holds no writer,
/// and the relay, the writer's event sink, cannot hold one either: this service is the one that rebuilds.
/// </summary>
public sealed class LiveFeedService(LiveFeed feed, DomainWriter writer, CityClock clock, ILogger<LiveFeedService> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(15);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The state is ready before the server takes its first request.
        await feed.RebuildAsync(writer, cancellationToken);
        feed.RebuildRequested += OnRebuildRequested;
        // A request made after the first build began but before this service listened is not lost.
        if (feed.RebuildPending)
        {
            OnRebuildRequested();
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        feed.RebuildRequested -= OnRebuildRequested;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, clock.TimeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (clock.Today != feed.Day)
            {
                await RebuildSafelyAsync(stoppingToken);
            }
        }
    }

    private void OnRebuildRequested() => _ = RebuildSafelyAsync(CancellationToken.None);

    private async Task RebuildSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await feed.RebuildAsync(writer, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Rebuilding the live state failed; the next check tries again.");
        }
    }
}
