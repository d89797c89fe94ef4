using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RedStation.Data;
using RedStation.Data.Persistence;

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// A real database, migrated, with the data layer's services around it exactly as the app registers them:
/// a SQLite file in a temporary folder, or a fresh database on the test PostgreSQL server (<see cref="PostgreSqlTestServer"/>).
/// Disposing deletes the folder and drops the database.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>A fixed city noon (Saturday 2026-11-28, 12:00 in Ningde), so that tests never depend on the real clock.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private TestDatabase(DatabaseProvider provider, string connectionString, string folder, ServiceProvider services, ManualTimeProvider time)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Folder = folder;
        Services = services;
        Time = time;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string Folder { get; }

    /// <summary>The SQLite file (SQLite only).</summary>
    public string FilePath => Path.Combine(Folder, "redstation.db");
    public ServiceProvider Services { get; }
    public ManualTimeProvider Time { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <param name="seedDemo">Seed the demo network (with <paramref name="seedDays"/> of history) or leave the database empty.</param>
    public static async Task<TestDatabase> CreateAsync(
        bool seedDemo = false, int seedDays = 2, DateTimeOffset? now = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var folder = Path.Combine(Path.GetTempPath(), "redstation-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connectionString = provider == DatabaseProvider.PostgreSQL
            ? await PostgreSqlTestServer.CreateDatabaseAsync()
            : $"Data Source={Path.Combine(folder, "redstation.db")}";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                [$"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}"] = connectionString,
                ["Seed:Demo"] = seedDemo.ToString(),
                ["Seed:Days"] = seedDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build();
        var time = new ManualTimeProvider(now ?? DefaultNow);
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddRedStationData(configuration, folder)
            .AddSingleton<TimeProvider>(time)
            .BuildServiceProvider();
        var database = new TestDatabase(provider, connectionString, folder, services, time);
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return database;
    }

    public async Task<RedStationDbContext> CreateContextAsync() =>
        await Get<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Provider == DatabaseProvider.PostgreSQL)
        {
            await PostgreSqlTestServer.DropDatabaseAsync(ConnectionString);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open elsewhere; the temp folder is cleaned by the OS eventually.
        }
    }
}
