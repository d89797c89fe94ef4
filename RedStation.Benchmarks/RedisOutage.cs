using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RedStation.Dashboard.Live;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Benchmarks;

// Redis away for a while, check-ins going on: how long after it returns are the other server's hub clients and screens
// the database's again, and is anything lost for good? (Issue 18.)
//   dotnet run -c Release --project RedStation.Benchmarks -- redis-outage [--outages 10,30] [--rate 20] [--clients 20]
//       [--steady 10] [--after 10]
// Two in-process app servers, A and B, on one fresh seeded SQLite file (7 days), sharing a loopback `redis-server`
// (`Redis:HeartbeatInterval` left at its default). N hub clients on B keep their topic's state by the README's client
// rule (a third each on `all`, a district and a station; the load sends every other check-in to the watched stations).
// For each outage length: `--steady` s of check-ins to A, redis-server killed, the outage, redis-server started again on
// the same port, `--after` s more of check-ins, then the load stops. From Redis's return every hub client and B's own
// live state (what B's screens render) is compared every 50 ms with what the database holds, and at the end with a
// snapshot built from the database. Results go to the "redis-outage" section of the day's pass file, docs/performance/DATE.md.
internal static class RedisOutage
{
    private const string Section = "redis-outage";

    /// <summary>How often each client's state is compared.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A check-in acknowledged longer ago than this must be in every state that is in step; a younger one may or may not
    /// be (its event is on its way: steady-state delivery here is tens of milliseconds). See <see cref="Expectation"/>.
    /// </summary>
    private static readonly TimeSpan InFlight = TimeSpan.FromSeconds(1);

    /// <summary>After the load stops, how long to wait for every state to be in step before giving up on it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var outages = options.Counts("--outages", "10,30");
        var rate = Math.Max(1, options.Count("--rate", 20));
        var clientCount = Math.Max(3, options.Count("--clients", 20));
        var steady = Math.Max(1, options.Count("--steady", 10));
        var after = Math.Max(1, options.Count("--after", 10));
        var command = $"redis-outage --outages {string.Join(',', outages)} --rate {rate} --clients {clientCount} --steady {steady} --after {after}";
        Console.WriteLine($"RedStation Redis outage: {command}; load average {LiveCapacity.LoadAverage()}");

        var folder = Path.Combine(Path.GetTempPath(), "redstation-outage", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var redis = await RedisProcess.StartAsync();
            var settings = new Dictionary<string, string>
            {
                ["Redis:Configuration"] = redis.Configuration,
                ["Security:HubInvocationPermitLimit"] = int.MaxValue.ToString(CultureInfo.InvariantCulture),
            };
            var database = Path.Combine(folder, "redstation.db");
            // A first: it seeds the file; B opens it seeded.
            await using var a = new BenchmarkApp(database, settings);
            _ = a.ServerAddress;
            await using var b = new BenchmarkApp(database, settings);
            _ = b.ServerAddress;
            var feedA = a.Services.GetRequiredService<LiveFeed>();
            var feedB = b.Services.GetRequiredService<LiveFeed>();
            await WaitUntilAsync(() => IsSettled(a) && IsSettled(b), TimeSpan.FromSeconds(60), "both servers on Redis and live");

            var clock = b.Services.GetRequiredService<CityClock>();
            var estimate = TimeSpan.FromSeconds(outages.Sum(o => steady + o + after + 20) + 30);
            var untilMidnight = clock.StartOfDayUtc(clock.Today.AddDays(1)) - clock.UtcNow;
            if (untilMidnight < estimate)
            {
                // A new city day rebuilds every feed and resets today's counts: not an outage. Wait it out (and the
                // sessions that end with the day).
                Console.WriteLine($"The city day ends in {untilMidnight.TotalSeconds:F0} s: waiting until after it.");
                await Task.Delay(untilMidnight + TimeSpan.FromSeconds(90));
            }

            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = a.ServerAddress };
            http.DefaultRequestHeaders.Add("X-Api-Key", BenchmarkApp.ApiKey);
            var live = (await http.GetFromJsonAsync<LiveSnapshot>("/api/v1/live", json))!;
            var open = live.Stations.Where(s => s.Status == StationStatus.Open).ToArray();
            var busy = live.Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToHashSet();
            var free = new Queue<int>(Enumerable.Range(1, 17_000).Where(id => !busy.Contains(id)));
            var needed = outages.Sum(o => rate * (steady + o + after + 1));
            if (free.Count < needed)
            {
                throw new InvalidOperationException($"{needed} check-ins need as many free volunteers; the seeded network has {free.Count}.");
            }

            // Watched stations in different districts; the clients' topics in turn: the city, a district, a station.
            var watched = open.GroupBy(s => s.DistrictId).Select(g => g.First()).Take(3).ToArray();
            var scopes = Enumerable.Range(0, clientCount).Select(i => (i % 3) switch
            {
                0 => LiveScope.All,
                1 => LiveScope.District(watched[(i / 3) % watched.Length].DistrictId),
                _ => LiveScope.Station(watched[(i / 3) % watched.Length].StationId),
            }).ToArray();
            var rotation = Enumerable.Range(0, open.Length * 2)
                .Select(i => i % 2 == 0 ? watched[(i / 2) % watched.Length].StationId : open[(i / 2) % open.Length].StationId).ToArray();

            var mirrors = new List<HubMirror>();
            foreach (var scope in scopes)
            {
                mirrors.Add(await HubMirror.StartAsync(b.ServerAddress, scope));
            }

            Console.WriteLine($"{mirrors.Count} hub clients on B: {string.Join(", ", scopes.GroupBy(s => s.ToString()).Select(g => $"{g.Key} ×{g.Count()}"))}");

            // Check-outs are not part of the load, but the servers close overdue sessions by themselves: a pair either
            // server's writer checked out may be present or not in a state that is in step (its event may be on its way).
            var checkedOut = new ConcurrentDictionary<(int Station, int Volunteer), bool>();
            void Watch(IReadOnlyList<LiveEvent> events)
            {
                foreach (var e in events)
                {
                    if (e is VolunteerCheckedOut o)
                    {
                        checkedOut[(o.StationId, o.VolunteerId)] = true;
                    }
                    else if (e is DutyUndone u)
                    {
                        checkedOut[(u.StationId, u.VolunteerId)] = true;
                    }
                }
            }

            using var watchA = feedA.Subscribe(Watch);
            using var watchB = feedB.Subscribe(Watch);

            var start = await FromDatabaseAsync(b.Services);
            var targets = mirrors.Select(m => new Target(m.Scope.ToString(), m.Scope, m.View, m)).ToList();
            targets.Add(new Target("B's live state", LiveScope.All, () => LiveView.Of(feedB.Snapshot(LiveScope.All)), null));
            await WaitUntilAsync(() => targets.All(t => t.View().SameAs(start.Snapshot(t.Scope))), TimeSpan.FromSeconds(30), "every client equal to the database before the load");
            var baseline = new Expectation(start.Snapshot(LiveScope.All), checkedOut);

            var results = new List<OutageResult>();
            var loadBefore = LiveCapacity.LoadAverage();
            var started = DateTimeOffset.Now;
            var history = new List<CheckIn>();
            foreach (var seconds in outages)
            {
                var volunteers = Enumerable.Range(0, rate * (steady + seconds + after + 1)).Select(_ => free.Dequeue()).ToArray();
                var stream = new CheckInStream(http, rotation, volunteers, rate);
                stream.Start();
                await Task.Delay(TimeSpan.FromSeconds(steady));

                var relayB = b.Services.GetRequiredService<RedisLiveRelay>();
                var resyncsBefore = relayB.Resyncs;
                var killedAt = Stopwatch.GetTimestamp();
                await redis.KillAsync();
                var degradedAt = WaitForAsync(() => !feedB.Health.IsLive, TimeSpan.FromSeconds(seconds + 30));
                await Task.Delay(TimeSpan.FromSeconds(seconds));
                await redis.StartAgainAsync();
                var returnedAt = Stopwatch.GetTimestamp();
                Console.WriteLine($"outage {seconds} s: Redis back (B degraded {Seconds(killedAt, await degradedAt):F1} s after the kill)");

                var trackers = targets.Select(t => new Tracker(t)).ToList();
                var liveAgainAt = WaitForAsync(() => feedB.Health.IsLive, Patience + TimeSpan.FromSeconds(after));
                var generation = feedB.Generation;
                var rebuiltAt = WaitForAsync(() => feedB.Generation > generation, Patience + TimeSpan.FromSeconds(after));
                var stopAt = returnedAt + (long)(after * (double)Stopwatch.Frequency);
                var stopped = false;
                var deadline = long.MaxValue;
                while (true)
                {
                    var now = Stopwatch.GetTimestamp();
                    if (!stopped && now >= stopAt)
                    {
                        // No more sent; the answers still on their way are waited for by the comparisons (Settled).
                        stream.Stop();
                        stopped = true;
                        deadline = now + (long)(Patience.TotalSeconds * Stopwatch.Frequency);
                    }

                    // The states first, then what was sent: a check-in sent after the states were read cannot be in them, but
                    // one sent between a list of the sent taken first and the reading could (and would look like a double count).
                    var views = trackers.Select(t => t.Target.View()).ToList();
                    var expected = baseline.At([.. history, .. stream.Sent()], now);
                    for (var i = 0; i < trackers.Count; i++)
                    {
                        trackers[i].Observe(expected, views[i], now, returnedAt);
                    }

                    // Done once the load stopped, every answer is older than the in-flight allowance, and every state is in step.
                    if (stopped && expected.Settled && trackers.All(t => t.InStepSince is not null))
                    {
                        break;
                    }

                    if (now > deadline)
                    {
                        Console.WriteLine($"outage {seconds} s: not every state in step {Patience.TotalSeconds:F0} s after the load stopped");
                        break;
                    }

                    await Task.Delay(PollInterval);
                }

                await stream.StopAsync();
                history.AddRange(stream.Sent());
                var truth = await FromDatabaseAsync(b.Services);
                var ours = history.Where(c => c.Outcome is not CheckInOutcome.Refused).Select(c => c.VolunteerId).ToHashSet();
                var outcomes = trackers.Select(t =>
                {
                    var view = t.Target.View();
                    var inDatabase = truth.Snapshot(t.Target.Scope);
                    var missing = inDatabase.Stations.SelectMany(s => s.OnDuty.Where(v => ours.Contains(v.VolunteerId)).Select(v => (s.StationId, v.VolunteerId)))
                        .Count(pair => !view.OnDuty.Contains(pair));
                    return new TargetOutcome(t.Target.Name, t.Relapses, t.LastRelapse, t.Target.Mirror is not null, t.InStepSince is { } since ? Seconds(returnedAt, since) : double.NaN,
                        view.SameAs(inDatabase), missing, t.Target.Mirror is { } mirror ? Seconds(returnedAt, mirror.FirstResyncAfter(returnedAt)) : double.NaN);
                }).ToList();

                var duringOutage = history.Where(c => c.SentAt >= killedAt && c.SentAt < returnedAt).ToList();
                var result = new OutageResult(seconds, duringOutage.Count, duringOutage.Count(c => c.Outcome == CheckInOutcome.Created),
                    stream.Sent().Length, stream.Sent().Count(c => c.Outcome == CheckInOutcome.Created),
                    stream.Sent().Count(c => c.Outcome == CheckInOutcome.Unanswered), Seconds(returnedAt, await liveAgainAt), Seconds(returnedAt, await rebuiltAt), relayB.Resyncs - resyncsBefore, truth.Day != start.Day, outcomes);
                results.Add(result);
                Console.WriteLine(result.Summary());
                // The next outage starts from a connected, live pair of servers.
                await WaitUntilAsync(() => IsSettled(a) && IsSettled(b), Patience, "both servers live again");
            }

            foreach (var mirror in mirrors)
            {
                await mirror.DisposeAsync();
            }

            var report = Report(command, started, loadBefore, LiveCapacity.LoadAverage(), rate, clientCount, scopes, steady, after, results);
            Console.WriteLine(report);
            await PerformanceReport.WriteSectionAsync(PerformanceReport.PassFile(), Section, report);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool IsSettled(BenchmarkApp app)
    {
        var relay = app.Services.GetRequiredService<RedisLiveRelay>();
        return relay.IsConnected && relay.Resyncs >= 1 && app.Services.GetRequiredService<LiveFeed>().Health.IsLive;
    }

    /// <summary>A live feed built from the database now, as the tests build the truth.</summary>
    private static async Task<LiveFeed> FromDatabaseAsync(IServiceProvider services)
    {
        var fromDatabase = new LiveFeed(services.GetRequiredService<CityClock>(), NullLogger<LiveFeed>.Instance);
        await fromDatabase.RebuildAsync(services.GetRequiredService<DomainWriter>());
        return fromDatabase;
    }

    /// <summary>Seconds between two <see cref="Stopwatch"/> timestamps; NaN when the second never came (0).</summary>
    private static double Seconds(long from, long to) => to == 0 ? double.NaN : Stopwatch.GetElapsedTime(from, to).TotalSeconds;

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan patience, string what)
    {
        if (await WaitForAsync(condition, patience) == 0)
        {
            throw new TimeoutException($"Waited {patience.TotalSeconds:F0} s for {what}.");
        }
    }

    /// <summary>When (a <see cref="Stopwatch"/> timestamp) the condition first held, polled every 20 ms; 0 if it never did.</summary>
    private static async Task<long> WaitForAsync(Func<bool> condition, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            if (condition())
            {
                return Stopwatch.GetTimestamp();
            }

            await Task.Delay(20);
        }

        return 0;
    }

    private static string Report(string command, DateTimeOffset started, string loadBefore, string loadAfter, int rate, int clientCount,
        LiveScope[] scopes, int steady, int after, List<OutageResult> results)
    {
        var b = new StringBuilder();
        b.AppendLine("## Redis outage: hub clients and screens back to the database").AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project RedStation.Benchmarks -- {command}`");
        b.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm zzz}; machine: {MachineInfo.Describe()}");
        b.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter} (the machine's 2 cores are shared with other engineers' builds and tests).");
        b.AppendLine("- Two app servers, A and B, in one process on one fresh seeded SQLite file (7 days of history), sharing a loopback");
        b.AppendLine("  `redis-server` (`Redis:HeartbeatInterval` at its default, 5 s). The outage: redis-server killed (SIGKILL), started again on");
        b.AppendLine("  the same port after the given time; measured from the moment it accepts connections again.");
        b.AppendLine(CultureInfo.InvariantCulture,
            $"- {clientCount} hub clients on B ({string.Join(", ", scopes.GroupBy(s => s.ToString()).Select(g => $"`{g.Key}` ×{g.Count()}"))}), each keeping its topic's on-duty volunteers and check-ins today by the README's client rule (replace on every `Snapshot`, resyncs included; apply events above its sequence).");
        b.AppendLine(CultureInfo.InvariantCulture,
            $"- Check-ins posted to A at {rate}/s (every other one at a watched station): {steady} s before the kill, through the outage, and {after} s after Redis's return; then the load stops.");
        b.AppendLine("- **Back to the database**: from Redis's return, each client's state (and B's own live state, which B's screens render) is compared");
        b.AppendLine(CultureInfo.InvariantCulture,
            $"  every {PollInterval.TotalMilliseconds:F0} ms with the database's: the start's snapshot built from the database plus every check-in acknowledged more than {InFlight.TotalSeconds:F0} s before (each must be there),");
        b.AppendLine("  and at most the ones still in flight besides (on-duty pairs and each station's check-ins today). The time is the first comparison from which");
        b.AppendLine("  it stayed equal to the end; at the end (the load stopped, every answer in) each state is compared with a snapshot built from the");
        b.AppendLine("  database. **Missing**: check-ins of the run on duty in the database that the client's final state does not show.");
        b.AppendLine();
        b.AppendLine("| outage | check-ins sent during the outage | acknowledged | hub clients: p50 s | p95 s | max s | B's live state (max) s | resync snapshot at the client, p50 s | missing | states equal to the database at the end |");
        b.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        void Row(string name, IReadOnlyList<OutageResult> cycles)
        {
            var clients = cycles.SelectMany(r => r.Targets).Where(t => t.IsHubClient).ToList();
            var times = new Percentiles(clients.Where(t => !double.IsNaN(t.Converged)).Select(t => t.Converged).ToList());
            var resyncs = new Percentiles(clients.Where(t => !double.IsNaN(t.ResyncAt)).Select(t => t.ResyncAt).ToList());
            var screens = new Percentiles(cycles.SelectMany(r => r.Targets).Where(t => !t.IsHubClient).Select(t => double.IsNaN(t.Converged) ? double.PositiveInfinity : t.Converged).ToList());
            var notConverged = clients.Count(t => double.IsNaN(t.Converged));
            var targets = cycles.SelectMany(r => r.Targets).ToList();
            b.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {cycles.Sum(r => r.SentDuringOutage):N0} | {cycles.Sum(r => r.AcknowledgedDuringOutage):N0} | {times.At(50):F2} | {times.At(95):F2} | {times.Max:F2}{(notConverged > 0 ? $" ({notConverged} never)" : string.Empty)} | {screens.Max:F2} | {resyncs.At(50):F2} | {targets.Sum(t => t.Missing):N0} | {targets.Count(t => t.EqualAtEnd)} of {targets.Count} |");
        }

        for (var i = 0; i < results.Count; i++)
        {
            Row(FormattableString.Invariant($"{results[i].OutageSeconds} s (cycle {i + 1})"), [results[i]]);
        }

        // Every client of one cycle gets the same resync at once: the spread worth knowing is between cycles.
        foreach (var length in results.GroupBy(r => r.OutageSeconds).Where(g => g.Count() > 1))
        {
            Row(FormattableString.Invariant($"**{length.Key} s, all {length.Count()} cycles**"), [.. length]);
        }

        b.AppendLine();
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            b.AppendLine(CultureInfo.InvariantCulture,
                $"- cycle {i + 1}, {r.OutageSeconds} s outage: {r.Acknowledged:N0} of {r.Sent:N0} check-ins of the cycle acknowledged ({r.Unanswered:N0} unanswered within 10 s); B rebuilt its live state from the database {r.Rebuilt:F2} s after Redis's return ({r.Resyncs} resync{(r.Resyncs == 1 ? string.Empty : "s")} by its relay in the cycle) and its health (the screens' indicator, the hub's `Status`) said live again {r.LiveAgain:F2} s after it{(r.DayChanged ? "; **the city day changed during the cycle: its figures do not count**" : string.Empty)}.");
            foreach (var t in r.Targets.Where(t => t.Relapses > 0))
            {
                b.AppendLine(CultureInfo.InvariantCulture, $"  - {t.Name}: in step, then out of step again {t.Relapses}× (last at {t.LastRelapse}).");
            }
        }

        var lagging = results.Where(r => r.LiveAgain - r.Rebuilt > 2).ToList();
        if (lagging.Count > 0)
        {
            // Seen in runs so far together with the relay's "Resynchronising the live state failed" warning: its first probe
            // after the return did not come back, and the relay waits ProbePatience (5 s) and 1 s more before the next.
            b.AppendLine();
            b.AppendLine(CultureInfo.InvariantCulture,
                $"In {lagging.Count} of {results.Count} cycles B's health stayed degraded for {Range(lagging.Select(r => r.LiveAgain - r.Rebuilt).ToList())} s after its state was already the database's: its screens said \"data may lag\" (and its hub clients got `Status: degraded`) over correct figures. Each time the run logged the relay's \"Resynchronising the live state failed\" (a probe that did not come back within the relay's 5 s, retried 1 s later), so the health waits for a second, successful resync.");
        }

        b.AppendLine();
        var all = results.SelectMany(r => r.Targets).ToList();
        var worstP95 = results.GroupBy(r => r.OutageSeconds).Max(g => new Percentiles(g.SelectMany(r => r.Targets).Where(t => t.IsHubClient).Select(t => double.IsNaN(t.Converged) ? double.PositiveInfinity : t.Converged).ToList()).At(95));
        var worstScreen = results.Max(r => r.Targets.Where(t => !t.IsHubClient).Max(t => double.IsNaN(t.Converged) ? double.PositiveInfinity : t.Converged));
        var missing = all.Sum(t => t.Missing);
        b.AppendLine(CultureInfo.InvariantCulture,
            $"Against the targets: missing events **{missing:N0}** (target 0: {(missing == 0 ? "met" : "missed")}); Redis's return to every hub client equal to the database, worst p95 of an outage length **{worstP95:F2} s**, and to B's screens' state at worst **{worstScreen:F2} s** (target p95 ≤ 3 s: {(worstP95 <= 3 && worstScreen <= 3 ? "met" : "missed")}).");
        return b.ToString();
    }

    private static string Range(List<double> seconds) =>
        FormattableString.Invariant($"{seconds.Min():F1}{(seconds.Max() - seconds.Min() >= 0.05 ? FormattableString.Invariant($"–{seconds.Max():F1}") : string.Empty)}");

    /// <summary>A state to compare: a hub client's, or B's own live state.</summary>
    private sealed record Target(string Name, LiveScope Scope, Func<LiveView> View, HubMirror? Mirror);

    /// <summary>Notes, poll by poll, since when the target has been in step without a break.</summary>
    private sealed class Tracker(Target target)
    {
        public Target Target { get; } = target;

        public long? InStepSince { get; private set; }

        /// <summary>Times a state that was in step fell out of it again, with the last difference seen.</summary>
        public int Relapses { get; private set; }

        public string? LastRelapse { get; private set; }

        public void Observe(Expected expected, LiveView view, long now, long returnedAt)
        {
            var mismatch = expected.Mismatch(view, Target.Scope);
            if (mismatch is null)
            {
                InStepSince ??= now;
            }
            else
            {
                if (InStepSince is not null)
                {
                    Relapses++;
                    LastRelapse = FormattableString.Invariant($"{Seconds(returnedAt, now):F2} s: {mismatch}");
                    Console.WriteLine($"{Target.Name} out of step again at {LastRelapse}");
                }

                InStepSince = null;
            }
        }
    }

    /// <summary>
    /// The database at any moment of the run, without reading it at every poll: the start's snapshot built from the
    /// database (taken with no load running) plus the load's check-ins, which are the only writes besides the servers'
    /// own closing of overdue sessions (seen on either server's feed as check-outs and tolerated either way).
    /// </summary>
    private sealed class Expectation(LiveSnapshot start, ConcurrentDictionary<(int Station, int Volunteer), bool> checkedOut)
    {
        private readonly Dictionary<int, int> _districtOf = start.Stations.ToDictionary(s => s.StationId, s => s.DistrictId);
        private readonly HashSet<(int, int)> _onDutyAtStart = LiveView.Of(start).OnDuty;

        public Expected At(IReadOnlyList<CheckIn> checkIns, long now)
        {
            var settledBefore = now - (long)(InFlight.TotalSeconds * Stopwatch.Frequency);
            var required = new HashSet<(int, int)>();
            var possible = new HashSet<(int, int)>();
            var requiredCount = new Dictionary<int, int>();
            var possibleCount = new Dictionary<int, int>();
            var settled = true;
            foreach (var c in checkIns)
            {
                var outcome = c.Outcome;
                if (outcome == CheckInOutcome.Refused)
                {
                    continue;
                }

                if (outcome == CheckInOutcome.Created && c.AnsweredAt <= settledBefore)
                {
                    required.Add((c.StationId, c.VolunteerId));
                    requiredCount[c.StationId] = requiredCount.GetValueOrDefault(c.StationId) + 1;
                }
                else
                {
                    // In flight, just acknowledged, or unanswered (written or not: only the final comparison can tell).
                    possible.Add((c.StationId, c.VolunteerId));
                    possibleCount[c.StationId] = possibleCount.GetValueOrDefault(c.StationId) + 1;
                    settled &= outcome == CheckInOutcome.Unanswered;
                }
            }

            return new Expected(start, _districtOf, _onDutyAtStart, checkedOut, required, possible, requiredCount, possibleCount, settled);
        }
    }

    private sealed record Expected(
        LiveSnapshot Start,
        Dictionary<int, int> DistrictOf,
        HashSet<(int, int)> OnDutyAtStart,
        ConcurrentDictionary<(int Station, int Volunteer), bool> CheckedOut,
        HashSet<(int, int)> Required,
        HashSet<(int, int)> Possible,
        Dictionary<int, int> RequiredCount,
        Dictionary<int, int> PossibleCount,
        bool Settled)
    {
        /// <summary>Null when the view holds every pair and count that must be there and nothing that cannot; otherwise the first difference.</summary>
        public string? Mismatch(LiveView view, LiveScope scope)
        {
            if (!view.Ready)
            {
                return "no snapshot yet";
            }

            bool InScope((int Station, int Volunteer) pair) =>
                DistrictOf.TryGetValue(pair.Station, out var district) && scope.Includes(pair.Station, district);

            foreach (var station in Start.Stations.Where(s => scope.Includes(s.StationId, s.DistrictId)))
            {
                var least = station.Today.CheckIns + RequiredCount.GetValueOrDefault(station.StationId);
                var shown = view.CheckIns.GetValueOrDefault(station.StationId);
                if (shown < least || shown > least + PossibleCount.GetValueOrDefault(station.StationId))
                {
                    return FormattableString.Invariant($"station {station.StationId}: {shown} check-ins today shown, {least}–{least + PossibleCount.GetValueOrDefault(station.StationId)} expected");
                }

                foreach (var volunteer in station.OnDuty)
                {
                    var pair = (station.StationId, volunteer.VolunteerId);
                    if (!view.OnDuty.Contains(pair) && !CheckedOut.ContainsKey(pair))
                    {
                        return FormattableString.Invariant($"volunteer {pair.Item2} on duty at station {pair.Item1} since the start not shown");
                    }
                }
            }

            foreach (var pair in Required)
            {
                if (InScope(pair) && !view.OnDuty.Contains(pair) && !CheckedOut.ContainsKey(pair))
                {
                    return FormattableString.Invariant($"check-in of volunteer {pair.Item2} at station {pair.Item1}, acknowledged over {InFlight.TotalSeconds:F0} s ago, not shown");
                }
            }

            foreach (var pair in view.OnDuty)
            {
                if (!InScope(pair))
                {
                    return FormattableString.Invariant($"station {pair.Station} outside the topic shown");
                }

                if (!OnDutyAtStart.Contains(pair) && !Required.Contains(pair) && !Possible.Contains(pair))
                {
                    return FormattableString.Invariant($"volunteer {pair.Volunteer} shown on duty at station {pair.Station}, never checked in there");
                }
            }

            return null;
        }
    }

    private sealed record TargetOutcome(string Name, int Relapses, string? LastRelapse, bool IsHubClient, double Converged, bool EqualAtEnd, int Missing, double ResyncAt);

    private sealed record OutageResult(
        int OutageSeconds, int SentDuringOutage, int AcknowledgedDuringOutage, int Sent, int Acknowledged, int Unanswered, double LiveAgain,
        double Rebuilt, int Resyncs, bool DayChanged, List<TargetOutcome> Targets)
    {
        public string Summary()
        {
            var clients = new Percentiles(Targets.Where(t => t.IsHubClient && !double.IsNaN(t.Converged)).Select(t => t.Converged).ToList());
            return FormattableString.Invariant(
                $"outage {OutageSeconds} s: {AcknowledgedDuringOutage}/{SentDuringOutage} acknowledged during it; clients in step after p50 {clients.At(50):F2} s, p95 {clients.At(95):F2} s, max {clients.Max:F2} s ({Targets.Count(t => t.IsHubClient && double.IsNaN(t.Converged))} never); B's state {Targets.Single(t => !t.IsHubClient).Converged:F2} s; missing {Targets.Sum(t => t.Missing)}; equal at the end {Targets.Count(t => t.EqualAtEnd)}/{Targets.Count}");
        }
    }
}
