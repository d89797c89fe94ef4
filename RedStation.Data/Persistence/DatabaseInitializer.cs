using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedStation.Data.Analytics;
using RedStation.Data.Seeding;

namespace RedStation.Data.Persistence;

/// <summary>
/// Brings the database to the current schema at start-up, seeds the demo network into an empty one, and rebuilds the
/// analytics summaries when they are missing or outdated.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<RedStationDbContext> contextFactory,
    DatabaseDialect dialect,
    DemoSeeder seeder,
    SummaryRebuilder summaries,
    IOptions<SeedOptions> seedOptions,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await dialect.PrepareAsync(db, cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (seedOptions.Value.Demo)
        {
            var seeded = await seeder.SeedIfEmptyAsync(cancellationToken);
            if (seeded is { } summary)
            {
                logger.LogInformation("Seeded the demo network: {Summary}", summary);
            }
        }

        // A database from before the analytics summaries (or from an older definition of them) gets them computed
        // from its raw rows once; the write path keeps them current from then on.
        await summaries.EnsureCurrentAsync(cancellationToken);
    }
}
