using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace RedStation.Data.Persistence;

/// <summary>
/// The few things the two database engines do differently, in one place. Everything else — queries,
/// the write path, savepoints, concurrency tokens — is the same EF Core code on both.
/// </summary>
public abstract class DatabaseDialect
{
    public static DatabaseDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.PostgreSQL => new PostgreSqlDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Settings that belong to the database itself, made before migrating.</summary>
    public virtual Task PrepareAsync(RedStationDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Makes the current transaction the only one seeding: servers starting together then seed once. SQLite's
    /// single writer already does; PostgreSQL takes a transaction-scoped advisory lock.
    /// </summary>
    public virtual Task LockForSeedingAsync(RedStationDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Tunes the connection for a large bulk insert (the demo seed).</summary>
    public virtual Task BeginBulkLoadAsync(RedStationDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// After a bulk load: moves what the write-ahead log holds into the database and empties the log file. SQLite's log
    /// would otherwise stay as large as everything the load wrote (its automatic checkpoints reuse the file, never shrink it).
    /// </summary>
    public virtual Task CheckpointAsync(RedStationDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Rows inserted with explicit keys (the demo seed, imports) leave an identity sequence behind; this moves every
    /// sequence past the largest key, so that the next generated key is free — as SQLite's next rowid always is.
    /// </summary>
    public virtual Task SynchroniseKeySequencesAsync(RedStationDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>True when a save failed on a unique index or primary key.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    // Raw SQL (the few analytics statements): identifiers are double-quoted and parameters named @name, which both
    // engines read; what differs is below.

    /// <summary>A count as a 32-bit integer (PostgreSQL's <c>COUNT</c> is a bigint).</summary>
    public virtual string Count(string expression) => $"COUNT({expression})";

    /// <summary>A parameter holding an instant, as the engine compares it with stored instants.</summary>
    public abstract DbParameter InstantParameter(string name, DateTime utc);

    private sealed class SqliteDialect : DatabaseDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        // WAL lets readers (every dashboard) run while one writer commits; it is stored in the file.
        public override async Task PrepareAsync(RedStationDbContext db, CancellationToken cancellationToken)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }

        // A large page cache for this connection: the history's indexes then grow in memory
        // instead of spilling pages to the WAL again and again.
        public override async Task BeginBulkLoadAsync(RedStationDbContext db, CancellationToken cancellationToken) =>
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144;", cancellationToken);

        public override async Task CheckpointAsync(RedStationDbContext db, CancellationToken cancellationToken) =>
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);

        // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
        public override bool IsUniqueViolation(Exception exception) =>
            exception is DbUpdateException { InnerException: SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } }
                or SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }; // WriteScope.InsertAsync, no EF around it

        // Instants are stored as text, "yyyy-MM-dd HH:mm:ss.fffffff", which compares in time order.
        private const string StoredInstant = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

        public override DbParameter InstantParameter(string name, DateTime utc) =>
            new SqliteParameter(name, utc.ToString(StoredInstant, CultureInfo.InvariantCulture));
    }

    private sealed class PostgreSqlDialect : DatabaseDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;

        public override async Task LockForSeedingAsync(RedStationDbContext db, CancellationToken cancellationToken) =>
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(20201128)", cancellationToken);

        public override async Task SynchroniseKeySequencesAsync(RedStationDbContext db, CancellationToken cancellationToken) =>
            await db.Database.ExecuteSqlRawAsync(
                """
                DO $$
                DECLARE c record;
                BEGIN
                  FOR c IN SELECT table_name, column_name FROM information_schema.columns
                           WHERE table_schema = current_schema() AND is_identity = 'YES'
                  LOOP
                    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), COALESCE((SELECT MAX(%I) FROM %I), 0) + 1, false)',
                                   quote_ident(c.table_name), c.column_name, c.column_name, c.table_name);
                  END LOOP;
                END $$;
                """,
                cancellationToken);

        public override bool IsUniqueViolation(Exception exception) =>
            exception is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } }
                or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }; // WriteScope.InsertAsync, no EF around it

        public override string Count(string expression) => $"CAST(COUNT({expression}) AS integer)";

        public override DbParameter InstantParameter(string name, DateTime utc) =>
            new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = DateTime.SpecifyKind(utc, DateTimeKind.Utc) };
    }
}
