using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace RedStation.Data.Persistence;

/// <summary>
/// A read-only transaction, so that every query made through the context until it is disposed sees the same database.
/// On SQLite a deferred one (a WAL snapshot that blocks no writer); elsewhere repeatable read.
/// </summary>
internal static class ReadSnapshot
{
    public static async Task<IAsyncDisposable> BeginAsync(RedStationDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
            return new SqliteSnapshot(db, transaction);
        }

        return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
    }

    private sealed class SqliteSnapshot(RedStationDbContext db, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }
}
