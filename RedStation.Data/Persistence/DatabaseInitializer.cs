using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedStation.Data.Seeding;

namespace RedStation.Data.Persistence;

/// <summary>Brings the database to the current schema at start-up, and seeds the demo network into an empty one.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<RedStationDbContext> contextFactory,
    DatabaseDialect dialect,
    DemoSeeder seeder,
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
    }
}
