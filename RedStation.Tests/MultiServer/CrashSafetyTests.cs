using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RedStation.Dashboard.Api;
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
/// Killed between an idempotent write's commit and its answer: the retry replays the answer and writes nothing.
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

    [Fact]
    public async Task SigkillBetweenAnIdempotentCheckInsCommitAndItsAnswer_TheRetryAfterARestartReplaysTheAnswer_AndWritesOnce()
    {
        var key = Guid.NewGuid().ToString();
        int station, volunteer;
        DateTime sentAt;
        await using (var app = await AppProcess.StartAsync(_folder, new Dictionary<string, string?> { [IdempotencyMiddleware.HoldAnswersSetting] = "true" }))
        {
            using var client = app.CreateClient();
            var live = (await client.GetFromJsonAsync<LiveSnapshot>("/api/v1/live?topic=all", SeededAppFixture.Json))!;
            station = live.Stations.First(s => s.Status == Data.Entities.StationStatus.Open).StationId;
            var busy = live.Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToHashSet();
            volunteer = Enumerable.Range(1, 17_000).First(id => !busy.Contains(id));

            // The app holds the answer once the write committed and says so: the kill lands between the two.
            var held = app.WaitForOutputAsync(IdempotencyMiddleware.HoldingMessage);
            sentAt = DateTime.UtcNow;
            var first = SendCheckInAsync(client, station, volunteer, key);
            await held.WaitAsync(TimeSpan.FromMinutes(2));
            await app.KillAsync();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => first);
        }

        await using (var restarted = await AppProcess.StartAsync(_folder))
        {
            using var client = restarted.CreateClient();
            using var retry = await SendCheckInAsync(client, station, volunteer, key);

            Assert.Equal(System.Net.HttpStatusCode.Created, retry.StatusCode);
            Assert.Equal("true", retry.Headers.GetValues(IdempotencyMiddleware.ReplayedHeaderName).Single());
            var session = (await retry.Content.ReadFromJsonAsync<DutySessionResource>(SeededAppFixture.Json))!;
            Assert.Equal(volunteer, session.VolunteerId);
            Assert.Equal([session.Id], await SessionsSinceAsync(volunteer, sentAt));
        }
    }

    private static async Task<HttpResponseMessage> SendCheckInAsync(HttpClient client, int station, int volunteer, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stations/{station}/checkins") { Content = JsonContent.Create(new { volunteerId = volunteer }) };
        request.Headers.Add(IdempotencyMiddleware.HeaderName, key);
        return await client.SendAsync(request);
    }

    /// <summary>The ids of the volunteer's duty sessions checked in since <paramref name="since"/>, read from the file.</summary>
    private async Task<List<long>> SessionsSinceAsync(int volunteer, DateTime since)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Instants are stored as "yyyy-MM-dd HH:mm:ss.fffffff" text, which compares in time order.
        command.CommandText = "SELECT Id FROM DutySessions WHERE VolunteerId = $volunteer AND CheckedInAt >= $since;";
        command.Parameters.AddWithValue("$volunteer", volunteer);
        command.Parameters.AddWithValue("$since", since.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
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
