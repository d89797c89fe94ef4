using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Operations;

/// <summary>
/// A write the storage cannot take is answered 503 with problem-details and a code (<c>StorageReadOnly</c>,
/// <c>StorageFull</c>), never a bare 500, and nothing of it is written.
/// </summary>
public sealed class StorageFailureApiTests
{
    [Fact]
    public async Task ACheckIn_OnAReadOnlyDatabase_Is503StorageReadOnly_AndWritesNothing()
    {
        var fault = new StorageFault();
        await using var app = new RedStationAppFactory(seedDemo: true, services: services =>
            services.ConfigureDbContext<RedStationDbContext>(options => options.AddInterceptors(fault)));
        using var client = app.CreateClient();
        var (stationId, volunteerId) = await FreeVolunteerAsync(app);
        var before = await CountsAsync(app);

        // The real engine's refusal: SQLITE_READONLY on every connection the app opens from now on.
        fault.Pragma = "PRAGMA query_only = 1;";
        using var response = await client.PostAsJsonAsync($"/api/v1/stations/{stationId}/checkins", new { volunteerId });

        await AssertProblemAsync(response, "StorageReadOnly");
        fault.Pragma = "PRAGMA query_only = 0;";
        Assert.Equal(before, await CountsAsync(app));
    }

    [Fact]
    public async Task ACheckIn_OnAFullDisk_Is503StorageFull_AndWritesNothing()
    {
        var fault = new StorageFault();
        await using var app = new RedStationAppFactory(seedDemo: true, services: services =>
            services.ConfigureDbContext<RedStationDbContext>(options => options.AddInterceptors(fault)));
        using var client = app.CreateClient();
        var (stationId, volunteerId) = await FreeVolunteerAsync(app);
        var before = await CountsAsync(app);

        // SQLite's own disk-full error (SQLITE_FULL, 13) on the first write statement, as a full disk raises it.
        fault.FailWritesWithFullDisk = true;
        using var response = await client.PostAsJsonAsync($"/api/v1/stations/{stationId}/checkins", new { volunteerId });

        await AssertProblemAsync(response, "StorageFull");
        fault.FailWritesWithFullDisk = false;
        Assert.Equal(before, await CountsAsync(app));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
    }

    /// <summary>An open station and a volunteer off duty, after a check-in of another one that succeeds (the path works).</summary>
    private static async Task<(int StationId, int VolunteerId)> FreeVolunteerAsync(RedStationAppFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        var station = await db.Stations.Where(s => s.Status == Data.Entities.StationStatus.Open).OrderBy(s => s.Id).FirstAsync();
        var volunteers = await db.Volunteers.Where(v => !db.DutySessions.Any(d => d.VolunteerId == v.Id && d.CheckedOutAt == null))
            .OrderBy(v => v.Id).Select(v => v.Id).Take(2).ToListAsync();
        using var client = app.CreateClient();
        using var first = await client.PostAsJsonAsync($"/api/v1/stations/{station.Id}/checkins", new { volunteerId = volunteers[0] });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        return (station.Id, volunteers[1]);
    }

    private static async Task<(int Sessions, int Audit)> CountsAsync(RedStationAppFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        return (await db.DutySessions.CountAsync(), await db.AuditEntries.CountAsync());
    }

    /// <summary>Makes the app's SQLite connections fail as a read-only database or a full disk does, when asked.</summary>
    private sealed class StorageFault : DbCommandInterceptor, IDbConnectionInterceptor
    {
        public volatile string? Pragma;
        public volatile bool FailWritesWithFullDisk;

        public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            FailIfWrite(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            FailIfWrite(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void FailIfWrite(DbCommand command)
        {
            if (FailWritesWithFullDisk && command.CommandText.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
            }
        }

        private void Apply(DbConnection connection)
        {
            if (Pragma is { } pragma)
            {
                using var command = connection.CreateCommand();
                command.CommandText = pragma;
                command.ExecuteNonQuery();
            }
        }
    }
}
