using RedStation.Data.Persistence;

namespace RedStation.Dashboard.Infrastructure;

/// <summary>
/// <c>dotnet RedStation.Dashboard.dll restore &lt;backup-file&gt;</c>: restores a SQLite backup into the database the app's
/// configuration names (the same settings, files and environment variables as the app), then exits; see
/// <see cref="DatabaseRestore"/>. Further arguments are configuration, as for the app (<c>--ConnectionStrings:RedStation=...</c>).
/// </summary>
public static class RestoreCommand
{
    public const string Usage = "Usage: dotnet RedStation.Dashboard.dll restore <backup-file> [--ConnectionStrings:RedStation=\"Data Source=...\"]";

    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (args is not [var backup, .. var settings] || backup.StartsWith('-'))
        {
            error.WriteLine(Usage);
            return ExitCodes.Usage;
        }

        var builder = WebApplication.CreateBuilder(settings);
        var target = DatabaseServiceCollectionExtensions.SqliteFilePath(builder.Configuration, Program.DataFolder(builder.Environment));
        if (target is null)
        {
            error.WriteLine("Restore refused: the database is not a SQLite file. Restore PostgreSQL with pg_restore (docs/operations.md, Backups).");
            return ExitCodes.RestoreNotSqlite;
        }

        var outcome = DatabaseRestore.Run(backup, target);
        (outcome.ExitCode == ExitCodes.Success ? output : error).WriteLine(outcome.Message);
        return outcome.ExitCode;
    }
}
