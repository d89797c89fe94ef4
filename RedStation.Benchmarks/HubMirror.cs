using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data.Live;

namespace RedStation.Benchmarks;

/// <summary>
/// What a dashboard outside Blazor keeps of one topic — who is on duty where and each station's check-ins today — by
/// the README's client rule: replace the state with every snapshot (the answer to Subscribe and every resync), then
/// apply the events whose sequence is above it, in order. A copy of the tests' <c>HubMirror</c> that reports its state
/// instead of asserting it (the benchmarks do not reference the test project).
/// </summary>
internal sealed class HubMirror : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly HubConnection _connection;
    private Dictionary<int, HashSet<int>> _onDuty = [];
    private Dictionary<int, int> _checkIns = [];
    private long _sequence = -1;
    private readonly List<long> _resyncs = [];

    private HubMirror(HubConnection connection, LiveScope scope)
    {
        _connection = connection;
        Scope = scope;
        connection.On<LiveSnapshot>("Snapshot", Replace);
        connection.On<VolunteerCheckedIn>("VolunteerCheckedIn", e => Apply(e, () =>
        {
            OnDutyAt(e.StationId).Add(e.VolunteerId);
            _checkIns[e.StationId] = _checkIns.GetValueOrDefault(e.StationId) + 1;
        }));
        connection.On<VolunteerCheckedOut>("VolunteerCheckedOut", e => Apply(e, () => OnDutyAt(e.StationId).Remove(e.VolunteerId)));
    }

    public LiveScope Scope { get; }

    /// <summary>When (a <see cref="Stopwatch"/> timestamp) the first snapshot marked <see cref="LiveSnapshot.Resync"/> after <paramref name="since"/> arrived; 0 if none did.</summary>
    public long FirstResyncAfter(long since)
    {
        lock (_gate)
        {
            return _resyncs.FirstOrDefault(at => at > since);
        }
    }

    public static async Task<HubMirror> StartAsync(Uri server, LiveScope scope)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/live"), options =>
            {
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                options.Headers["X-Api-Key"] = BenchmarkApp.ApiKey;
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        var mirror = new HubMirror(connection, scope);
        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", scope.ToString());
        return mirror;
    }

    /// <summary>The state now; empty before the first snapshot.</summary>
    public LiveView View()
    {
        lock (_gate)
        {
            return new LiveView(
                _sequence >= 0,
                _onDuty.SelectMany(kv => kv.Value.Select(v => (kv.Key, v))).ToHashSet(),
                new Dictionary<int, int>(_checkIns));
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
            if (snapshot.Resync)
            {
                _resyncs.Add(Stopwatch.GetTimestamp());
            }
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

/// <summary>What a screen or hub client shows of its scope, reduced to what the outage benchmark compares.</summary>
/// <param name="Ready">False before the first snapshot.</param>
/// <param name="OnDuty">(station, volunteer) for every volunteer on duty.</param>
/// <param name="CheckIns">Each station's check-ins today.</param>
internal sealed record LiveView(bool Ready, HashSet<(int Station, int Volunteer)> OnDuty, Dictionary<int, int> CheckIns)
{
    public static LiveView Of(LiveSnapshot snapshot) => new(
        true,
        snapshot.Stations.SelectMany(s => s.OnDuty.Select(v => (s.StationId, v.VolunteerId))).ToHashSet(),
        snapshot.Stations.ToDictionary(s => s.StationId, s => s.Today.CheckIns));

    /// <summary>Equal on both counts, as the tests' <c>HubMirror.AssertEquals</c> compares (stations of the truth's scope).</summary>
    public bool SameAs(LiveSnapshot truth) =>
        Ready
        && OnDuty.SetEquals(truth.Stations.SelectMany(s => s.OnDuty.Select(v => (s.StationId, v.VolunteerId))))
        && truth.Stations.All(s => s.Today.CheckIns == CheckIns.GetValueOrDefault(s.StationId));
}
