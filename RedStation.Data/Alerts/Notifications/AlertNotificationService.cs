using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Data.Alerts.Notifications;

/// <summary>
/// Runs the <see cref="AlertNotifier"/>'s sweeps off the writer's thread: the live feed's callback (on the writer's thread)
/// only signals a channel when an alert opened, closed or was acknowledged, or a contact point changed; this loop sweeps,
/// and a timer sweeps every <see cref="NotificationOptions.SweepInterval"/> for reminders that time alone makes due.
/// </summary>
public sealed class AlertNotificationService(AlertNotifier notifier, LiveFeed feed, CityClock clock, IOptions<NotificationOptions> options, ILogger<AlertNotificationService> logger)
    : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        using var subscription = feed.Subscribe(events =>
        {
            if (events.Any(e => e is SettingChanged { Kind: SettingKind.ContactPoint }))
            {
                notifier.Invalidate();
            }

            if (events.Count == 0 || events.Any(e => e is AlertRaised or AlertCleared or AlertAcknowledged or SettingChanged { Kind: SettingKind.ContactPoint }))
            {
                _wake.Writer.TryWrite(true);
            }
        });
        using var tick = new PeriodicTimer(settings.SweepInterval, clock.TimeProvider);
        var ticking = TickAsync(tick, stoppingToken);
        try
        {
            await SweepSafelyAsync(stoppingToken);
            await foreach (var _ in _wake.Reader.ReadAllAsync(stoppingToken))
            {
                await SweepSafelyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await ticking;
        }
    }

    private async Task TickAsync(PeriodicTimer tick, CancellationToken stoppingToken)
    {
        try
        {
            while (await tick.WaitForNextTickAsync(stoppingToken))
            {
                _wake.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SweepSafelyAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = await notifier.SweepAsync(stoppingToken);
            if (started > 0)
            {
                logger.LogInformation("Contact points: {Started} messages on their way.", started);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Working out the alert messages due failed; the next alert event or tick tries again.");
        }
    }
}
