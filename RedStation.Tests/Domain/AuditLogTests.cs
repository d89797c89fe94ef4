using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RedStation.Data.Auditing;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class AuditLogTests : DomainTestBase
{
    private static readonly Actor Duty = new(ActorKind.Person, "user-7", "duty.lin");
    private static readonly Actor Kiosk = new(ActorKind.ApiKey, "config:kiosk", "kiosk-east");

    private AuditLog Log => Service<AuditLog>();

    [Fact]
    public async Task Search_ListsNewestFirst_AndPagesWithoutGapsOrRepeats()
    {
        for (var count = 1; count <= 7; count++)
        {
            AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, count));
            Database.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await Log.SearchAsync(new AuditQuery { PageSize = 4 });
        var second = await Log.SearchAsync(new AuditQuery { PageSize = 4, Page = 1 });

        var all = first.Items.Concat(second.Items).ToList();
        Assert.Equal(14, first.TotalCount);
        Assert.Equal(8, all.Count);
        Assert.Equal(all.Count, all.Select(r => r.Id).Distinct().Count());
        Assert.Equal(all.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Select(r => r.Id), all.Select(r => r.Id));
        Assert.All(all, r => Assert.Equal(OpenStationId, r.StationId));
        Assert.Equal(await StationNameAsync(OpenStationId), all[0].StationName);
    }

    [Fact]
    public async Task Search_FiltersByActorKindAndName_EntityStationAndChange()
    {
        using (ActorContext.Begin(Duty))
        {
            AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerA));
        }

        using (ActorContext.Begin(Kiosk))
        {
            AssertSucceeded(await Service<OccupancyService>().SetAsync(SecondOpenStationId, 3));
        }

        var byKind = await Log.SearchAsync(new AuditQuery { ActorKind = ActorKind.ApiKey });
        Assert.All(byKind.Items, r => Assert.Equal("kiosk-east", r.ActorName));
        Assert.Equal(2, byKind.TotalCount);
        Assert.All((await Log.SearchAsync(new AuditQuery { Actor = "lin" })).Items, r => Assert.Equal(Duty.Id, r.ActorId));
        var sessions = await Log.SearchAsync(new AuditQuery { Entity = nameof(DutySession) });
        Assert.Equal(OpenStationId, Assert.Single(sessions.Items).StationId);
        Assert.All((await Log.SearchAsync(new AuditQuery { StationId = SecondOpenStationId })).Items, r => Assert.Equal(SecondOpenStationId, r.StationId));
        var modified = await Log.SearchAsync(new AuditQuery { Change = AuditChange.Modified });
        Assert.Equal(nameof(Station), Assert.Single(modified.Items).Entity);
        Assert.Equal(0, (await Log.SearchAsync(new AuditQuery { Actor = "nobody" })).TotalCount);
    }

    [Fact]
    public async Task Search_FiltersByCityDays_NotUtcDays()
    {
        // 2026-11-28 07:30 in Ningde is 2026-11-27 23:30 UTC: the city's 28th, UTC's 27th.
        Database.Time.Set(new DateTimeOffset(2026, 11, 27, 23, 30, 0, TimeSpan.Zero));
        AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, 2));
        Database.Time.Set(new DateTimeOffset(2026, 11, 27, 15, 30, 0, TimeSpan.Zero));
        AssertSucceeded(await Service<OccupancyService>().SetAsync(SecondOpenStationId, 2));

        var onThe28th = await Log.SearchAsync(new AuditQuery { From = new DateOnly(2026, 11, 28), To = new DateOnly(2026, 11, 28) });
        var onThe27th = await Log.SearchAsync(new AuditQuery { To = new DateOnly(2026, 11, 27) });

        Assert.All(onThe28th.Items, r => Assert.Equal(OpenStationId, r.StationId));
        Assert.Equal(2, onThe28th.TotalCount);
        Assert.All(onThe27th.Items, r => Assert.Equal(SecondOpenStationId, r.StationId));
        Assert.Equal(2, onThe27th.TotalCount);
    }

    [Fact]
    public async Task Find_ShowsBeforeAndAfter_PropertyByProperty()
    {
        AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, 5));
        AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, 8));
        var modified = (await Log.SearchAsync(new AuditQuery { Change = AuditChange.Modified, Entity = nameof(Station) })).Items[0];

        var detail = (await Log.FindAsync(modified.Id))!;

        var occupancy = Assert.Single(detail.Values, v => v.Property == nameof(Station.Occupancy));
        Assert.Equal(("5", "8"), (occupancy.Before, occupancy.After));
        Assert.Equal(await StationNameAsync(OpenStationId), detail.Row.StationName);
        Assert.Null(await Log.FindAsync(-1));
    }

    [Fact]
    public async Task Search_NewestFirst_WalksTheTimeIndex_InsteadOfSortingTheTable()
    {
        await using var db = await Database.CreateContextAsync();
        var sql = db.AuditEntries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(25).Take(25).ToQueryString();
        var stationSql = db.AuditEntries.Where(a => a.StationId == 1).OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(25).ToQueryString();

        var plan = await PlanAsync(sql);
        var stationPlan = await PlanAsync(stationSql);

        if (Provider == DatabaseProvider.PostgreSQL)
        {
            // PostgreSQL walks the same indexes (backwards); ties on the instant are sorted incrementally.
            Assert.Contains("IX_AuditEntries_At", plan);
            Assert.Contains("IX_AuditEntries_StationId_At", stationPlan);
            return;
        }

        Assert.DoesNotContain("TEMP B-TREE", plan);
        Assert.Contains("IX_AuditEntries_At", plan);
        Assert.DoesNotContain("TEMP B-TREE", stationPlan);
        Assert.Contains("IX_AuditEntries_StationId_At", stationPlan);
    }

    private async Task<string> PlanAsync(string sql)
    {
        if (Provider == DatabaseProvider.PostgreSQL)
        {
            return await PostgreSqlPlanAsync(sql);
        }

        await using var connection = new SqliteConnection($"Data Source={Database.FilePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // ToQueryString declares its parameters in front (".param set"); the plan needs only the SELECT.
        command.CommandText = "EXPLAIN QUERY PLAN " + sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..];
        foreach (var name in new[] { "@p", "@p0", "@p1", "@__p_0", "@__p_1" })
        {
            if (command.CommandText.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, 25);
            }
        }

        await using var reader = await command.ExecuteReaderAsync();
        var plan = new System.Text.StringBuilder();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(3));
        }

        return plan.ToString();
    }

    /// <summary>The plan as the table grows: with sequential scans priced out, as they are on a large table.</summary>
    private async Task<string> PostgreSqlPlanAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using (var setting = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await setting.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("EXPLAIN " + sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..], connection);
        foreach (var name in new[] { "@p", "@p0", "@p1", "@__p_0", "@__p_1" })
        {
            if (command.CommandText.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name[1..], 25);
            }
        }

        await using var reader = await command.ExecuteReaderAsync();
        var plan = new System.Text.StringBuilder();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(0));
        }

        return plan.ToString();
    }

    private async Task<string> StationNameAsync(int stationId)
    {
        await using var db = await Database.CreateContextAsync();
        return await db.Stations.Where(s => s.Id == stationId).Select(s => s.Name).SingleAsync();
    }
}

public sealed class AuditLogTests_PostgreSQL : AuditLogTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
