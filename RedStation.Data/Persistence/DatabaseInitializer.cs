using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedStation.Data.Analytics;
using RedStation.Data.Seeding;

namespace RedStation.Data.Persistence;

/// <summary>
/// Brings the database to the current schema at start-up, seeds the demo network into an empty one, and rebuilds the
/// analytics summaries when they are missing or outdated. On SQLite it first takes the database's lock file
/// (<see cref="DatabaseFileLock"/>), shared, for the app's life: <c>restore</c> refuses to replace the file meanwhile.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<RedStationDbContext> contextFactory,
    DatabaseDialect dialect,
    DemoSeeder seeder,
    SummaryRebuilder summaries,
    IOptions<SeedOptions> seedOptions,
    ILogger<DatabaseInitializer> logger) : IDisposable
{
    private DatabaseFileLock? _fileLock;

    private void HoldFileLock(RedStationDbContext db)
    {
        if (_fileLock is not null || !db.Database.IsSqlite())
        {
            return;
        }

        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource))
        {
            return;
        }

        try
        {
            _fileLock = DatabaseFileLock.TryShared(builder.DataSource) ?? throw new StartupFailureException(ExitCodes.DatabaseCannotOpen,
                $"a restore is replacing the database file {Path.GetFullPath(builder.DataSource)}: start the app once it has finished");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StartupFailureException(ExitCodes.DatabaseReadOnly,
                $"the database's folder is not writable: {ex.Message} (ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName})", ex);
        }
    }

    public void Dispose() => _fileLock?.Dispose();

    /// <summary>
    /// Applies the pending migrations. One that fails (on data it did not expect, say) stops the start with
    /// <see cref="ExitCodes.MigrationFailed"/>, naming the migrations that were pending: the operator restores the backup
    /// taken before the upgrade, or fixes the data, and starts again. Failures of the database itself (unreachable, full,
    /// read-only) keep their own exception and code.
    /// </summary>
    private static async Task MigrateAsync(RedStationDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            // Up to date: nothing to apply, and EF Core's MigrateAsync would still diff the whole model against the
            // migrations' snapshot (its pending-model-changes check), the largest cost of a start on a current database.
            return;
        }

        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && StorageFailures.Classify(ex) is null)
        {
            throw new StartupFailureException(ExitCodes.MigrationFailed,
                $"a database migration failed ({ex.GetBaseException().Message.ReplaceLineEndings(" ").TrimEnd('.')}); {Pending(pending)} " +
                "(restore the backup taken before the upgrade, see docs/deployment.md)", ex);
        }
    }

    private static string Pending(List<string> pending) =>
        pending.Count == 1 ? $"pending was {pending[0]}" : $"{pending.Count} were pending, {pending[0]} to {pending[^1]}";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            HoldFileLock(db);
            await dialect.PrepareAsync(db, cancellationToken);
            await MigrateAsync(db, cancellationToken);
        }

        var seeded = false;
        if (seedOptions.Value.Demo)
        {
            if (await seeder.SeedIfEmptyAsync(cancellationToken) is { } summary)
            {
                seeded = true;
                logger.LogInformation("Seeded the demo network: {Summary}", summary);
            }
        }

        // A database from before the analytics summaries (or from an older definition of them) gets them computed
        // from its raw rows once; the write path keeps them current from then on.
        await summaries.EnsureCurrentAsync(cancellationToken);

        if (seeded)
        {
            // The seed's pages went through the write-ahead log, which would otherwise stay as large as the database.
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await dialect.CheckpointAsync(db, cancellationToken);
        }
    }
}
