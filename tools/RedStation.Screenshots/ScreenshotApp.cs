using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Screenshots;

/// <summary>
/// The real app on a real port (Kestrel, so that Chromium can reach it) over a fresh SQLite file in a temporary folder,
/// deleted on dispose: the tests' app factory, cut down to what the screenshots need.
/// </summary>
public sealed class ScreenshotApp : WebApplicationFactory<Program>
{
    /// <summary>The bootstrap administrator the screenshots sign in as.</summary>
    public const string AdminUserName = "test-admin";
    public const string AdminPassword = "test-only-admin-password";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "redstation-screenshots", Guid.NewGuid().ToString("N"));
    private readonly bool _seedDemo;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="seedDemo">Seed the demo network (two days of history unless <c>Seed:Days</c> says otherwise); otherwise start empty.</param>
    /// <param name="settings">Further configuration, e.g. <c>Seed:Days</c> or a tighter sign-in limit.</param>
    public ScreenshotApp(bool seedDemo = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _seedDemo = seedDemo;
        _settings = settings ?? new Dictionary<string, string?>();
        Directory.CreateDirectory(_folder);
        UseKestrel(0);
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>; starts the server on first use.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    /// <summary>Starts the server and inserts the tests' known station network (30 stations over three districts).</summary>
    public async Task InsertStationGridNetworkAsync()
    {
        StartServer();
        await StationGridNetwork.InsertAsync(Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>());
        await using (var db = await Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync())
        {
            await Services.GetRequiredService<DatabaseDialect>().SynchroniseKeySequencesAsync(db, CancellationToken.None);
        }

        // Inserted behind the domain's back, the network only reaches the live screens through a rebuild.
        await Services.GetRequiredService<LiveFeed>().RebuildAsync(Services.GetRequiredService<DomainWriter>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", nameof(DatabaseProvider.Sqlite));
        builder.UseSetting($"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}", $"Data Source={Path.Combine(_folder, "redstation.db")}");
        builder.UseSetting("Seed:Demo", _seedDemo.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Seed:Days", "2");
        builder.UseSetting("Security:BootstrapAdmin:UserName", AdminUserName);
        builder.UseSetting("Security:BootstrapAdmin:Password", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Every page signs in from 127.0.0.1.
        builder.UseSetting("Security:SignInPermitLimit", "1000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
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
