using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace RedStation.Benchmarks;

/// <summary>
/// Check-ins through the API at a steady rate until stopped (the i-th sent at i / rate s, whether or not the previous
/// one was answered), each a free volunteer at the next station of a fixed rotation, each noted with when it was sent
/// and answered. Bounded: it never sends more than its volunteers, and each request gives up after 10 s.
/// </summary>
internal sealed class CheckInStream
{
    private readonly HttpClient _http;
    private readonly int[] _stations;
    private readonly int[] _volunteers;
    private readonly int _rate;
    private readonly CheckIn[] _sent;
    private readonly List<Task> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private int _count;
    private Task? _loop;

    /// <param name="stations">The rotation of stations, one per check-in in turn.</param>
    /// <param name="volunteers">Volunteers off duty, each checked in once.</param>
    public CheckInStream(HttpClient http, int[] stations, int[] volunteers, int rate)
    {
        _http = http;
        _stations = stations;
        _volunteers = volunteers;
        _rate = rate;
        _sent = new CheckIn[volunteers.Length];
    }

    /// <summary>Every check-in sent so far (a copy; the answers of those in flight may still change).</summary>
    public CheckIn[] Sent()
    {
        var count = Volatile.Read(ref _count);
        var copy = new CheckIn[count];
        for (var i = 0; i < count; i++)
        {
            copy[i] = Volatile.Read(ref _sent[i]!);
        }

        return copy;
    }

    public void Start() => _loop = Task.Run(LoopAsync);

    /// <summary>Sends no more; those sent are still answered.</summary>
    public void Stop() => _stop.Cancel();

    /// <summary>Stops sending and waits for every answer (or its timeout).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        Task[] requests;
        lock (_requests)
        {
            requests = [.. _requests];
        }

        await Task.WhenAll(requests);
    }

    private async Task LoopAsync()
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < _volunteers.Length && !_stop.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / _rate);
            if (due > clock.Elapsed)
            {
                try
                {
                    await Task.Delay(due - clock.Elapsed, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var checkIn = new CheckIn(_stations[i % _stations.Length], _volunteers[i], Stopwatch.GetTimestamp());
            Volatile.Write(ref _sent[i], checkIn);
            Volatile.Write(ref _count, i + 1);
            var request = SendAsync(checkIn);
            lock (_requests)
            {
                _requests.Add(request);
            }
        }
    }

    private async Task SendAsync(CheckIn checkIn)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await _http.PostAsJsonAsync(
                $"/api/v1/stations/{checkIn.StationId}/checkins", new { volunteerId = checkIn.VolunteerId }, timeout.Token);
            checkIn.Answer(response.StatusCode == HttpStatusCode.Created ? CheckInOutcome.Created : CheckInOutcome.Refused);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // Unanswered: it may or may not have been written.
            checkIn.Answer(CheckInOutcome.Unanswered);
        }
    }
}

internal enum CheckInOutcome
{
    Pending,
    Created,
    Refused,
    Unanswered,
}

/// <summary>One check-in sent: where, who, when sent and when answered (<see cref="Stopwatch"/> timestamps).</summary>
internal sealed class CheckIn(int stationId, int volunteerId, long sentAt)
{
    private long _answeredAt;
    private int _outcome;

    public int StationId { get; } = stationId;
    public int VolunteerId { get; } = volunteerId;
    public long SentAt { get; } = sentAt;
    public long AnsweredAt => Volatile.Read(ref _answeredAt);
    public CheckInOutcome Outcome => (CheckInOutcome)Volatile.Read(ref _outcome);

    public void Answer(CheckInOutcome outcome)
    {
        Volatile.Write(ref _answeredAt, Stopwatch.GetTimestamp());
        Volatile.Write(ref _outcome, (int)outcome);
    }
}
