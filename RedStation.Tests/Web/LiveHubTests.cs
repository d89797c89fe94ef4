using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data.Live;
using RedStation.Data.Services;

using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Web;

/// <summary>The hub through the real .NET SignalR client, against the app on a real port.</summary>
public sealed class LiveHubTests(SeededAppFixture fixture) : LiveHubTestsBase<SeededAppFixture>(fixture);

/// <summary>The same tests, on PostgreSQL.</summary>
public sealed class LiveHubTests_PostgreSQL(SeededAppFixture_PostgreSQL fixture) : LiveHubTestsBase<SeededAppFixture_PostgreSQL>(fixture);

/// <summary>The tests, on the database of <typeparamref name="TFixture"/>.</summary>
public abstract class LiveHubTestsBase<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SeededAppFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StationTopic_ReceivesItsCheckIns_AndNothingFromOtherStations()
    {
        var (stations, volunteers) = await fixture.PickAsync();
        var (watched, other) = (stations[3], stations[4]);
        var received = new ConcurrentQueue<VolunteerCheckedIn>();
        var snapshot = new TaskCompletionSource<LiveSnapshot>();
        await using var connection = await ConnectAsync(c =>
        {
            c.On<VolunteerCheckedIn>("VolunteerCheckedIn", received.Enqueue);
            c.On<LiveSnapshot>("Snapshot", s => snapshot.TrySetResult(s));
        });

        await connection.InvokeAsync("Subscribe", $"station:{watched}");
        var scoped = await snapshot.Task.WaitAsync(Patience);
        Assert.Equal(watched, Assert.Single(scoped.Stations).StationId);

        await PostCheckInAsync(watched, volunteers[0]);
        await PostCheckInAsync(other, volunteers[1]);
        await PostCheckInAsync(watched, volunteers[2]);

        // Events reach a client in sequence order: once the last one is here, the other station's would have come before it.
        await WaitUntilAsync(() => received.Count >= 2);
        Assert.Equal([volunteers[0], volunteers[2]], received.Select(e => e.VolunteerId));
        Assert.All(received, e => Assert.Equal(watched, e.StationId));
        Assert.All(received, e => Assert.True(e.DistrictId > 0 && e.Sequence > scoped.Sequence));
    }

    [Fact]
    public async Task Subscribe_ToAnUnknownTopic_IsRefused()
    {
        await using var connection = await ConnectAsync(_ => { });

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Subscribe", "everything"));

        Assert.Contains("Unknown topic", error.Message);
    }

    [Fact]
    public async Task FiveHundredConcurrentCheckIns_ProduceFiveHundredOrderedEvents_AndTheLiveStateEqualsTheDatabase()
    {
        const int count = 500;
        var (stations, volunteers) = await fixture.PickAsync();
        var received = new ConcurrentQueue<VolunteerCheckedIn>();
        var subscribed = new TaskCompletionSource();
        await using var connection = await ConnectAsync(c =>
        {
            c.On<VolunteerCheckedIn>("VolunteerCheckedIn", received.Enqueue);
            c.On<LiveSnapshot>("Snapshot", _ => subscribed.TrySetResult());
        });
        await connection.InvokeAsync("Subscribe", "all");
        await subscribed.Task.WaitAsync(Patience);

        // Volunteers from the end of the list: the other tests here take theirs from the start.
        var pairs = Enumerable.Range(0, count).Select(i => (Station: stations[i % stations.Length], Volunteer: volunteers[^(i + 1)])).ToArray();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(pairs, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (pair, ct) =>
        {
            using var response = await fixture.Client.PostAsJsonAsync($"/api/v1/stations/{pair.Station}/checkins", new { volunteerId = pair.Volunteer }, ct);
            statuses.Add(response.StatusCode);
        });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        await WaitUntilAsync(() => pairs.All(p => received.Any(e => e.VolunteerId == p.Volunteer)));
        var mine = received.Where(e => pairs.Any(p => p.Volunteer == e.VolunteerId)).ToList();
        Assert.Equal(count, mine.Count);
        var sequences = received.Select(e => e.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());

        var feed = fixture.Service<LiveFeed>();
        var fromDatabase = new LiveFeed(fixture.Service<Data.Time.CityClock>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<LiveFeed>.Instance);
        await fromDatabase.RebuildAsync(fixture.Service<DomainWriter>());
        Assert.Equal(
            JsonSerializer.Serialize(fromDatabase.Snapshot(LiveScope.All) with { Recent = [] }),
            JsonSerializer.Serialize(feed.Snapshot(LiveScope.All) with { Recent = [] }));
    }

    private async Task<HubConnection> ConnectAsync(Action<HubConnection> handlers)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.ServerAddress, "/hubs/live"), options => options.Headers["X-Api-Key"] = RedStationAppFactory.TestApiKey)
            .AddJsonProtocol(options => options.PayloadSerializerOptions = SeededAppFixture.Json)
            .Build();
        handlers(connection);
        await connection.StartAsync();
        return connection;
    }

    private async Task PostCheckInAsync(int stationId, int volunteerId)
    {
        using var response = await fixture.Client.PostAsJsonAsync($"/api/v1/stations/{stationId}/checkins", new { volunteerId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
