using System.Collections.Concurrent;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Live;

/// <summary>Another server's events in this server's feed: numbered here, applied once, and known to a rebuild by the marks.</summary>
public class RemoteEventsTests : IAsyncLifetime
{
    private const string Origin = "server-a";

    private TestDatabase _database = null!;

    private LiveFeed Feed => _database.Get<LiveFeed>();

    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public async Task InitializeAsync()
    {
        // Every test starts from the same seed: a copy of the run's seeded template.
        _database = await TestDatabase.CreateFromTemplateAsync("demo", _ => Task.CompletedTask, seedDemo: true, seedDays: 2, provider: Provider);
        await Feed.RebuildAsync(_database.Get<DomainWriter>());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public void RemoteEvents_AreNumberedByThisFeed_AndAnEventDeliveredTwiceCountsOnce()
    {
        var received = new ConcurrentQueue<LiveEvent>();
        using var subscription = Feed.Subscribe(events => { foreach (var e in events) received.Enqueue(e); });
        var (station, before) = OpenStation();
        var sequence = Feed.Sequence;

        Feed.PublishRemote(Origin, [Occupancy(station, 1, before + 1), Occupancy(station, 2, before + 2)]);
        Feed.PublishRemote(Origin, [Occupancy(station, 2, before + 2)]);

        Assert.Equal(before + 2, Occupancy(station));
        Assert.Equal([sequence + 1, sequence + 2], received.Select(e => e.Sequence));
        Assert.False(Feed.IsBehind(Origin, 2));
        Assert.True(Feed.IsBehind(Origin, 3));
    }

    [Fact]
    public async Task ARebuild_KnowsFromTheMarks_WhichRemoteEventsItsSnapshotHolds()
    {
        var (station, before) = OpenStation();
        await using (var db = await _database.CreateContextAsync())
        {
            // Server A committed its events up to 5 (the head-count change among them), then they reach this server late.
            var row = await db.Stations.FindAsync(station);
            row!.Occupancy = before + 1;
            db.LiveOriginMarks.Add(new LiveOriginMark { OriginId = Origin, Sequence = 5, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        await Feed.RebuildAsync(_database.Get<DomainWriter>());
        Feed.PublishRemote(Origin, [Occupancy(station, 5, before + 1)]);
        Assert.Equal(before + 1, Occupancy(station));

        Feed.PublishRemote(Origin, [Occupancy(station, 6, before + 2)]);
        Assert.Equal(before + 2, Occupancy(station));
    }

    [Fact]
    public async Task AGapInAnOriginsNumbering_AsksForARebuild()
    {
        var (station, before) = OpenStation();
        var service = new LiveFeedService(Feed, _database.Get<DomainWriter>(), _database.Get<Data.Time.CityClock>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<LiveFeedService>.Instance);
        // The service rebuilds the state as it starts: only a build after that one is the gap's.
        await service.StartAsync(CancellationToken.None);
        var generation = Feed.Generation;
        var rebuilt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Feed.Subscribe(events =>
        {
            // A rebuild notifies its subscribers with an empty batch, once the new state is in place.
            if (events.Count == 0 && Feed.Generation > generation)
            {
                rebuilt.TrySetResult();
            }
        });
        try
        {
            Feed.PublishRemote(Origin, [Occupancy(station, 1, before + 1)]);
            Feed.PublishRemote(Origin, [Occupancy(station, 3, before + 3)]);

            await rebuilt.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The state is the database's again, which holds neither of the origin's events (they were never committed here).
            Assert.Equal(before, Occupancy(station));
            Assert.True(Feed.IsBehind(Origin, 1));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private (int StationId, int Occupancy) OpenStation()
    {
        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open);
        return (station.StationId, station.Occupancy);
    }

    private int Occupancy(int stationId) => Feed.Stations([stationId]).Single().Occupancy;

    private OccupancyChanged Occupancy(int stationId, long originSequence, int count)
    {
        var station = Feed.Stations([stationId]).Single();
        return new OccupancyChanged(count, 1, station.Capacity)
        {
            Sequence = originSequence,
            StationId = stationId,
            DistrictId = station.DistrictId,
            At = _database.Time.GetUtcNow().UtcDateTime,
        };
    }
}

/// <summary>The same on PostgreSQL, where the origin marks are upserted with the same statement.</summary>
public sealed class RemoteEventsTests_PostgreSQL : RemoteEventsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
