using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RedStation.Data;
using RedStation.Data.Persistence;

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the <c>_PostgreSQL</c> test classes run on, and a fresh database per test class.
/// <list type="bullet">
/// <item>With <see cref="Variable"/> set (what <c>.ci/run</c> does), that server: a connection string of a role
/// allowed to create databases, e.g. <c>Host=127.0.0.1;Port=5432;Username=postgres</c>.</item>
/// <item>Otherwise, when PostgreSQL's server programs are installed (Debian: <c>/usr/lib/postgresql/N/bin</c>), a
/// throw-away server on a free loopback port, started on first use and stopped when the test run ends.</item>
/// <item>Otherwise the PostgreSQL tests are skipped, with <see cref="UnavailableReason"/>.</item>
/// </list>
/// Every database is cloned from one template migrated once per run, which makes a fresh database cost one
/// <c>CREATE DATABASE</c> instead of a whole migration.
/// </summary>
public static class PostgreSqlTestServer
{
    public const string Variable = "REDSTATION_TEST_POSTGRES";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    /// <summary>The value of <see cref="Variable"/> that skips the PostgreSQL tests (e.g. for a quick local run).</summary>
    public const string SkipValue = "skip";

    private static readonly string? Configured = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
    private static readonly string? BinFolder = FindBinFolder();
    private static string? _adminConnectionString;
    private static string? _template;
    private static OwnServer? _ownServer;
    private static int? _serverVersion;

    /// <summary>Why the PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? UnavailableReason => Configured switch
    {
        SkipValue => $"{Variable}={SkipValue}.",
        null when BinFolder is null =>
            $"No PostgreSQL server: set {Variable} to a connection string, or install PostgreSQL's server programs (Debian package postgresql).",
        _ => null,
    };

    /// <summary>Creates an empty, migrated database and answers its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = await AdminConnectionStringAsync();
        var name = $"redstation_test_{Guid.NewGuid():N}";
        await Gate.WaitAsync();
        try
        {
            if (_template is null)
            {
                _template = await CreateTemplateAsync(admin);
                // On a shared server (REDSTATION_TEST_POSTGRES), leave nothing behind; our own server goes altogether.
                var template = _template;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => TryExecute(admin, $"DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)");
            }

            await ExecuteAsync(admin, await CopyStatementAsync(admin, name, _template));
        }
        finally
        {
            Gate.Release();
        }

        return DatabaseConnectionString(admin, name, pooling: true);
    }

    /// <summary>
    /// Creates a copy of a database made by <see cref="CreateDatabaseAsync"/> (nobody may be connected to it) and answers
    /// the copy's connection string: a template of migrated and filled rows, see <see cref="TestDatabase"/>.
    /// </summary>
    public static async Task<string> CopyDatabaseAsync(string templateConnectionString)
    {
        var admin = await AdminConnectionStringAsync();
        var template = new NpgsqlConnectionStringBuilder(templateConnectionString).Database ?? throw new ArgumentException("The template's connection string names no database.", nameof(templateConnectionString));
        var name = $"redstation_test_{Guid.NewGuid():N}";
        await Gate.WaitAsync();
        try
        {
            await ExecuteAsync(admin, await CopyStatementAsync(admin, name, template));
        }
        finally
        {
            Gate.Release();
        }

        return DatabaseConnectionString(admin, name, pooling: true);
    }

    /// <summary>Drops a database when the test run ends (a template kept for the whole run).</summary>
    public static void DropOnExit(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        var admin = _adminConnectionString ?? throw new InvalidOperationException("No database was created on the server yet.");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryExecute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still holds it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        await ExecuteAsync(await AdminConnectionStringAsync(), $"DROP DATABASE IF EXISTS \"{builder.Database}\" WITH (FORCE)");
    }

    /// <summary>
    /// <c>CREATE DATABASE … TEMPLATE</c>; from PostgreSQL 15 on with <c>STRATEGY FILE_COPY</c>, which copies the template's
    /// files instead of writing every page of it (the system catalogs included) through the WAL: for the small databases
    /// of a test about a third of the server's work per copy.
    /// </summary>
    private static async Task<string> CopyStatementAsync(string admin, string name, string template)
    {
        _serverVersion ??= await ServerVersionAsync(admin);
        var strategy = _serverVersion >= 150000 ? " STRATEGY FILE_COPY" : "";
        return $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"{strategy}";
    }

    private static async Task<int> ServerVersionAsync(string admin)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW server_version_num", connection);
        return int.Parse((string)(await command.ExecuteScalarAsync())!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> CreateTemplateAsync(string admin)
    {
        var name = $"redstation_template_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        // No pooling: a template can only be copied while nobody is connected to it.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = nameof(DatabaseProvider.PostgreSQL),
                [$"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}"] = DatabaseConnectionString(admin, name, pooling: false),
                ["Seed:Demo"] = "false",
            })
            .Build();
        await using (var services = new ServiceCollection().AddLogging().AddRedStationData(configuration, Path.GetTempPath()).BuildServiceProvider())
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }

        return name;
    }

    private static string DatabaseConnectionString(string admin, string database, bool pooling) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = pooling }.ConnectionString;

    private static async Task<string> AdminConnectionStringAsync()
    {
        if (_adminConnectionString is { } known)
        {
            return known;
        }

        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        await Gate.WaitAsync();
        try
        {
            if (_adminConnectionString is null)
            {
                if (Configured is not null)
                {
                    _adminConnectionString = Configured;
                }
                else
                {
                    _ownServer = await OwnServer.StartAsync(BinFolder!);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => _ownServer.Stop();
                    _adminConnectionString = _ownServer.ConnectionString;
                }
            }

            return _adminConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Runs a statement on a pooled connection: the server's administrative database is never a template, and a new
    /// server process per <c>CREATE</c> or <c>DROP DATABASE</c> would cost more than the statement.
    /// </summary>
    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static void TryExecute(string connectionString, string sql)
    {
        try
        {
            ExecuteAsync(connectionString, sql).GetAwaiter().GetResult();
        }
        catch (NpgsqlException)
        {
        }
    }

    private static string? FindBinFolder()
    {
        var root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(folder => Path.Combine(folder, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl")) && File.Exists(Path.Combine(bin, "initdb")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
            .FirstOrDefault();
    }

    /// <summary>
    /// A server of this test run's own, in a temporary folder. PostgreSQL refuses to run as root: as root, it runs as
    /// the <c>postgres</c> user the Debian package creates. Durability is off (<c>fsync=off</c>): the folder is thrown away.
    /// </summary>
    private sealed class OwnServer
    {
        private const string FolderPrefix = "redstation-postgres-";

        private readonly string _bin;
        private readonly string _folder;
        private readonly string? _runAs;

        private OwnServer(string bin, string folder, string? runAs, int port)
        {
            _bin = bin;
            _folder = folder;
            _runAs = runAs;
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        }

        public string ConnectionString { get; }

        private string DataFolder => Path.Combine(_folder, "data");

        /// <summary>
        /// A memory-backed folder where the machine has one (Linux's <c>/dev/shm</c>): a test server creates and drops a
        /// database per test, hundreds of files each time, which on a disk's file system costs more than the tests' queries.
        /// </summary>
        private static string Root => Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

        public static async Task<OwnServer> StartAsync(string bin)
        {
            RemoveAbandoned(bin);
            var folder = Path.Combine(Root, $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            string? runAs = null;
            if (Environment.UserName == "root")
            {
                runAs = "postgres";
                await RunAsync("chown", ["postgres", folder]);
            }

            var server = new OwnServer(bin, folder, runAs, FreePort());
            await server.RunServerProgramAsync("initdb", ["-D", server.DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
            var port = new NpgsqlConnectionStringBuilder(server.ConnectionString).Port;
            await server.RunServerProgramAsync("pg_ctl", [
                "-D", server.DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
                "-o", $"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start"]);
            return server;
        }

        public void Stop()
        {
            try
            {
                RunServerProgramAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }

            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The next run removes what is left (see RemoveAbandoned).
            }
        }

        /// <summary>Stops and deletes the servers of earlier test runs whose process is gone (killed before it could clean up).</summary>
        private static void RemoveAbandoned(string bin)
        {
            foreach (var folder in Directory.GetDirectories(Root, FolderPrefix + "*"))
            {
                var pid = Path.GetFileName(folder)[FolderPrefix.Length..].Split('-')[0];
                if (int.TryParse(pid, out var id) && !Directory.Exists($"/proc/{id}"))
                {
                    new OwnServer(bin, folder, Environment.UserName == "root" ? "postgres" : null, 0).Stop();
                }
            }
        }

        private Task RunServerProgramAsync(string program, string[] arguments) => _runAs is null
            ? RunAsync(Path.Combine(_bin, program), arguments)
            : RunAsync("runuser", ["-u", _runAs, "--", Path.Combine(_bin, program), .. arguments]);

        private static async Task RunAsync(string program, string[] arguments)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
