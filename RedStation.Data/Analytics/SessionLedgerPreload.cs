using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RedStation.Data.Analytics;

/// <summary>
/// Loads the <see cref="SessionLedger"/> in the background as the server starts (after the database is migrated and the
/// summaries are current), so that the first rankings or targets answer does not wait the 2–3 s of a year's load.
/// </summary>
/// <remarks>
/// The preload is the very load the first answer would have started, and changes nothing about exactness: every answer
/// still checks the ledger's generation in its read snapshot, a ledger loaded at a later clock than now is still dropped,
/// and the ledger's horizon is noted with the <see cref="SummaryMaintainer"/> so that a save made after the clock was
/// set back still raises the generation for a session the loaded ledger holds the period of. An answer that comes
/// before the load is done waits for this same load.
/// </remarks>
public sealed partial class SessionLedgerPreload(SessionLedger ledger, ILogger<SessionLedgerPreload> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ledger.WarmUpAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server stops before the load is done: the load itself ends on its own.
        }
        catch (Exception failure)
        {
            // Logged by the ledger; the first answer tries again.
            LogPreloadFailed(logger, failure.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Preloading the session ledger failed ({Failure}); the first answer that needs it loads it.")]
    private static partial void LogPreloadFailed(ILogger logger, string failure);
}
