using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Services;

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// The real app on a real port (Kestrel, not TestServer, so that a browser can reach it), over a real
/// SQLite file in a temporary folder that is deleted on dispose — or over a fresh PostgreSQL database, dropped on dispose.
/// </summary>
public sealed class RedStationAppFactory : WebApplicationFactory<Program>
{
    /// <summary>A read+write integration key, sent by every client from <see cref="WebApplicationFactory{T}.CreateClient()"/>.</summary>
    public const string TestApiKey = "test-only-key-read-write-6f1d2c";

    /// <summary>The bootstrap administrator of every test app.</summary>
    public const string AdminUserName = "test-admin";
    public const string AdminPassword = "test-only-admin-password";

    /// <summary>The test apps' PBKDF2 work factor (Identity's default is 100,000).</summary>
    public const int TestPasswordIterations = 1_000;

    private readonly string _folder;
    private readonly bool _ownsFolder;
    private readonly bool _seedDemo;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string? _sharedDatabase;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _durable;
    private string? _postgreSqlConnectionString;

    /// <param name="seedDemo">
    /// Seed the demo network (two days of history) at start-up; otherwise the database starts empty
    /// and the test inserts what it needs.
    /// </param>
    /// <param name="settings">Further configuration, e.g. more <c>Security:ApiKeys</c> or a tighter sign-in limit.</param>
    /// <param name="folder">
    /// The database's folder, kept on dispose, for a test that restarts the app over the same database;
    /// by default a new temporary folder, deleted on dispose.
    /// </param>
    /// <param name="port">
    /// A fixed port, for a test that stops the server and starts it again where its browser expects it; by default
    /// a free one.
    /// </param>
    /// <param name="provider">The database engine; PostgreSQL gets a fresh database on <see cref="PostgreSqlTestServer"/>.</param>
    /// <param name="sharedDatabase">
    /// PostgreSQL: the connection string of a database that another app of the test uses too (two servers on one database);
    /// the factory neither creates nor drops it.
    /// </param>
    /// <param name="services">Further registrations after the app's own, e.g. a <see cref="CapturedLogs"/> provider.</param>
    /// <param name="durable">
    /// SQLite: keep the app's <c>synchronous=FULL</c>; by default the test app runs without an fsync per commit
    /// (see <see cref="TestDatabase"/>).
    /// </param>
    public RedStationAppFactory(
        bool seedDemo = false,
        IReadOnlyDictionary<string, string?>? settings = null,
        string? folder = null,
        int port = 0,
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        string? sharedDatabase = null,
        Action<IServiceCollection>? services = null,
        bool durable = false)
    {
        Provider = provider;
        _durable = durable;
        _services = services;
        _sharedDatabase = sharedDatabase;
        _ownsFolder = folder is null;
        _folder = folder ?? Path.Combine(Path.GetTempPath(), "redstation-app-tests", Guid.NewGuid().ToString("N"));
        _seedDemo = seedDemo;
        _settings = settings ?? new Dictionary<string, string?>();
        Directory.CreateDirectory(_folder);
        UseKestrel(port);
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file (SQLite only).</summary>
    public string DatabasePath => Path.Combine(_folder, "redstation.db");

    /// <summary>The app's connection string; for PostgreSQL, the database is created on first use.</summary>
    public string ConnectionString => Provider == DatabaseProvider.PostgreSQL
        ? _sharedDatabase ?? (_postgreSqlConnectionString ??= PostgreSqlTestServer.CreateDatabaseAsync().GetAwaiter().GetResult())
        : $"Data Source={DatabasePath}";

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>; starts the server on first use.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    /// <summary>Starts the server and inserts the UI tests' known station network.</summary>
    public async Task InsertStationGridNetworkAsync()
    {
        StartServer();
        await StationGridNetwork.InsertAsync(Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>());
        await using (var db = await Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync())
        {
            await Services.GetRequiredService<DatabaseDialect>().SynchroniseKeySequencesAsync(db, CancellationToken.None);
        }

        // The live state was built at start-up from an empty database; inserted behind the domain's back,
        // the network only reaches the live screens through a rebuild.
        await Services.GetRequiredService<LiveFeed>().RebuildAsync(Services.GetRequiredService<DomainWriter>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (Provider == DatabaseProvider.Sqlite && _ownsFolder)
        {
            // A new database starts as a copy of the run's migrated template: the app's start-up then finds nothing to migrate.
            TestDatabase.CopyMigratedSqliteTemplateAsync(DatabasePath).GetAwaiter().GetResult();
        }

        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting($"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}", ConnectionString);
        builder.UseSetting("Seed:Demo", _seedDemo.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Seed:Days", "2");
        builder.UseSetting("Security:BootstrapAdmin:UserName", AdminUserName);
        builder.UseSetting("Security:BootstrapAdmin:Password", AdminPassword);
        // Warnings and errors only: a suite of many app starts would otherwise bury a failure in start-up lines.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Security:ApiKeys:0:Name", "tests");
        builder.UseSetting("Security:ApiKeys:0:Key", TestApiKey);
        builder.UseSetting("Security:ApiKeys:0:Scopes:0", "read");
        builder.UseSetting("Security:ApiKeys:0:Scopes:1", "write");
        // Every test signs in from 127.0.0.1; only the rate-limit tests want the real limit.
        builder.UseSetting("Security:SignInPermitLimit", "1000");
        builder.UseSetting("Security:ApiPermitLimit", "1000000");
        builder.UseSetting("Security:SelfCheckIn:DevicePermitLimit", "1000");
        builder.UseSetting("Security:HubConnectPermitLimit", "1000000");
        builder.UseSetting("Security:HubInvocationPermitLimit", "1000000");
        builder.UseSetting("Security:PublicPermitLimit", "1000000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (Provider == DatabaseProvider.Sqlite && !_durable)
        {
            builder.ConfigureServices(services => services.AddSqliteWithoutSync());
        }

        // Passwords hashed with 1,000 PBKDF2 iterations instead of Identity's 100,000: every sign-in of the suite's
        // apps (hundreds) otherwise pays a deliberately slow hash. The format, the checks and the lockouts are the same;
        // the work factor is the subject of no test (the app's own processes, AppProcess, keep the real one).
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(options => options.IterationCount = TestPasswordIterations));

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Api-Key", TestApiKey);
    }

    /// <summary>A client with no credentials (and no automatic redirects, so that a challenge is visible).</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgreSqlConnectionString is not null)
        {
            await PostgreSqlTestServer.DropDatabaseAsync(_postgreSqlConnectionString);
        }

        if (!_ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open elsewhere; the temp folder is cleaned by the OS eventually.
        }
    }
}
