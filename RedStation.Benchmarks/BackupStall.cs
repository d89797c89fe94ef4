using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Data.Persistence;

namespace RedStation.Benchmarks;

/// <summary>
/// How long a writer waits while an online backup runs: one writer commits single-row transactions (synchronous=FULL,
/// as the app) into the seeded database, first alone (the floor: this machine's own commit times), then while
/// <see cref="DatabaseBackups"/> copies the file. The stall is the longest commit during the backup.
/// </summary>
internal static class BackupStall
{
    public const string Heading = "## Writer stall during an online backup";

    public static async Task<string> MeasureAsync(string databaseFolder, TimeSpan baseline)
    {
        var path = Path.Combine(databaseFolder, "redstation.db");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Seed:Demo"] = "false", ["Backup:Retain"] = "3" })
            .Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddRedStationData(configuration, databaseFolder)
            .AddDatabaseBackups(configuration)
            .BuildServiceProvider();
        var backups = services.GetRequiredService<DatabaseBackups>();
        var bytes = new FileInfo(path).Length;

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000; CREATE TABLE IF NOT EXISTS BenchWrites (Id INTEGER PRIMARY KEY, At TEXT);";
            setup.ExecuteNonQuery();
        }

        var alone = new List<double>();
        var during = new List<double>();
        var backingUp = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO BenchWrites (At) VALUES ($t)";
            var at = insert.Parameters.Add("$t", SqliteType.Text);
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                using (var transaction = connection.BeginTransaction())
                {
                    insert.Transaction = transaction;
                    at.Value = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                    insert.ExecuteNonQuery();
                    transaction.Commit();
                }

                (Volatile.Read(ref backingUp) == 1 ? during : alone).Add(clock.Elapsed.TotalMilliseconds);
            }
        });

        await Task.Delay(baseline);
        var backupClock = Stopwatch.StartNew();
        Volatile.Write(ref backingUp, 1);
        var file = await backups.BackUpAsync();
        Volatile.Write(ref backingUp, 2);
        var backupTime = backupClock.Elapsed;
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        await stop.CancelAsync();
        await writer;

        var floor = new Percentiles(alone);
        var stall = new Percentiles(during);
        var report = new StringBuilder();
        report.AppendLine(Heading).AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"`Backup:*` — `DatabaseBackups.BackUpAsync` (SQLite's backup API, 1 MB steps inside one read transaction, each step flushed) of the seeded 90-day database ({bytes / 1048576.0:F1} MB) took {backupTime.TotalMilliseconds:F0} ms");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"(backup file {file.Bytes / 1048576.0:F1} MB). Meanwhile one writer committed single-row transactions into the same file (synchronous=FULL, as the app).").AppendLine();
        report.AppendLine(Percentiles.Header);
        report.AppendLine(floor.Row("floor: commit times with no backup running"));
        report.AppendLine(stall.Row("**commit times while the backup runs**"));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Longest writer stall during the backup: **{stall.Max:F1} ms** (target ≤ 100 ms; the floor's longest commit: {floor.Max:F1} ms). In WAL mode the backup is a reader:");
        report.AppendLine("the writer appends to the WAL while the copy reads its snapshot, so it never waits for the backup's lock.");
        return report.ToString();
    }

    /// <summary>Puts the section into the report, replacing an older one.</summary>
    public static string Replace(string report, string section)
    {
        var start = report.IndexOf(Heading, StringComparison.Ordinal);
        if (start < 0)
        {
            return report.TrimEnd() + Environment.NewLine + Environment.NewLine + section;
        }

        var next = report.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        return report[..start] + section + (next < 0 ? string.Empty : Environment.NewLine + report[(next + 1)..]);
    }
}
