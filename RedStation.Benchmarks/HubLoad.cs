using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data.Live;

namespace RedStation.Benchmarks;

/// <summary>Hub clients, a steady rate and the floor: what the live pipeline's benchmarks share.</summary>
internal static class HubLoad
{
    public static async Task<Percentiles> MeasureFloorAsync(int clientCount, int rate, int seconds)
    {
        await using var server = await FloorServer.StartAsync();
        var sent = new ConcurrentDictionary<long, long>();
        var received = new ConcurrentBag<(long Id, long At)>();
        // The same message as RedStation's, so that both sides pay the same serialization on every client.
        var clients = await ConnectAsync(clientCount, server.HubUrl,
            c => c.On<VolunteerCheckedIn>("VolunteerCheckedIn", e => received.Add((e.VolunteerId, Stopwatch.GetTimestamp()))), subscribe: null);
        await RunAtRateAsync(rate, seconds, async i =>
        {
            sent[i] = Stopwatch.GetTimestamp();
            await server.Hub.Clients.All.SendAsync("VolunteerCheckedIn", new VolunteerCheckedIn(i, i, "林晓明")
            {
                Sequence = i,
                StationId = 1,
                DistrictId = 1,
                At = DateTime.UtcNow,
            });
        });
        await WaitForAsync(() => received.Count >= sent.Count * (long)clientCount);
        await DisposeAllAsync(clients);
        return Latencies(sent, received);
    }

    public static async Task<List<HubConnection>> ConnectAsync(int count, Uri url, Action<HubConnection> handlers, string? subscribe)
    {
        var connections = new ConcurrentBag<HubConnection>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, ct) =>
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(url, o =>
                {
                    o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                    o.Headers["X-Api-Key"] = BenchmarkApp.ApiKey;
                })
                .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
                .Build();
            handlers(connection);
            connection.On<JsonElement>("Snapshot", _ => { });
            await connection.StartAsync(ct);
            if (subscribe is not null)
            {
                await connection.InvokeAsync("Subscribe", subscribe, ct);
            }

            connections.Add(connection);
        });
        Console.WriteLine($"{count} clients connected to {url}");
        return [.. connections];
    }

    public static async Task DisposeAllAsync(List<HubConnection> connections) =>
        await Parallel.ForEachAsync(connections, async (c, _) => await c.DisposeAsync());

    // A steady rate: the i-th action starts at i / rate seconds, whether or not the previous one finished.
    public static async Task RunAtRateAsync(int rate, int seconds, Func<int, Task> action)
    {
        var total = rate * seconds;
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var index = i;
            tasks.Add(Task.Run(() => action(index)));
        }

        await Task.WhenAll(tasks);
    }

    public static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }
    }

    public static Percentiles Latencies(ConcurrentDictionary<long, long> from, ConcurrentBag<(long Id, long At)> received) =>
        new(received.Where(r => from.ContainsKey(r.Id))
            .Select(r => Stopwatch.GetElapsedTime(from[r.Id], r.At).TotalMilliseconds * (r.At >= from[r.Id] ? 1 : -1))
            .ToList());
}
