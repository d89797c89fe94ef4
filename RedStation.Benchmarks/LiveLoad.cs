using System.Net.Http.Json;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Benchmarks;

/// <summary>
/// A steady stream of live events through the API, for soaks: mostly check-ins, check-outs once enough are on duty (so
/// the pool of free volunteers never runs out), and head-counts. One caller at a time (<see cref="NextAsync"/> is not concurrent).
/// </summary>
internal sealed class LiveLoad(HttpClient http, LiveSnapshot live)
{
    private readonly Random _random = new(20201);
    private readonly int[] _stations = live.Stations.Where(s => s.Status == StationStatus.Open).Select(s => s.StationId).ToArray();
    private readonly Dictionary<int, int> _capacity = live.Stations.ToDictionary(s => s.StationId, s => s.Capacity);
    private readonly Queue<int> _free = new(Enumerable.Range(1, 17_000).Where(id => !live.Stations.SelectMany(s => s.OnDuty).Any(v => v.VolunteerId == id)));
    private readonly Queue<(int Station, int Volunteer)> _onDuty = new();
    private long _step;

    public long CheckIns { get; private set; }
    public long CheckOuts { get; private set; }
    public long HeadCounts { get; private set; }
    public long Failures { get; private set; }

    public async Task NextAsync()
    {
        var step = _step++;
        HttpResponseMessage response;
        if (step % 10 == 9)
        {
            var station = _stations[_random.Next(_stations.Length)];
            response = await http.PutAsJsonAsync($"/api/v1/stations/{station}/occupancy", new { count = _random.Next(0, Math.Max(1, _capacity[station]) + 1) });
            HeadCounts++;
        }
        else if (_onDuty.Count > 300 || (_onDuty.Count > 0 && step % 3 == 2) || _free.Count == 0)
        {
            var (station, volunteer) = _onDuty.Dequeue();
            response = await http.PostAsJsonAsync($"/api/v1/stations/{station}/checkouts", new { volunteerId = volunteer });
            _free.Enqueue(volunteer);
            CheckOuts++;
        }
        else
        {
            var station = _stations[_random.Next(_stations.Length)];
            var volunteer = _free.Dequeue();
            response = await http.PostAsJsonAsync($"/api/v1/stations/{station}/checkins", new { volunteerId = volunteer });
            if (response.IsSuccessStatusCode)
            {
                _onDuty.Enqueue((station, volunteer));
            }

            CheckIns++;
        }

        if (!response.IsSuccessStatusCode)
        {
            Failures++;
        }

        response.Dispose();
    }
}
