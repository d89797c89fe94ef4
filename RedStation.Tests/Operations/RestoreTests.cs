using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedStation.Data;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Data.Time;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Operations;

/// <summary>
/// <c>dotnet RedStation.Dashboard.dll restore &lt;backup-file&gt;</c>: a backup taken by the app's own backup service,
/// more rows written after it, then the restore: every table holds exactly the backup's rows again. Refused while an
/// app runs on the file, and for a file that is not a RedStation backup.
/// </summary>
public sealed class RestoreTests : IDisposable
{
    private readonly List<string> _folders = [];

    [Fact]
    public async Task ARestoredBackup_HoldsEveryRowOfTheBackup_AndTheReplacedFileIsKept()
    {
        string backup;
        string target;
        await using (var database = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 2))
        {
            var name = (await BackupsOf(database).BackUpAsync()).Name;
            await WriteMoreRowsAsync(database);
            CopyFolderOnDispose(database.Folder, out var keep);
            target = Path.Combine(keep, "redstation.db");
            backup = Path.Combine(keep, "backups", name);
        }

        var backedUp = Fingerprint(backup);
        var (code, output, error) = await AppProcess.RunToExitAsync(Path.GetDirectoryName(target)!, null, ["restore", backup]);

        Assert.True(code == ExitCodes.Success, $"Exit {code}: {output}{error}");
        Assert.Contains("Restored", output);
        Assert.Equal(backedUp, Fingerprint(target));
        var aside = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!, "redstation.db.before-restore-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
        // The replaced database still has what was written after the backup.
        Assert.NotEqual(backedUp, Fingerprint(aside));
    }

    [Fact]
    public async Task WhileTheAppRuns_TheRestoreIsRefused_AndTheDatabaseIsUntouched()
    {
        var folder = NewFolder();
        await using var app = await AppProcess.StartAsync(folder);
        string backup;
        await using (var database = await TestDatabase.CreateAsync())
        {
            var name = (await BackupsOf(database).BackUpAsync()).Name;
            CopyFolderOnDispose(database.Folder, out var keep);
            backup = Path.Combine(keep, "backups", name);
        }

        var (code, _, error) = await AppProcess.RunToExitAsync(folder, null, ["restore", backup]);

        Assert.True(code == ExitCodes.RestoreAppRunning, $"Exit {code}: {error}");
        Assert.Contains("an app is running on", error);
        Assert.Empty(Directory.GetFiles(folder, "*.before-restore-*"));
        using var client = app.CreateClient();
        using var health = await client.GetAsync("/healthz");
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public void AFileThatIsNotARedStationDatabase_IsRefused()
    {
        var folder = NewFolder();
        var notABackup = Path.Combine(folder, "notes.db");
        File.WriteAllText(notABackup, new string('x', 4096));
        var sqliteButNotOurs = Path.Combine(folder, "other.db");
        using (var connection = new SqliteConnection($"Data Source={sqliteButNotOurs};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Things (Id INTEGER);";
            command.ExecuteNonQuery();
        }

        var target = Path.Combine(folder, "redstation.db");
        Assert.Equal(ExitCodes.RestoreInvalidBackup, DatabaseRestore.Run(notABackup, target).ExitCode);
        Assert.Equal(ExitCodes.RestoreInvalidBackup, DatabaseRestore.Run(sqliteButNotOurs, target).ExitCode);
        Assert.False(File.Exists(target));
    }

    /// <summary>The app's backup service over the test database.</summary>
    private static DatabaseBackups BackupsOf(TestDatabase database) => new(
        database.Get<IDbContextFactory<RedStationDbContext>>(), Options.Create(new BackupOptions()), database.Get<CityClock>(), NullLogger<DatabaseBackups>.Instance);

    /// <summary>Check-ins through the domain: new rows in several tables (sessions, audit, summaries).</summary>
    private static async Task WriteMoreRowsAsync(TestDatabase database)
    {
        await using var db = await database.CreateContextAsync();
        var station = db.Stations.Where(s => s.Status == Data.Entities.StationStatus.Open).OrderBy(s => s.Id).First();
        var free = db.Volunteers.Where(v => !db.DutySessions.Any(d => d.VolunteerId == v.Id && d.CheckedOutAt == null)).OrderBy(v => v.Id).Select(v => v.Id).Take(5).ToList();
        var duty = database.Get<DutyService>();
        foreach (var volunteer in free)
        {
            Assert.True((await duty.CheckInAsync(station.Id, volunteer)).Succeeded);
        }
    }

    /// <summary>Every table's row count and a hash of all its rows in key order.</summary>
    private static string Fingerprint(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var text = new StringBuilder();
        foreach (var table in DatabaseRestore.TableNames(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid;";
            using var reader = command.ExecuteReader();
            var rows = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            while (reader.Read())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    hash.AppendData(Encoding.UTF8.GetBytes($"{reader.GetValue(i)}\u001f"));
                }
            }

            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{table}:{rows}:{Convert.ToHexString(hash.GetHashAndReset())}\n");
        }

        return text.ToString();
    }

    /// <summary>TestDatabase deletes its folder on dispose: the files a test still needs are copied to a folder of its own.</summary>
    private void CopyFolderOnDispose(string source, out string copy)
    {
        copy = NewFolder();
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    private string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "redstation-restore-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        _folders.Add(folder);
        return folder;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in _folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
