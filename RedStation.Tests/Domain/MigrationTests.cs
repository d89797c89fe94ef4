using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_ApplyToAnEmptyFile_AndLeaveNothingPending()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await database.CreateContextAsync();

        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures: add a migration.");
        Assert.Equal(0, await db.Stations.CountAsync());
    }

    [Fact]
    public async Task Database_IsInWalModeWithFullSync()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await database.CreateContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal("2", await ScalarAsync(connection, "PRAGMA synchronous"));
        Assert.Equal("10000", await ScalarAsync(connection, "PRAGMA busy_timeout"));
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
