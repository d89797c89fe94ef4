using Microsoft.Data.Sqlite;
using Npgsql;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;

namespace RedStation.Tests.Infrastructure;

/// <summary>A small hand-made network for domain tests: every id is known, nothing is random.</summary>
public sealed class TestNetwork
{
    public const int DistrictId = 1;
    public const int CommunityId = 1;
    public const int OpenStationId = 1;
    public const int SecondOpenStationId = 2;
    public const int PlannedStationId = 3;
    public const int OpenStationCapacity = 10;
    public const int LectureTypeId = 1;
    public const int VolunteerA = 1;
    public const int VolunteerB = 2;
    public const int VolunteerC = 3;
    public const int VolunteerCount = 40;
    public const int UnknownId = 9999;

    /// <summary>
    /// Creates a migrated database holding this network and nothing else: a copy of the run's template of it
    /// (see <see cref="TestDatabase.CreateFromTemplateAsync"/>), which is built once by <see cref="InsertAsync"/>.
    /// </summary>
    public static Task<TestDatabase> CreateDatabaseAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        TestDatabase.CreateFromTemplateAsync("test-network", InsertAsync, provider: provider);

    /// <summary>Inserts this network into an empty migrated database.</summary>
    private static async Task InsertAsync(TestDatabase database)
    {
        await using var db = await database.CreateContextAsync();
        var district = new District { Id = DistrictId, Code = "JC", Name = "蕉城区", NameEn = "Jiaocheng District" };
        var community = new Community { Id = CommunityId, DistrictId = DistrictId, Name = "蕉南社区", PartyOrganisation = "蕉南社区党委" };
        db.Districts.Add(district);
        db.Communities.Add(community);
        db.Stations.AddRange(
            NewStation(OpenStationId, "ND-JC-001", "蕉南锦绣小区红色驿站", StationStatus.Open),
            NewStation(SecondOpenStationId, "ND-JC-002", "蕉南颐养红色驿站", StationStatus.Open),
            NewStation(PlannedStationId, "ND-JC-003", "蕉南公园红色驿站", StationStatus.Planned));
        db.ActivityTypes.Add(new ActivityType { Id = LectureTypeId, Code = "weekend-lecture", Name = "周末讲堂", NameEn = "Weekend lecture" });
        for (var i = 1; i <= VolunteerCount; i++)
        {
            db.Volunteers.Add(new Volunteer
            {
                Id = i,
                Name = $"志愿者{i}",
                PinyinInitials = "ZYZ",
                Phone = $"1380000{i:D4}",
                MemberNumber = $"NDDY{i:D6}",
                WorkUnit = "宁德市民政局",
                CommunityId = CommunityId,
            });
        }

        await db.SaveChangesAsync();
        await database.Get<DatabaseDialect>().SynchroniseKeySequencesAsync(db, CancellationToken.None);
    }

    private static Station NewStation(int id, string code, string name, StationStatus status) => new()
    {
        Id = id,
        Code = code,
        Name = name,
        CommunityId = CommunityId,
        Kind = StationKind.ResidentialCompound,
        Status = status,
        FloorArea = 120,
        Capacity = OpenStationCapacity,
        OpensAt = new TimeOnly(8, 0),
        ClosesAt = new TimeOnly(21, 0),
        Latitude = 26.66,
        Longitude = 119.52,
    };
}

/// <summary>Every row of every table, read straight from the database: what "nothing was written" is checked against.</summary>
public static class DatabaseSnapshot
{
    public static Task<string> TakeAsync(TestDatabase database) => database.Provider == DatabaseProvider.PostgreSQL
        ? TakePostgreSqlAsync(database.ConnectionString)
        : TakeAsync(database.FilePath);

    /// <summary>The same, of a running test app's database.</summary>
    public static Task<string> TakeAsync(RedStationAppFactory app) => app.Provider == DatabaseProvider.PostgreSQL
        ? TakePostgreSqlAsync(app.ConnectionString)
        : TakeAsync(app.DatabasePath);

    /// <summary>The same, of any SQLite database file.</summary>
    public static async Task<string> TakeAsync(string filePath)
    {
        await using var connection = new SqliteConnection($"Data Source={filePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await select.ExecuteReaderAsync();
            dump.Append('#').Append(table).Append('\n');
            while (await reader.ReadAsync())
            {
                dump.Append(Row(reader)).Append('\n');
            }
        }

        return dump.ToString();
    }

    /// <summary>PostgreSQL has no rowid: each table's rows are sorted as text, which is as stable.</summary>
    private static async Task<string> TakePostgreSqlAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE \"C\"";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(Row(reader));
            }

            rows.Sort(StringComparer.Ordinal);
            dump.Append('#').Append(table).Append('\n');
            foreach (var row in rows)
            {
                dump.Append(row).Append('\n');
            }
        }

        return dump.ToString();
    }

    private static string Row(System.Data.Common.DbDataReader reader)
    {
        var row = new System.Text.StringBuilder();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            row.Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
        }

        return row.ToString();
    }
}
