using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Live;
using RedStation.Data.Live;
using RedStation.Tests.Web;

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// A hub client that keeps what a dashboard outside Blazor would keep of one topic — who is on duty where and each
/// station's check-ins today — by the rule docs/api.md gives clients: replace the state with every snapshot (the
/// answer to Subscribe, and every resync), then apply the events whose sequence is above it, in order.
/// </summary>
public sealed class HubMirror : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly HubConnection _connection;
    private readonly string _topic;
    private Dictionary<int, HashSet<int>> _onDuty = [];
    private Dictionary<int, int> _checkIns = [];
    private long _sequence = -1;

    private HubMirror(HubConnection connection, string topic)
    {
        _connection = connection;
        _topic = topic;
        connection.On<LiveSnapshot>("Snapshot", Replace);
        connection.On<VolunteerCheckedIn>("VolunteerCheckedIn", e => Apply(e, () =>
        {
            OnDutyAt(e.StationId).Add(e.VolunteerId);
            _checkIns[e.StationId] = _checkIns.GetValueOrDefault(e.StationId) + 1;
        }));
        connection.On<VolunteerCheckedOut>("VolunteerCheckedOut", e => Apply(e, () => OnDutyAt(e.StationId).Remove(e.VolunteerId)));
        connection.On<LiveStatus>("Status", s =>
        {
            lock (_gate)
            {
                LastStatus = s;
            }
        });
    }

    /// <summary>How many snapshots marked <see cref="LiveSnapshot.Resync"/> arrived.</summary>
    public int Resyncs { get; private set; }

    public LiveStatus? LastStatus { get; private set; }

    public static async Task<HubMirror> StartAsync(Uri server, string apiKey, string topic)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/live"), options => options.Headers["X-Api-Key"] = apiKey)
            .AddJsonProtocol(options => options.PayloadSerializerOptions = SeededAppFixture.Json)
            .Build();
        var mirror = new HubMirror(connection, topic);
        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", topic);
        return mirror;
    }

    /// <summary>Fails unless the mirror holds what <paramref name="truth"/> (a snapshot of its topic built from the database) says.</summary>
    public void AssertEquals(LiveSnapshot truth)
    {
        lock (_gate)
        {
            Assert.True(_sequence >= 0, $"{_topic}: no snapshot yet.");
            var expectedOnDuty = truth.Stations.SelectMany(s => s.OnDuty.Select(v => $"{s.StationId}:{v.VolunteerId}")).Order().ToList();
            var onDuty = _onDuty.SelectMany(kv => kv.Value.Select(v => $"{kv.Key}:{v}")).Order().ToList();
            var missing = expectedOnDuty.Except(onDuty).ToList();
            var extra = onDuty.Except(expectedOnDuty).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0,
                $"{_topic}: {missing.Count} on duty in the database missing from the hub client ({string.Join(", ", missing.Take(5))}), {extra.Count} extra ({string.Join(", ", extra.Take(5))}).");
            foreach (var station in truth.Stations)
            {
                Assert.True(station.Today.CheckIns == _checkIns.GetValueOrDefault(station.StationId),
                    $"{_topic}: station {station.StationId} has {station.Today.CheckIns} check-ins today in the database, {_checkIns.GetValueOrDefault(station.StationId)} at the hub client.");
            }
        }
    }

    private HashSet<int> OnDutyAt(int stationId) => _onDuty.TryGetValue(stationId, out var set) ? set : _onDuty[stationId] = [];

    private void Replace(LiveSnapshot snapshot)
    {
        lock (_gate)
        {
            _sequence = snapshot.Sequence;
            _onDuty = snapshot.Stations.ToDictionary(s => s.StationId, s => s.OnDuty.Select(v => v.VolunteerId).ToHashSet());
            _checkIns = snapshot.Stations.ToDictionary(s => s.StationId, s => s.Today.CheckIns);
            Resyncs += snapshot.Resync ? 1 : 0;
        }
    }

    private void Apply(LiveEvent liveEvent, Action apply)
    {
        lock (_gate)
        {
            // Before the first snapshot nothing is known; an event the snapshot already holds is skipped.
            if (_sequence < 0 || liveEvent.Sequence <= _sequence)
            {
                return;
            }

            _sequence = liveEvent.Sequence;
            apply();
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
