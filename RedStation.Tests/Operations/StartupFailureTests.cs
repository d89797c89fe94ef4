using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using RedStation.Data.Persistence;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Operations;

/// <summary>
/// The app started as an operator starts it (<c>dotnet RedStation.Dashboard.dll</c>) on a broken set-up: each foreseen
/// cause ends the process with one line naming it and the setting to fix, its own exit code, and no stack trace.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "redstation-startup-tests", Guid.NewGuid().ToString("N"));

    public StartupFailureTests() => Directory.CreateDirectory(_folder);

    private string DatabaseFile => Path.Combine(_folder, "redstation.db");

    [Fact]
    public async Task AFileThatIsNotADatabase_Exits22_NamingTheFileAndTheSetting()
    {
        await File.WriteAllTextAsync(DatabaseFile, new string('x', 4096));

        var line = await AssertRefusedAsync(ExitCodes.DatabaseCorrupt);

        Assert.Contains(DatabaseFile, line);
        Assert.Contains("not a SQLite database", line);
        Assert.Contains("ConnectionStrings:RedStation", line);
    }

    [Fact]
    public async Task AReadOnlyDatabase_Exits20()
    {
        // Tests run as root, whom chmod does not stop: the connection string opens the file read-only instead.
        using (var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Placeholder (Id INTEGER);";
            command.ExecuteNonQuery();
        }

        var line = await AssertRefusedAsync(ExitCodes.DatabaseReadOnly, new() { ["ConnectionStrings:RedStation"] = $"Data Source={DatabaseFile};Mode=ReadOnly" });

        Assert.Contains($"the database file {DatabaseFile} is read-only", line);
        Assert.Contains("ConnectionStrings:RedStation", line);
    }

    [Fact]
    public async Task AMigrationThatFails_Exits60_PointingToThePreUpgradeBackup()
    {
        // A table the first migration creates is already there: that migration fails.
        using (var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Districts (Id INTEGER);";
            command.ExecuteNonQuery();
        }

        var line = await AssertRefusedAsync(ExitCodes.MigrationFailed);

        Assert.Contains("a database migration failed", line);
        Assert.Contains("Districts", line);
        Assert.Contains("restore the backup taken before the upgrade", line);
    }

    [Fact]
    public async Task AMissingDataProtectionCertificate_Exits40_NamingTheSetting()
    {
        var missing = Path.Combine(_folder, "keys.pfx");

        var line = await AssertRefusedAsync(ExitCodes.Certificate, new() { ["Security:DataProtection:CertificatePath"] = missing });

        Assert.Contains(missing, line);
        Assert.Contains("Security:DataProtection:CertificatePath", line);
    }

    [Fact]
    public async Task AnUnreachablePostgreSqlServer_Exits31()
    {
        var port = ExternalProgram.FreePort();

        var line = await AssertRefusedAsync(ExitCodes.PostgreSqlUnreachable, new()
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:RedStation"] = $"Host=127.0.0.1;Port={port};Database=redstation;Username=redstation;Password=x;Timeout=5",
        });

        Assert.Contains("PostgreSQL server cannot be reached", line);
    }

    [Fact]
    public async Task APortInUse_Exits50_BeforeTheDatabaseIsTouched()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var line = await AssertRefusedAsync(ExitCodes.AddressInUse, urls: $"http://127.0.0.1:{port}");

        Assert.Contains($"http://127.0.0.1:{port}", line);
        Assert.False(File.Exists(DatabaseFile), "The database was created before the address was checked.");
    }

    [Fact]
    public async Task InProduction_WithoutPublicBaseUrl_Exits10_NamingTheSetting()
    {
        var line = await AssertRefusedAsync(ExitCodes.InvalidSetting, new() { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Seed:Demo"] = "false" });

        Assert.Contains("RedStation:PublicBaseUrl", line);
    }

    [Fact]
    public async Task WithoutICU_Exits65_BeforeTheDatabaseIsTouched_RatherThanStoreWrongPinyinInitials()
    {
        // Invariant globalisation, as in a slim image; the zh-CN culture still resolves, with a collation that is not pinyin's.
        var line = await AssertRefusedAsync(ExitCodes.CollationMissing, new()
        {
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
            ["DOTNET_SYSTEM_GLOBALIZATION_PREDEFINED_CULTURES_ONLY"] = "0",
        });

        Assert.Contains("ICU", line);
        Assert.False(File.Exists(DatabaseFile), "The database was created before the collation was checked.");
    }

        /// <summary>Starts the app, expects it to exit with <paramref name="code"/>, and returns its one-line cause.</summary>
    private async Task<string> AssertRefusedAsync(int code, Dictionary<string, string?>? settings = null, string? urls = null)
    {
        var (exitCode, output, error) = await AppProcess.RunToExitAsync(_folder, settings, ["--urls", urls ?? $"http://127.0.0.1:{ExternalProgram.FreePort()}"]);
        var all = output + error;

        Assert.True(exitCode == code, $"Exit {exitCode}, expected {code}:\n{all}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("RedStation cannot start:", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.EndsWith($"Exit {code}.", line);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        return line;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
