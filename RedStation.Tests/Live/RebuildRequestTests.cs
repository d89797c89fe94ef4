using Microsoft.Extensions.Logging.Abstractions;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Live;

/// <summary>
/// The feed asks for its rebuild and <see cref="LiveFeedService"/>, which holds the writer, performs it: what the Redis
/// relay relies on (it is the writer's event sink, so it cannot hold the writer itself).
/// </summary>
public sealed class RebuildRequestTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private TestDatabase _database = null!;
    private LiveFeedService _service = null!;

    private LiveFeed Feed => _database.Get<LiveFeed>();

    public async Task InitializeAsync()
    {
        _database = await TestNetwork.CreateDatabaseAsync();
        _service = new LiveFeedService(Feed, _database.Get<DomainWriter>(), _database.Get<CityClock>(), NullLogger<LiveFeedService>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ARequestedRebuild_IsPerformedByTheService_AndReadsWhatTheDatabaseHoldsNow()
    {
        await _service.StartAsync(CancellationToken.None);
        var generation = Feed.Generation;
        var before = Feed.Stations([TestNetwork.OpenStationId]).Single().Occupancy;
        // Changed behind the feed's back (as another server's write whose event was lost): only a rebuild shows it.
        await SetOccupancyInTheDatabaseAsync(before + 3);

        await Feed.RequestRebuildAsync().WaitAsync(Patience);

        Assert.Equal(generation + 1, Feed.Generation);
        Assert.Equal(before + 3, Feed.Stations([TestNetwork.OpenStationId]).Single().Occupancy);
        Assert.False(Feed.RebuildPending);
    }

    [Fact]
    public async Task ARequestMadeBeforeTheServiceStarts_IsAnsweredByItsFirstBuild()
    {
        var requested = Feed.RequestRebuildAsync();
        Assert.True(Feed.RebuildPending);
        Assert.False(requested.IsCompleted);

        await _service.StartAsync(CancellationToken.None);

        await requested.WaitAsync(Patience);
        Assert.True(Feed.IsReady);
        Assert.False(Feed.RebuildPending);
    }

    private async Task SetOccupancyInTheDatabaseAsync(int occupancy)
    {
        await using var db = await _database.CreateContextAsync();
        var station = await db.Stations.FindAsync(TestNetwork.OpenStationId);
        station!.Occupancy = occupancy;
        await db.SaveChangesAsync();
    }
}
