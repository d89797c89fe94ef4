using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Data.Alerts;

/// <summary>
/// Evaluates the alert rules whenever something happens at a station (so an over-capacity head-count opens its alert
/// at once) and on a timer (so that time alone — a quiet afternoon, a wish left waiting — opens one too).
/// </summary>
public sealed class AlertMonitor(AlertService alerts, LiveFeed feed, CityClock clock, IOptions<AlertOptions> options, ILogger<AlertMonitor> logger)
    : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Set by the timer and by a settings change: the next evaluation re-reads settings and waiting items.</summary>
    private volatile bool _reread = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        // The writer's thread only signals; alerts' own events do not wake the monitor (they change no rule's input).
        using var subscription = feed.Subscribe(events =>
        {
            if (events.Count == 0 || events.Any(e => e is WishChanged or MediationChanged or SettingChanged { Kind: SettingKind.AlertRule }))
            {
                // A rebuild, a wish or case that moved, or a rule's settings saved on any server: read them again.
                WakeToReread();
            }
            else if (events.Any(e => e is not (AlertRaised or AlertCleared or AlertAcknowledged or AlertSilenceChanged or SettingChanged)))
            {
                Wake();
            }
        });
        using var tick = new PeriodicTimer(settings.Interval, clock.TimeProvider);
        var ticking = TickAsync(tick, stoppingToken);
        try
        {
            await EvaluateSafelyAsync(stoppingToken);
            await foreach (var _ in _wake.Reader.ReadAllAsync(stoppingToken))
            {
                await EvaluateSafelyAsync(stoppingToken);
                // Events during the gap are evaluated together after it.
                await Task.Delay(settings.EventGap, clock.TimeProvider, stoppingToken);
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
                WakeToReread();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private void WakeToReread()
    {
        _reread = true;
        Wake();
    }

    private async Task EvaluateSafelyAsync(CancellationToken stoppingToken)
    {
        if (!feed.IsReady)
        {
            return;
        }

        try
        {
            var reread = _reread;
            _reread = false;
            var result = await alerts.EvaluateAsync(reread, stoppingToken);
            if (result.Opened + result.Closed > 0)
            {
                logger.LogInformation("Alerts: {Opened} opened, {Closed} closed.", result.Opened, result.Closed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _reread = true;
            logger.LogError(ex, "Evaluating the alert rules failed; the next event or tick tries again.");
        }
    }
}
