using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
/// <para>
/// Speed: a database is a copy of a template made once per test run — a file copy on SQLite, <c>CREATE DATABASE … TEMPLATE</c>
/// on PostgreSQL — instead of a migration (and a seed, or a test network) per test. A test whose subject is the migration
/// or the seed itself asks for <c>fresh: true</c>. SQLite runs with <c>synchronous=OFF</c> (the app's <c>FULL</c> only
/// guards against a power cut, which no in-process test simulates); a test of the app's durability settings asks for
/// <c>durable: true</c>.
/// </para>
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>A fixed city noon (Saturday 2026-11-28, 12:00 in Ningde), so that tests never depend on the real clock.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private const string FileName = "redstation.db";
    private const string EmptyTemplate = "empty";

    /// <summary>The run's templates, by what they hold; each is built once, on first use, and removed when the run ends.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new();

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
    public string FilePath => Path.Combine(Folder, FileName);
    public ServiceProvider Services { get; }
    public ManualTimeProvider Time { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <param name="seedDemo">
    /// Seed the demo network (with <paramref name="seedDays"/> of history) or leave the database empty. The seed runs
    /// on this database; a class of many tests over the same seed copies a seeded template instead
    /// (<see cref="CreateFromTemplateAsync"/> with <c>seedDemo: true</c>).
    /// </param>
    /// <param name="fresh">Run the migrations on this database instead of copying the run's migrated template: for a test of the migrations.</param>
    /// <param name="durable">SQLite: keep the app's <c>synchronous=FULL</c>, for a test of the app's durability settings.</param>
    public static async Task<TestDatabase> CreateAsync(
        bool seedDemo = false, int seedDays = 2, DateTimeOffset? now = null, DatabaseProvider provider = DatabaseProvider.Sqlite,
        bool fresh = false, bool durable = false)
    {
        var template = fresh ? null : await TemplateAsync(EmptyTemplate, _ => Task.CompletedTask, false, 2, DefaultNow, provider);
        return await CreateCoreAsync(seedDemo, seedDays, now ?? DefaultNow, provider, template, durable);
    }

    /// <summary>
    /// A copy of the run's template called <paramref name="name"/>: on first use, a database migrated (and seeded, with
    /// <paramref name="seedDemo"/>: for a class whose every test starts from the same seed) and then filled by
    /// <paramref name="populate"/>; each call after that copies it. The
    /// template is kept per name and engine (and, with a seed, per seed and clock), so <paramref name="populate"/> must write
    /// the same rows whatever the clock.
    /// </summary>
    public static async Task<TestDatabase> CreateFromTemplateAsync(
        string name, Func<TestDatabase, Task> populate, bool seedDemo = false, int seedDays = 2, DateTimeOffset? now = null,
        DatabaseProvider provider = DatabaseProvider.Sqlite, bool durable = false)
    {
        var clock = now ?? DefaultNow;
        var template = await TemplateAsync(name, populate, seedDemo, seedDays, clock, provider);
        return await CreateCoreAsync(seedDemo, seedDays, clock, provider, template, durable);
    }

    private static Task<string> TemplateAsync(
        string name, Func<TestDatabase, Task> populate, bool seedDemo, int seedDays, DateTimeOffset now, DatabaseProvider provider)
    {
        // An empty database is the same at any time; a seed's history ends at its clock.
        var key = seedDemo ? $"{provider}|{name}|{seedDays}|{now.UtcTicks}" : $"{provider}|{name}";
        return Templates.GetOrAdd(key, _ => new Lazy<Task<string>>(() => BuildTemplateAsync(name, populate, seedDemo, seedDays, now, provider))).Value;
    }

    private static async Task<string> BuildTemplateAsync(
        string name, Func<TestDatabase, Task> populate, bool seedDemo, int seedDays, DateTimeOffset now, DatabaseProvider provider)
    {
        // Every other template starts as a copy of the migrated one: the run migrates once per engine.
        var migrated = name == EmptyTemplate ? null : await TemplateAsync(EmptyTemplate, _ => Task.CompletedTask, false, 2, DefaultNow, provider);
        var builder = await CreateCoreAsync(seedDemo, seedDays, now, provider, migrated, durable: false);
        await populate(builder);
        await builder.Services.DisposeAsync();
        if (provider == DatabaseProvider.PostgreSQL)
        {
            // Kept, and dropped when the run ends: a database can only be copied while nobody is connected to it.
            Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(builder.ConnectionString));
            PostgreSqlTestServer.DropOnExit(builder.ConnectionString);
            return builder.ConnectionString;
        }

        // Everything into the file itself, so that a copy of the file alone is the whole database.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={builder.FilePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        var folder = builder.Folder;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDeleteFolder(folder);
        return builder.FilePath;
    }

    /// <summary>
    /// Copies the run's migrated SQLite template to <paramref name="filePath"/> (an app's database before its first start),
    /// unless the file exists already.
    /// </summary>
    internal static async Task CopyMigratedSqliteTemplateAsync(string filePath)
    {
        var template = await TemplateAsync(EmptyTemplate, _ => Task.CompletedTask, false, 2, DefaultNow, DatabaseProvider.Sqlite);
        if (!File.Exists(filePath))
        {
            File.Copy(template, filePath);
        }
    }

    /// <param name="template">The template to copy (a SQLite file or a PostgreSQL connection string), or null to migrate.</param>
    private static async Task<TestDatabase> CreateCoreAsync(
        bool seedDemo, int seedDays, DateTimeOffset now, DatabaseProvider provider, string? template, bool durable)
    {
        var folder = Path.Combine(Path.GetTempPath(), "redstation-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string connectionString;
        if (provider == DatabaseProvider.PostgreSQL)
        {
            connectionString = template is null
                ? await PostgreSqlTestServer.CreateDatabaseAsync()
                : await PostgreSqlTestServer.CopyDatabaseAsync(template);
        }
        else
        {
            if (template is not null)
            {
                File.Copy(template, Path.Combine(folder, FileName));
            }

            connectionString = $"Data Source={Path.Combine(folder, FileName)}";
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                [$"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}"] = connectionString,
                ["Seed:Demo"] = seedDemo.ToString(),
                ["Seed:Days"] = seedDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build();
        var time = new ManualTimeProvider(now);
        var collection = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddRedStationData(configuration, folder)
            .AddSingleton<TimeProvider>(time);
        if (provider == DatabaseProvider.Sqlite && !durable)
        {
            collection.AddSqliteWithoutSync();
        }

        var services = collection.BuildServiceProvider();
        var database = new TestDatabase(provider, connectionString, folder, services, time);
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return database;
    }

    public async Task<RedStationDbContext> CreateContextAsync() =>
        await Get<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Provider == DatabaseProvider.PostgreSQL)
        {
            await PostgreSqlTestServer.DropDatabaseAsync(ConnectionString);
        }

        TryDeleteFolder(Folder);
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open elsewhere; the temp folder is cleaned by the OS eventually.
        }
    }
}

/// <summary>Test runs of SQLite without the fsync per commit (see <see cref="TestDatabase"/>).</summary>
public static class SqliteWithoutSync
{
    /// <summary>
    /// Every SQLite connection of the data layer then runs with <c>synchronous=OFF</c>, set after the app's own pragmas.
    /// A copy of a database survives a crash of the test process as well (the operating system still writes it); only a
    /// power cut would lose commits, which is the subject of no in-process test.
    /// </summary>
    public static IServiceCollection AddSqliteWithoutSync(this IServiceCollection services) =>
        services.ConfigureDbContext<RedStationDbContext>(options => options.AddInterceptors(Interceptor.Instance));

    private sealed class Interceptor : DbConnectionInterceptor
    {
        public static readonly Interceptor Instance = new();

        private const string Pragma = "PRAGMA synchronous = OFF;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (connection is SqliteConnection)
            {
                using var command = connection.CreateCommand();
                command.CommandText = Pragma;
                command.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (connection is SqliteConnection)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Pragma;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
