using Microsoft.Data.Sqlite;
using Npgsql;

namespace RedStation.Data.Persistence;

/// <summary>Why the database could not take a write that was otherwise valid.</summary>
public enum StorageFailure
{
    /// <summary>The disk (or the database's size limit) is full: SQLite <c>SQLITE_FULL</c>, PostgreSQL <c>53100 disk_full</c>.</summary>
    Full,

    /// <summary>The database is read-only: SQLite <c>SQLITE_READONLY</c>, PostgreSQL <c>25006 read_only_sql_transaction</c> (a standby).</summary>
    ReadOnly,
}

/// <summary>Recognises the storage failures among the exceptions of either engine, wrapped or not (EF Core wraps them).</summary>
public static class StorageFailures
{
    private const int SqliteFull = 13;
    private const int SqliteReadOnly = 8;

    /// <summary>The storage failure <paramref name="exception"/> (or one of its inner exceptions) reports; null for any other error.</summary>
    public static StorageFailure? Classify(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                case PostgresException { SqlState: PostgresErrorCodes.DiskFull }:
                    return StorageFailure.Full;
                case SqliteException { SqliteErrorCode: SqliteReadOnly }:
                case PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction }:
                    return StorageFailure.ReadOnly;
            }
        }

        return null;
    }
}
