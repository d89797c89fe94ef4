using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RedStation.Data.Persistence;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>The assembly holding the PostgreSQL migrations; the SQLite ones are in RedStation.Data itself.</summary>
    public const string PostgreSqlMigrationsAssembly = "RedStation.Data.PostgreSQL";

    /// <summary>
    /// The <see cref="RedStationDbContext"/> factory on the configured provider (<c>Database:Provider</c>,
    /// <c>Sqlite</c> by default or <c>PostgreSQL</c>), and the <see cref="DatabaseDialect"/> that goes with it.
    /// </summary>
    /// <param name="dataFolder">Where the SQLite file goes when no connection string is configured.</param>
    public static IServiceCollection AddRedStationDatabase(this IServiceCollection services, IConfiguration configuration, string dataFolder)
    {
        var section = configuration.GetSection(DatabaseOptions.SectionName);
        services.AddOptions<DatabaseOptions>().Bind(section);
        var provider = section.Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        services.AddSingleton(DatabaseDialect.For(provider));
        // Every save keeps the analytics summaries up to date, whichever the engine.
        services.AddSingleton<Analytics.SummaryMaintainer>();

        var configured = configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName);
        if (provider == DatabaseProvider.PostgreSQL)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new StartupFailureException(ExitCodes.InvalidSetting,
                    $"Database:Provider is PostgreSQL, but ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName} is not set " +
                    "(e.g. \"Host=db.example;Database=redstation;Username=redstation;Password=...\").");
            }

            services.AddDbContextFactory<RedStationDbContext>((serviceProvider, options) => options
                .UseNpgsql(configured, npgsql => npgsql.MigrationsAssembly(PostgreSqlMigrationsAssembly))
                .AddInterceptors(serviceProvider.GetRequiredService<Analytics.SummaryMaintainer>()));
            return services;
        }

        var connectionString = ResolveSqliteConnectionString(configured, dataFolder);
        services.AddSingleton<SqlitePragmaInterceptor>();
        services.AddDbContextFactory<RedStationDbContext>((serviceProvider, options) => options
            .UseSqlite(connectionString)
            .AddInterceptors(serviceProvider.GetRequiredService<SqlitePragmaInterceptor>(), serviceProvider.GetRequiredService<Analytics.SummaryMaintainer>()));
        return services;
    }

    /// <summary>The SQLite file the configuration names (full path); null on PostgreSQL or for an in-memory database.</summary>
    public static string? SqliteFilePath(IConfiguration configuration, string dataFolder)
    {
        if ((configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite) != DatabaseProvider.Sqlite)
        {
            return null;
        }

        var configured = configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName);
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? $"Data Source={Path.Combine(dataFolder, "redstation.db")}"
            : configured);
        return builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) ? null : Path.GetFullPath(builder.DataSource);
    }

    /// <summary>With no connection string, the database is <c>redstation.db</c> in the data folder.</summary>
    internal static string ResolveSqliteConnectionString(string? configured, string dataFolder)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? $"Data Source={Path.Combine(dataFolder, "redstation.db")}"
            : configured);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new StartupFailureException(ExitCodes.DatabaseReadOnly,
                        $"the database folder {folder} cannot be created ({ex.Message}) (ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName})", ex);
                }
            }
        }

        builder.Pooling = true;
        return builder.ToString();
    }
}
