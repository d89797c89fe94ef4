using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace RedStation.Data.Persistence;

/// <summary>The outcome of <see cref="DatabaseRestore.Run"/>: an exit code and the one line that says what happened.</summary>
public sealed record RestoreOutcome(int ExitCode, string Message);

/// <summary>
/// <c>dotnet RedStation.Dashboard.dll restore &lt;backup-file&gt;</c>: replaces the SQLite database with a backup. The backup is
/// checked first (a SQLite file, <c>PRAGMA integrity_check</c> ok, a RedStation database whose migrations this app all
/// knows); the restore is refused while an app runs on the database (<see cref="DatabaseFileLock"/>); the replaced file is
/// kept beside it as <c>redstation.db.before-restore-&lt;time&gt;</c>; the copy is made with SQLite's backup API into a
/// temporary file, renamed into place when complete. The app migrates a backup from an older version at its next start.
/// </summary>
public static class DatabaseRestore
{
    public static RestoreOutcome Run(string backupFile, string targetFile, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var started = Stopwatch.StartNew();
        backupFile = Path.GetFullPath(backupFile);
        targetFile = Path.GetFullPath(targetFile);
        if (!File.Exists(backupFile))
        {
            return new(ExitCodes.RestoreInvalidBackup, $"Restore refused: the backup file {backupFile} does not exist.");
        }

        if (string.Equals(backupFile, targetFile, StringComparison.Ordinal))
        {
            return new(ExitCodes.Usage, $"Restore refused: {backupFile} is the database itself.");
        }

        if (Check(backupFile) is { } refused)
        {
            return refused;
        }

        using var fileLock = DatabaseFileLock.TryExclusive(targetFile);
        if (fileLock is null)
        {
            return new(ExitCodes.RestoreAppRunning,
                $"Restore refused: an app is running on {targetFile} (its lock file {DatabaseFileLock.PathFor(targetFile)} is held); stop it first (systemctl stop redstation).");
        }

        var aside = SetAside(targetFile, time);
        var partial = targetFile + ".restoring";
        File.Delete(partial);
        using (var from = Open(backupFile, SqliteOpenMode.ReadOnly))
        using (var to = Open(partial, SqliteOpenMode.ReadWriteCreate))
        {
            from.BackupDatabase(to);
            // The app's file is in WAL mode (it would set it again at its start anyway).
            Execute(to, "PRAGMA journal_mode = WAL;");
        }

        File.Move(partial, targetFile, overwrite: true);
        var (tables, rows, last) = Describe(targetFile);
        var kept = aside is null ? "there was no database before" : $"the replaced database is kept as {aside}";
        return new(ExitCodes.Success, string.Create(CultureInfo.InvariantCulture,
            $"Restored {backupFile} into {targetFile}: {tables} tables, {rows:N0} rows, last migration {last}, in {started.Elapsed.TotalSeconds:0.0} s; {kept}."));
    }

    /// <summary>Null when the backup is a sound RedStation database this app can run; otherwise why not.</summary>
    private static RestoreOutcome? Check(string backupFile)
    {
        try
        {
            using var connection = Open(backupFile, SqliteOpenMode.ReadOnly);
            using (var integrity = connection.CreateCommand())
            {
                integrity.CommandText = "PRAGMA integrity_check;";
                if (integrity.ExecuteScalar() as string is not "ok" and var problem)
                {
                    return new(ExitCodes.RestoreInvalidBackup, $"Restore refused: the backup {backupFile} is damaged (integrity_check: {problem}).");
                }
            }

            var options = new DbContextOptionsBuilder<RedStationDbContext>().UseSqlite(connection).Options;
            using var db = new RedStationDbContext(options);
            if (!HasTable(connection, HistoryRepository.DefaultTableName))
            {
                return new(ExitCodes.RestoreInvalidBackup, $"Restore refused: {backupFile} is a SQLite file but not a RedStation database (no migrations history).");
            }

            var unknown = db.Database.GetAppliedMigrations().Except(db.Database.GetMigrations()).ToList();
            if (unknown.Count > 0)
            {
                return new(ExitCodes.RestoreNewerBackup,
                    $"Restore refused: the backup {backupFile} is from a newer version of the app (migrations this one does not know: {string.Join(", ", unknown)}); restore it with that version.");
            }

            return null;
        }
        catch (SqliteException ex)
        {
            return new(ExitCodes.RestoreInvalidBackup, $"Restore refused: {backupFile} is not a readable SQLite database ({ex.Message}).");
        }
    }

    /// <summary>Moves the current database (and its WAL, folded in first when it can be) aside; null when there was none.</summary>
    private static string? SetAside(string targetFile, TimeProvider time)
    {
        if (!File.Exists(targetFile))
        {
            return null;
        }

        try
        {
            using var current = Open(targetFile, SqliteOpenMode.ReadWrite);
            Execute(current, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
        catch (SqliteException)
        {
            // A damaged file is kept as it is, its WAL beside it.
        }

        var aside = $"{targetFile}.before-restore-{time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        File.Move(targetFile, aside);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(targetFile + suffix))
            {
                File.Move(targetFile + suffix, aside + suffix, overwrite: true);
            }
        }

        return aside;
    }

    private static (int Tables, long Rows, string LastMigration) Describe(string file)
    {
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        var tables = TableNames(connection);
        long rows = 0;
        foreach (var table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\";";
            rows += (long)count.ExecuteScalar()!;
        }

        using var last = connection.CreateCommand();
        last.CommandText = $"SELECT max(\"MigrationId\") FROM \"{HistoryRepository.DefaultTableName}\";";
        return (tables.Count, rows, last.ExecuteScalar() as string ?? "(none)");
    }

    /// <summary>The database's tables (SQLite's own excluded), by name.</summary>
    public static IReadOnlyList<string> TableNames(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static bool HasTable(SqliteConnection connection, string name) => TableNames(connection).Contains(name, StringComparer.Ordinal);

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
