using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RedStation.Data.Time;

namespace RedStation.Data.Services;

/// <summary>Runs <see cref="AutoCheckOutService"/> once at start-up (the server may have been down at closing time) and then every minute.</summary>
public sealed class AutoCheckOutHostedService(AutoCheckOutService autoCheckOut, CityClock clock, ILogger<AutoCheckOutHostedService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The injected TimeProvider drives the timer, so tests move time instead of waiting for it.
        using var timer = new PeriodicTimer(Interval, clock.TimeProvider);
        do
        {
            try
            {
                var closed = await autoCheckOut.CloseOverdueSessionsAsync(stoppingToken);
                if (closed > 0)
                {
                    logger.LogInformation("Checked out {Count} volunteers automatically at their stations' closing time.", closed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Automatic check-out failed; the next minute tries again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
