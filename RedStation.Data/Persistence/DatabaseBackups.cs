using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedStation.Data.Time;
using SQLitePCL;

namespace RedStation.Data.Persistence;

/// <summary>The <c>Backup</c> section: online backups of the SQLite database.</summary>
public sealed class BackupOptions
{
    public const string SectionName = "Backup";

    /// <summary>Time between scheduled backups; empty or zero: only on demand (Admin → Backups).</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>Where the backups go; empty: a <c>backups</c> folder next to the database file.</summary>
    public string? Directory { get; set; }

    /// <summary>How many backups are kept; the oldest beyond this are deleted after each backup.</summary>
    public int Retain { get; set; } = 14;
}

/// <summary>One backup file.</summary>
public sealed record BackupFile(string Name, long Bytes, DateTime CreatedAt);

/// <summary>
/// Online backups of the SQLite database with SQLite's backup API, into files named by their time, keeping the newest
/// <see cref="BackupOptions.Retain"/>. The copy reads one snapshot of the database: in WAL mode a reader does not
/// block the writer, so writes go on while it runs (the benchmark measures the writer's stall). Not a domain write:
/// it changes no data, so it is logged, not recorded in the audit trail. Only for SQLite (PostgreSQL: <c>pg_dump</c>).
/// </summary>
public sealed partial class DatabaseBackups(
    IDbContextFactory<RedStationDbContext> contextFactory,
    IOptions<BackupOptions> options,
    CityClock clock,
    ILogger<DatabaseBackups> logger)
{
    public const string Extension = ".db";
    private const string Prefix = "redstation-";

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private string? _source;

    public BackupOptions Options => options.Value;

    /// <summary>False on a database other than SQLite.</summary>
    public bool IsAvailable => Source is not null;

    public string Folder => string.IsNullOrWhiteSpace(Options.Directory)
        ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Source ?? "."))!, "backups")
        : Path.GetFullPath(Options.Directory);

    /// <summary>The database file's path, or null when the database is not a SQLite file.</summary>
    private string? Source
    {
        get
        {
            if (_source is null)
            {
                using var db = contextFactory.CreateDbContext();
                if (db.Database.IsSqlite())
                {
                    var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
                    _source = builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) ? null : builder.DataSource;
                }
            }

            return _source;
        }
    }

    /// <summary>The backups, newest first.</summary>
    public IReadOnlyList<BackupFile> List()
    {
        var folder = new DirectoryInfo(Folder);
        if (!IsAvailable || !folder.Exists)
        {
            return [];
        }

        return folder.EnumerateFiles($"{Prefix}*{Extension}")
            .Select(f => new BackupFile(f.Name, f.Length, f.LastWriteTimeUtc))
            .OrderByDescending(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The full path of a listed backup, or null for any other name (no path tricks).</summary>
    public string? PathOf(string name) =>
        List().Any(f => f.Name == name) ? Path.Combine(Folder, name) : null;

    /// <summary>Backs the database up now, then deletes the oldest backups beyond the retention.</summary>
    public async Task<BackupFile> BackUpAsync(CancellationToken cancellationToken = default)
    {
        var source = Source ?? throw new InvalidOperationException("Backups are for a SQLite database; on PostgreSQL use pg_dump.");
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            System.IO.Directory.CreateDirectory(Folder);
            var name = $"{Prefix}{clock.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}{Extension}";
            var target = Path.Combine(Folder, name);
            var partial = target + ".partial";
            await Task.Run(() => Copy(source, partial), cancellationToken);
            File.Move(partial, target, overwrite: true);
            var file = new FileInfo(target);
            LogBackedUp(logger, target, file.Length);
            Prune();
            return new BackupFile(name, file.Length, file.LastWriteTimeUtc);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Pages copied per step (1 MB at SQLite's default page size).</summary>
    private const int PagesPerStep = 256;

    /// <summary>
    /// SQLite's backup API, step by step, inside one read transaction on the source: the copy is one consistent
    /// snapshot (writers on other connections go on: in WAL mode a reader never blocks them, and since the snapshot
    /// cannot change the backup never restarts). After each step what was copied is flushed to disk, and a pause lets
    /// the disk serve the writer's fsyncs: one long flush of the whole copy at the end would hold them up (on ext4 an
    /// fsync waits for the other files' pending data). The copy is then a self-contained file (journal mode DELETE).
    /// </summary>
    private static void Copy(string source, string target)
    {
        using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Pooling = false }.ToString());
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        from.Open();
        to.Open();
        Execute(to, "PRAGMA synchronous = OFF;");
        using var snapshot = from.BeginTransaction(deferred: true);
        Execute(from, "SELECT count(*) FROM sqlite_master;", snapshot);

        using var flush = new FileStream(target, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var backup = raw.sqlite3_backup_init(to.Handle, "main", from.Handle, "main")
            ?? throw new InvalidOperationException($"The backup could not start: {raw.sqlite3_errmsg(to.Handle).utf8_to_string()}");
        try
        {
            int rc;
            while ((rc = raw.sqlite3_backup_step(backup, PagesPerStep)) is raw.SQLITE_OK or raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
            {
                flush.Flush(flushToDisk: true);
                Thread.Sleep(rc == raw.SQLITE_OK ? 5 : 20);
            }

            if (rc != raw.SQLITE_DONE)
            {
                throw new SqliteException($"The backup failed: {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
            }
        }
        finally
        {
            raw.sqlite3_backup_finish(backup);
        }

        snapshot.Commit();
        // A backup is one file: a restore copies just that file.
        Execute(to, "PRAGMA synchronous = FULL; PRAGMA journal_mode = DELETE;");
        to.Close();

        // Then the rest is made durable before it is renamed into the list.
        flush.Flush(flushToDisk: true);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Prune()
    {
        foreach (var old in List().Skip(Math.Max(1, Options.Retain)))
        {
            File.Delete(Path.Combine(Folder, old.Name));
            LogPruned(logger, old.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database backed up to {Path} ({Bytes} bytes).")]
    private static partial void LogBackedUp(ILogger logger, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Old backup {Name} deleted (retention).")]
    private static partial void LogPruned(ILogger logger, string name);
}

/// <summary>Runs <see cref="DatabaseBackups"/> every <see cref="BackupOptions.Interval"/>, when one is set.</summary>
public sealed partial class ScheduledBackupService(DatabaseBackups backups, TimeProvider time, ILogger<ScheduledBackupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (backups.Options.Interval is not { } interval || interval <= TimeSpan.Zero)
        {
            return;
        }

        if (!backups.IsAvailable)
        {
            LogUnavailable(logger);
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await backups.BackUpAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The scheduled backup failed; the next one tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backup:Interval is set, but the app backs up only a SQLite database; back PostgreSQL up with pg_dump (see the README).")]
    private static partial void LogUnavailable(ILogger logger);
}

public static class DatabaseBackupExtensions
{
    /// <summary>Backups on demand and, with <c>Backup:Interval</c> set, on a schedule.</summary>
    public static IServiceCollection AddDatabaseBackups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection(BackupOptions.SectionName));
        services.AddSingleton<DatabaseBackups>();
        services.AddHostedService<ScheduledBackupService>();
        return services;
    }
}
