using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RedStation.Data.Persistence;

/// <summary>
/// Sets the per-connection pragmas every SQLite connection needs. journal_mode=WAL is a property
/// of the file and is set once by <see cref="DatabaseInitializer"/>.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    // synchronous=FULL: in WAL mode, NORMAL may lose the last commits on a power loss (they are
    // acknowledged but not yet fsynced). FULL fsyncs the WAL on every commit, so an acknowledged
    // write survives a process crash and a power cut; the cost is one fsync per transaction.
    // busy_timeout: writers queue for the lock for up to 10 s instead of failing at once.
    // cache_size: 32 MB of pages per connection (the default is 2 MB), so that the hot indexes stay in memory.
    private const string Pragmas = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
