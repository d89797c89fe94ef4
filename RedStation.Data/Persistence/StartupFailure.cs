namespace RedStation.Data.Persistence;

/// <summary>
/// The exit codes of the app and of its commands, one per cause an operator can fix; the table in docs/operations.md
/// lists them. Any other failure exits with <see cref="Unexpected"/>.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A failure the app did not foresee: its exception is printed in full.</summary>
    public const int Unexpected = 1;

    /// <summary>A command's arguments are wrong (<c>restore</c> without a file).</summary>
    public const int Usage = 2;

    /// <summary>A setting is missing or invalid (e.g. <c>RedStation:PublicBaseUrl</c> in Production).</summary>
    public const int InvalidSetting = 10;

    /// <summary>The SQLite file is read-only, or its folder cannot be written.</summary>
    public const int DatabaseReadOnly = 20;

    /// <summary>The SQLite file cannot be opened (its folder is missing or not accessible).</summary>
    public const int DatabaseCannotOpen = 21;

    /// <summary>The file is not a SQLite database, or it is damaged.</summary>
    public const int DatabaseCorrupt = 22;

    /// <summary>The disk holding the database is full.</summary>
    public const int DiskFull = 23;

    /// <summary>PostgreSQL refused the user name or password.</summary>
    public const int PostgreSqlAuthentication = 30;

    /// <summary>The PostgreSQL server cannot be reached.</summary>
    public const int PostgreSqlUnreachable = 31;

    /// <summary>The PostgreSQL database named in the connection string does not exist.</summary>
    public const int PostgreSqlDatabaseMissing = 32;

    /// <summary>The data-protection certificate is missing, unreadable, has the wrong password or no private key.</summary>
    public const int Certificate = 40;

    /// <summary>The address the app should listen on is taken, or may not be used.</summary>
    public const int AddressInUse = 50;

    /// <summary>A database migration failed at start-up.</summary>
    public const int MigrationFailed = 60;

    /// <summary>The system has no ICU Chinese collation (invariant globalisation, a slim image): pinyin initials would be wrong.</summary>
    public const int CollationMissing = 65;

    /// <summary><c>restore</c>: the backup file is missing, not a RedStation database, or damaged.</summary>
    public const int RestoreInvalidBackup = 70;

    /// <summary><c>restore</c>: the app is running on the database to replace.</summary>
    public const int RestoreAppRunning = 71;

    /// <summary><c>restore</c>: the backup is from a newer version of the app (migrations this one does not know).</summary>
    public const int RestoreNewerBackup = 72;

    /// <summary><c>restore</c>: the database is PostgreSQL, restored with <c>pg_restore</c>.</summary>
    public const int RestoreNotSqlite = 73;
}

/// <summary>
/// A start-up failure whose cause is known: <see cref="Exception.Message"/> names it and the setting to fix, in one line,
/// and the app exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class StartupFailureException(int exitCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}
