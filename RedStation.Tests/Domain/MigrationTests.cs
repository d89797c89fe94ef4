using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Persistence;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_ApplyToAnEmptyFile_AndLeaveNothingPending()
    {
        await using var database = await TestDatabase.CreateAsync(fresh: true);
        await using var db = await database.CreateContextAsync();

        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures: add a migration.");
        Assert.Equal(0, await db.Stations.CountAsync());
    }

    [Fact]
    public async Task Database_IsInWalModeWithFullSync()
    {
        await using var database = await TestDatabase.CreateAsync(fresh: true, durable: true);
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

/// <summary>The PostgreSQL migrations set (RedStation.Data.PostgreSQL), and what keeps PostgreSQL behaving like SQLite.</summary>
public sealed class MigrationTests_PostgreSQL
{
    [Fact]
    public async Task Migrations_ApplyToAnEmptyDatabase_AndLeaveNothingPending()
    {
        await using var database = await TestDatabase.CreateAsync(provider: DatabaseProvider.PostgreSQL, fresh: true);
        await using var db = await database.CreateContextAsync();

        Assert.Equal(DatabaseServiceCollectionExtensions.PostgreSqlMigrationsAssembly, typeof(RedStation.Data.PostgreSQL.Migrations.InitialNetwork).Assembly.GetName().Name);
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no PostgreSQL migration captures: run scripts/add-migration.sh NAME postgresql.");
        Assert.Equal(0, await db.Stations.CountAsync());
    }

    [Fact]
    public async Task Text_ComparesCaseSensitively_AndSortsByCodePoint_AsOnSqlite()
    {
        await using var database = await TestNetwork.CreateDatabaseAsync(DatabaseProvider.PostgreSQL);
        await using var db = await database.CreateContextAsync();

        Assert.Equal(0, await db.Volunteers.CountAsync(v => v.PinyinInitials == "zyz"));
        Assert.Equal(0, await db.Volunteers.CountAsync(v => v.PinyinInitials.StartsWith("zy")));
        Assert.Equal(TestNetwork.VolunteerCount, await db.Volunteers.CountAsync(v => v.PinyinInitials.StartsWith("ZY")));
        var names = await db.Stations.OrderBy(s => s.Name).Select(s => s.Name).ToListAsync();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task KeysGeneratedAfterASeed_FollowTheSeededOnes()
    {
        await using var database = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 1, provider: DatabaseProvider.PostgreSQL);
        await using var db = await database.CreateContextAsync();
        var lastVolunteer = await db.Volunteers.MaxAsync(v => v.Id);

        var volunteer = new RedStation.Data.Entities.Volunteer
        {
            Name = "新志愿者", PinyinInitials = "XZYZ", Phone = "13900009999", MemberNumber = "NEW000001", WorkUnit = "宁德", CommunityId = 1,
        };
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();

        Assert.Equal(lastVolunteer + 1, volunteer.Id);
    }
}
