using Microsoft.Data.Sqlite;
using RedStation.Data.Entities;

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

    /// <summary>Creates an empty migrated database holding this network.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync();
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
        return database;
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

/// <summary>Every row of every table, read straight from the file: what "nothing was written" is checked against.</summary>
public static class DatabaseSnapshot
{
    public static Task<string> TakeAsync(TestDatabase database) => TakeAsync(database.FilePath);

    /// <summary>The same, of any database file (e.g. a running test app's <c>DatabasePath</c>).</summary>
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
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                dump.Append('\n');
            }
        }

        return dump.ToString();
    }
}
