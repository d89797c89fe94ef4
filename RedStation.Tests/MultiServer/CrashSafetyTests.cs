using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RedStation.Data;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;
using RedStation.Tests.Infrastructure;
using RedStation.Tests.Web;

namespace RedStation.Tests.MultiServer;

/// <summary>
/// The app as its own process, killed with SIGKILL in the middle of a burst of check-ins: every check-in it
/// acknowledged is in the database, the file is intact, and after a restart the live state equals the database.
/// </summary>
public sealed class CrashSafetyTests : IAsyncLifetime
{
    private const int Burst = 1000;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "redstation-crash-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_folder, "redstation.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open elsewhere; the temp folder is cleaned by the OS eventually.
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task SigkillDuringAThousandConcurrentCheckIns_LosesNoAcknowledgedWrite_AndTheRestartedLiveStateEqualsTheDatabase()
    {
        var acknowledged = new ConcurrentBag<(int Station, int Volunteer)>();
        await using (var app = await AppProcess.StartAsync(_folder))
        {
            using var client = app.CreateClient();
            var live = (await client.GetFromJsonAsync<LiveSnapshot>("/api/v1/live?topic=all", SeededAppFixture.Json))!;
            var stations = live.Stations.Where(s => s.Status == Data.Entities.StationStatus.Open).Select(s => s.StationId).ToArray();
            var busy = live.Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToHashSet();
            var volunteers = Enumerable.Range(1, 17_000).Where(id => !busy.Contains(id)).Take(Burst).ToArray();
            var killAfter = Burst / 3;
            var killed = new TaskCompletionSource();

            var burst = Parallel.ForEachAsync(Enumerable.Range(0, Burst), new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (i, _) =>
            {
                try
                {
                    using var response = await client.PostAsJsonAsync($"/api/v1/stations/{stations[i % stations.Length]}/checkins", new { volunteerId = volunteers[i] });
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add((stations[i % stations.Length], volunteers[i]));
                        if (acknowledged.Count >= killAfter)
                        {
                            killed.TrySetResult();
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // The server died with this request in flight: not acknowledged.
                }
            });

            await killed.Task.WaitAsync(TimeSpan.FromMinutes(3));
            await app.KillAsync();
            await burst;
        }

        Assert.InRange(acknowledged.Count, Burst / 3, Burst - 1);
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());

            await using var open = connection.CreateCommand();
            open.CommandText = "SELECT StationId, VolunteerId FROM DutySessions WHERE CheckedOutAt IS NULL;";
            var onDuty = new HashSet<(int, int)>();
            await using (var reader = await open.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    onDuty.Add((reader.GetInt32(0), reader.GetInt32(1)));
                }
            }

            Assert.DoesNotContain(acknowledged, a => !onDuty.Contains(a));
        }

        await using (var restarted = await AppProcess.StartAsync(_folder))
        {
            using var client = restarted.CreateClient();
            var live = (await client.GetFromJsonAsync<LiveSnapshot>("/api/v1/live?topic=all", SeededAppFixture.Json))!;
            var fromDatabase = await BuildFromDatabaseAsync();
            Assert.Equal(
                JsonSerializer.Serialize(fromDatabase with { Recent = [], Sequence = 0 }, SeededAppFixture.Json),
                JsonSerializer.Serialize(live with { Recent = [], Sequence = 0 }, SeededAppFixture.Json));
            Assert.All(acknowledged, a => Assert.Contains(live.Stations.Single(s => s.StationId == a.Station).OnDuty, v => v.VolunteerId == a.Volunteer));
        }
    }

    /// <summary>The live state as the data layer builds it from the file, outside the app.</summary>
    private async Task<LiveSnapshot> BuildFromDatabaseAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}"] = $"Data Source={DatabasePath}" })
            .Build();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddRedStationData(configuration, _folder)
            .BuildServiceProvider();
        var feed = new LiveFeed(services.GetRequiredService<CityClock>(), NullLogger<LiveFeed>.Instance);
        await feed.RebuildAsync(services.GetRequiredService<DomainWriter>());
        return feed.Snapshot(LiveScope.All);
    }
}
