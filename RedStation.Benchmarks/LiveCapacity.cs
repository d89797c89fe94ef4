using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Benchmarks;

// Check-in to screen: how long after the API acknowledges a check-in do the open screens and hub clients show it?
//   dotnet run -c Release --project RedStation.Benchmarks -- capacity-live [--pages 50] [--clients 2000] [--rate 20] [--minutes 5]
//       [--page overview|display] [--floor-seconds 60] [--window MS] [--batches N] [--section NAME]
// The in-process app on a fresh seeded SQLite file; N real Chromium pages (one browser) on the Overview (signed in as an
// administrator) or the city wall (a display link whose playlist is the live feed alone); M hub clients subscribed to
// `all`; then check-ins through the API at the given rate. Each page notes when each check-in reached its DOM
// (ScreenArrivals), each hub client when its `VolunteerCheckedIn` arrived. The floor is a bare SignalR broadcast at the
// same rate to as many clients, in the same run with the pages open. `--window` overrides Live:UpdateWindowMilliseconds
// (the screens' coalescing window) to measure its share; `--batches` overrides
// Limits:Circuits:MaxBufferedUnacknowledgedRenderBatches (how many render batches a circuit sends ahead of the browser's
// acknowledgements). Results go to a section of the day's pass file, docs/performance/DATE.md.
internal static class LiveCapacity
{
    public static async Task RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var pageCount = options.Count("--pages", 50);
        var clientCount = options.Count("--clients", 2000);
        var rate = Math.Max(1, options.Count("--rate", 20));
        var minutes = options.Number("--minutes", 5);
        var seconds = Math.Max(1, (int)Math.Round(minutes * 60));
        var floorSeconds = Math.Max(1, options.Count("--floor-seconds", 60));
        var kind = options.Text("--page", "overview");
        if (kind is not ("overview" or "display"))
        {
            throw new ArgumentException("--page is overview or display.");
        }

        var window = options.Text("--window", string.Empty);
        var batches = options.Text("--batches", string.Empty);
        var section = options.Text("--section", window.Length == 0 ? $"capacity-live-{kind}" : $"capacity-live-{kind}-window-{window}");
        var command = $"capacity-live --pages {pageCount} --clients {clientCount} --rate {rate} --minutes {minutes.ToString(CultureInfo.InvariantCulture)} --page {kind} --floor-seconds {floorSeconds}"
            + (window.Length == 0 ? string.Empty : $" --window {window}")
            + (batches.Length == 0 ? string.Empty : $" --batches {batches}");
        var started = DateTimeOffset.Now;
        var loadBefore = LoadAverage();
        Console.WriteLine($"RedStation check-in to screen: {command}; load average {loadBefore}");

        var folder = Path.Combine(Path.GetTempPath(), "redstation-live", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var settings = Chromium.AdminSettings();
        if (window.Length > 0)
        {
            settings["Live:UpdateWindowMilliseconds"] = window;
        }

        if (batches.Length > 0)
        {
            settings["Limits:Circuits:MaxBufferedUnacknowledgedRenderBatches"] = batches;
        }

        try
        {
            await using var app = new BenchmarkApp(Path.Combine(folder, "redstation.db"), settings);
            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
            // A check-in not acknowledged within 30 s counts as refused (an overloaded server must not end the run).
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 128 }) { BaseAddress = app.ServerAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-Api-Key", BenchmarkApp.ApiKey);
            var live = (await http.GetFromJsonAsync<LiveSnapshot>("/api/v1/live", json))!;
            var openStations = live.Stations.Where(s => s.Status == StationStatus.Open).Select(s => s.StationId).ToArray();
            var busy = live.Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToHashSet();
            var free = new Queue<int>(Enumerable.Range(1, 17_000).Where(id => !busy.Contains(id)));
            if (free.Count < rate * (seconds + 1))
            {
                throw new InvalidOperationException($"{rate * (seconds + 1)} check-ins need as many free volunteers; the seeded network has {free.Count}.");
            }

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchAsync(playwright);
            var screens = await OpenScreensAsync(browser, app, kind, pageCount);
            Console.WriteLine($"{screens.Count} of {pageCount} pages open ({screens.Failures} failed to open)");

            // The floor first, with the pages open and idle: a bare broadcast at the same rate to as many clients.
            var floor = await HubLoad.MeasureFloorAsync(clientCount, rate, floorSeconds);
            Console.WriteLine($"floor: {floor.Row("floor")}");

            // Which feed sequence each check-in's session got (the Overview's ticker is numbered by sequence).
            var feed = app.Services.GetRequiredService<LiveFeed>();
            var sequenceOf = new ConcurrentDictionary<long, long>();
            using var watch = feed.Subscribe(events =>
            {
                foreach (var e in events)
                {
                    if (e is VolunteerCheckedIn checkedIn)
                    {
                        sequenceOf[checkedIn.SessionId] = checkedIn.Sequence;
                    }
                }
            });

            var total = rate * seconds;
            var receipts = new List<(long Session, long At)>[clientCount];
            var connected = -1;
            var clients = await HubLoad.ConnectAsync(clientCount, new Uri(app.ServerAddress, "/hubs/live"), c =>
            {
                var mine = new List<(long Session, long At)>(total + (2 * rate) + 16);
                receipts[Interlocked.Increment(ref connected)] = mine;
                c.On<VolunteerCheckedIn>("VolunteerCheckedIn", e =>
                {
                    var at = Stopwatch.GetTimestamp();
                    lock (mine)
                    {
                        mine.Add((e.SessionId, at));
                    }
                });
            }, subscribe: "all");

            // A short warm-up, not measured: the first requests pay for connections and JIT, the first renders for theirs.
            var warmUp = Enumerable.Range(0, rate).Select(_ => free.Dequeue()).ToArray();
            await HubLoad.RunAtRateAsync(rate, 1, async i =>
            {
                using var response = await http.PostAsJsonAsync($"/api/v1/stations/{openStations[i % openStations.Length]}/checkins", new { volunteerId = warmUp[i] });
            });
            await Task.Delay(TimeSpan.FromSeconds(3));

            var volunteers = Enumerable.Range(0, total).Select(_ => free.Dequeue()).ToArray();
            var checkIns = new CheckIn[total];
            var timedOut = 0;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var loadClock = Stopwatch.StartNew();
            await HubLoad.RunAtRateAsync(rate, seconds, async i =>
            {
                var sentAt = Stopwatch.GetTimestamp();
                var sentMs = UnixMs.Now;
                try
                {
                    using var response = await http.PostAsJsonAsync($"/api/v1/stations/{openStations[i % openStations.Length]}/checkins", new { volunteerId = volunteers[i] });
                    var ackAt = Stopwatch.GetTimestamp();
                    var ackMs = UnixMs.Now;
                    var session = response.StatusCode == HttpStatusCode.Created && response.Headers.Location is { } location
                        ? long.Parse(location.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture)
                        : 0;
                    checkIns[i] = new CheckIn(session, sentAt, ackAt, sentMs, ackMs);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref timedOut);
                }
            });
            var loadElapsed = loadClock.Elapsed;
            var serverCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var acknowledged = checkIns.Where(c => c.Session > 0).ToArray();
            Console.WriteLine($"{acknowledged.Length} of {total} check-ins acknowledged in {loadElapsed.TotalSeconds:F0} s ({timedOut} not answered within 30 s)");

            // Everything sent has to arrive: every hub client, every page (each bounded, then measured as it stands).
            var expected = acknowledged.Length * (long)clientCount;
            await HubLoad.WaitForAsync(() => receipts.Sum(Count) >= expected);
            var lastKey = kind == "overview" ? acknowledged.Max(c => sequenceOf.GetValueOrDefault(c.Session)) : acknowledged.Max(c => c.Session);
            var settle = Stopwatch.StartNew();
            foreach (var screen in screens.Arrivals)
            {
                while (await screen.MaxAsync() < lastKey && settle.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(100);
                }
            }

            // The DOM: API acknowledgement (and send) → the first instant each page showed the check-in.
            var fromAck = new List<double>(acknowledged.Length * screens.Count);
            var fromSend = new List<double>(acknowledged.Length * screens.Count);
            var perPageP95 = new List<double>();
            var missing = 0L;
            var drift = new List<double>();
            var wire = new List<double>();
            var queue = new List<double>();
            var apply = new List<double>();
            foreach (var screen in screens.Arrivals)
            {
                var marks = await screen.MarksAsync();
                var (offsetAfter, _) = await ScreenArrivals.ClockOffsetAsync(screen.Page);
                drift.Add(offsetAfter - screen.ClockOffsetMs);
                var numbers = marks.Select(m => m.Number).ToArray();
                var messages = await screen.SocketMessagesAsync();
                var handled = messages.Select(m => m.HandledMs).ToArray();
                var page = new List<double>(acknowledged.Length);
                foreach (var checkIn in acknowledged)
                {
                    var key = kind == "overview" ? sequenceOf.GetValueOrDefault(checkIn.Session) : checkIn.Session;
                    var index = FirstAtLeast(numbers, key);
                    if (key == 0 || index < 0)
                    {
                        missing++;
                        continue;
                    }

                    page.Add(marks[index].AtMs - checkIn.AckMs);
                    // The message that brought it: the last one the page began handling before the line appeared.
                    var message = LastAtMost(handled, marks[index].AtMs);
                    if (message >= 0)
                    {
                        wire.Add(messages[message].QueuedMs - checkIn.AckMs);
                        queue.Add(messages[message].HandledMs - messages[message].QueuedMs);
                        apply.Add(marks[index].AtMs - messages[message].HandledMs);
                    }

                    fromSend.Add(marks[index].AtMs - checkIn.SentMs);
                }

                fromAck.AddRange(page);
                perPageP95.Add(new Percentiles(page).At(95));
            }

            // The hub: API acknowledgement (and send) → each client's receipt.
            var bySession = acknowledged.ToDictionary(c => c.Session);
            var hubFromAck = new List<double>((int)Math.Min(int.MaxValue, expected));
            var hubFromSend = new List<double>((int)Math.Min(int.MaxValue, expected));
            foreach (var list in receipts.Where(r => r is not null))
            {
                lock (list)
                {
                    foreach (var (session, at) in list)
                    {
                        if (bySession.TryGetValue(session, out var checkIn))
                        {
                            hubFromAck.Add(Stopwatch.GetElapsedTime(checkIn.AckAt, at).TotalMilliseconds);
                            hubFromSend.Add(Stopwatch.GetElapsedTime(checkIn.SentAt, at).TotalMilliseconds);
                        }
                    }
                }
            }

            await HubLoad.DisposeAllAsync(clients);
            var result = new Result(
                command, started, loadBefore, LoadAverage(), kind, screens, pageCount, clientCount, rate, seconds, floorSeconds, window,
                floor, new Percentiles(fromAck), new Percentiles(fromSend), new Percentiles(hubFromAck), new Percentiles(hubFromSend),
                new Percentiles(perPageP95), new Percentiles(wire), new Percentiles(queue), new Percentiles(apply), missing, acknowledged.Length, total, timedOut, loadElapsed, serverCpu,
                screens.Arrivals.Count == 0 ? 0 : screens.Arrivals.Max(a => Math.Abs(a.ClockOffsetMs)),
                screens.Arrivals.Count == 0 ? 0 : screens.Arrivals.Max(a => a.ClockUncertaintyMs),
                drift.Count == 0 ? 0 : drift.Max(Math.Abs));
            await screens.Context.CloseAsync();
            var report = result.Report();
            Console.WriteLine(report);
            await PerformanceReport.WriteSectionAsync(PerformanceReport.PassFile(), section, report);
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

    /// <summary>The 1-, 5- and 15-minute load averages, as <c>uptime</c> shows them.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static long Count(List<(long Session, long At)>? receipts)
    {
        if (receipts is null)
        {
            return 0;
        }

        lock (receipts)
        {
            return receipts.Count;
        }
    }

    private static int LastAtMost(double[] sorted, double value)
    {
        var index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index : ~index - 1;
    }

    private static int FirstAtLeast(long[] sorted, long key)
    {
        var index = Array.BinarySearch(sorted, key);
        if (index < 0)
        {
            index = ~index;
        }

        return index < sorted.Length ? index : -1;
    }

    private static async Task<Screens> OpenScreensAsync(IBrowser browser, BenchmarkApp app, string kind, int count)
    {
        IBrowserContext context;
        string url;
        string ready;
        if (kind == "overview")
        {
            context = await browser.NewContextAsync(Chromium.ScreenContext(await Chromium.SignInAsync(browser, app.ServerAddress)));
            await ScreenArrivals.NoteSocketMessagesAsync(context);
            url = app.ServerAddress.ToString();
            ready = ".overview[data-interactive=true] [data-testid=ticker]";
        }
        else
        {
            // A display link for the whole city whose playlist is the live feed alone, so that every check-in shows on every wall.
            string link;
            using (ActorContext.Begin(new Actor(ActorKind.Person, "capacity", "capacity")))
            {
                var tokens = app.Services.GetRequiredService<DisplayTokenService>();
                var created = await tokens.CreateAsync("capacity", "all");
                await tokens.SetPlaylistAsync(created.Value!.Token.Id, [new DisplayPlaylistItem(DisplayPlaylist.Feed, DisplayPlaylist.MaxDwellSeconds)]);
                link = $"{app.ServerAddress}display/connect?token={Uri.EscapeDataString(created.Value.Secret)}";
            }

            context = await browser.NewContextAsync(Chromium.ScreenContext());
            await ScreenArrivals.NoteSocketMessagesAsync(context);
            var first = await context.NewPageAsync();
            first.SetDefaultTimeout(300_000);
            await first.GotoAsync(link);
            await first.Locator(".wall[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await first.CloseAsync();
            url = $"{app.ServerAddress}display";
            ready = ".wall[data-interactive=true] [data-testid=wall-feed]";
        }

        context.SetDefaultTimeout(300_000);
        var arrivals = new ConcurrentBag<ScreenArrivals>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        // A few at a time: the first render of a page is the heaviest thing it does.
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            try
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(url);
                await page.Locator(ready).WaitForAsync(new() { State = WaitForSelectorState.Attached });
                arrivals.Add(kind == "overview" ? await ScreenArrivals.WatchTickerAsync(page) : await ScreenArrivals.WatchWallFeedAsync(page));
                if (arrivals.Count % 10 == 0)
                {
                    Console.WriteLine($"  {arrivals.Count} pages open after {clock.Elapsed.TotalSeconds:F0} s");
                }
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                Interlocked.Increment(ref failures);
                Console.WriteLine($"  page {i} did not open: {ex.Message.Split('\n')[0]}");
            }
        });
        return new Screens(context, [.. arrivals], failures, clock.Elapsed);
    }

    private sealed record Screens(IBrowserContext Context, List<ScreenArrivals> Arrivals, int Failures, TimeSpan OpenedIn)
    {
        public int Count => Arrivals.Count;
    }

    private readonly record struct CheckIn(long Session, long SentAt, long AckAt, double SentMs, double AckMs);

    private sealed record Result(
        string Command, DateTimeOffset Started, string LoadBefore, string LoadAfter, string Kind, Screens Screens, int PagesAsked,
        int Clients, int Rate, int Seconds, int FloorSeconds, string Window,
        Percentiles Floor, Percentiles DomFromAck, Percentiles DomFromSend, Percentiles HubFromAck, Percentiles HubFromSend,
        Percentiles PerPageP95, Percentiles Wire, Percentiles Queue, Percentiles Apply, long Missing, int Acknowledged, int Sent, int TimedOut, TimeSpan LoadElapsed, TimeSpan ServerCpu,
        double MaxClockOffsetMs, double MaxClockUncertaintyMs, double MaxClockDriftMs)
    {
        public string Report()
        {
            var page = Kind == "overview" ? "Overview" : "wall display";
            var b = new StringBuilder();
            b.AppendLine(CultureInfo.InvariantCulture,
                $"## Check-in to screen: {Screens.Count} {page} pages and {Clients:N0} hub clients at {Rate}/s{(Window.Length == 0 ? string.Empty : $" (update window {Window} ms)")}");
            b.AppendLine();
            b.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project RedStation.Benchmarks -- {Command}`");
            b.AppendLine(CultureInfo.InvariantCulture, $"- Run: {Started:yyyy-MM-dd HH:mm zzz}; machine: {MachineInfo.Describe()}");
            b.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1, 5, 15 min) before: {LoadBefore}; after: {LoadAfter} (the machine's 2 cores are shared with other engineers' builds and tests).");
            b.AppendLine(CultureInfo.InvariantCulture,
                $"- {Screens.Count} of {PagesAsked} pages opened ({Screens.Failures} failed) in {Screens.OpenedIn.TotalSeconds:F0} s, one headless Chromium, one context, 1920×1080, zh-CN{(Kind == "overview" ? ", signed in as an administrator" : ", a city-wide display link whose playlist is the live feed alone")}.");
            b.AppendLine(CultureInfo.InvariantCulture,
                $"- {Acknowledged:N0} of {Sent:N0} check-ins acknowledged, {TimedOut:N0} not answered within 30 s (`POST /api/v1/stations/{{id}}/checkins`, one every {1000.0 / Rate:F0} ms for {LoadElapsed.TotalSeconds:F0} s, round-robin over the open stations); the benchmark process (server, hub clients, load) used {ServerCpu.TotalSeconds / LoadElapsed.TotalSeconds:F2} cores meanwhile.");
            b.AppendLine(CultureInfo.InvariantCulture,
                $"- DOM: a `MutationObserver` in each page notes `performance.timeOrigin + performance.now()` when a line for the check-in (or a later one) first appears ({(Kind == "overview" ? "the ticker's `data-sequence`" : "the feed's `data-key=\"in:SESSION\"`")}); page and benchmark share the machine's clock (largest offset seen {MaxClockOffsetMs:F1} ms ± {MaxClockUncertaintyMs:F1} ms, corrected; drift over the run ≤ {MaxClockDriftMs:F1} ms).");
            b.AppendLine(CultureInfo.InvariantCulture,
                $"- Floor: a bare SignalR hub (`FloorServer`) broadcasting the same `VolunteerCheckedIn` message at {Rate}/s to {Clients:N0} clients for {FloorSeconds} s, in the same process, with the pages open, just before the load.");
            b.AppendLine();
            b.AppendLine("| path | samples | p50 ms | p95 ms | p99 ms | max ms |");
            b.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            b.AppendLine(Floor.Row("floor: bare SignalR broadcast, hub send → client"));
            b.AppendLine(HubFromAck.Row("hub clients: API acknowledgement → `VolunteerCheckedIn` at the client"));
            b.AppendLine(HubFromSend.Row("hub clients: API request sent → client"));
            b.AppendLine(DomFromAck.Row($"**{page} pages: API acknowledgement → DOM**"));
            b.AppendLine(DomFromSend.Row($"{page} pages: API request sent → DOM"));
            b.AppendLine(Wire.Row("… of which: acknowledgement → the render batch's WebSocket message queued in the page (server coalescing window, render, wire)"));
            b.AppendLine(Queue.Row("… of which: message queued → the page's script begins handling it (the page's main thread busy)"));
            b.AppendLine(Apply.Row("… of which: handling begun → the line in the DOM (Blazor applies the batch, charts and map update)"));
            b.AppendLine();
            b.AppendLine(CultureInfo.InvariantCulture,
                $"Per page, the p95 from acknowledgement to DOM ranges {PerPageP95.At(0):F0}–{PerPageP95.Max:F0} ms (median page {PerPageP95.At(50):F0} ms). Check-ins never seen on a page within 30 s of the last: {Missing:N0}.");
            b.AppendLine();
            var domOk = DomFromAck.At(95) <= 250;
            var hubRatio = HubFromAck.At(95) / Floor.At(95);
            b.AppendLine(CultureInfo.InvariantCulture,
                $"Against the targets: DOM p95 **{DomFromAck.At(95):F0} ms** (target ≤ 250 ms: {(domOk ? "met" : "missed")}); hub p95 **{HubFromAck.At(95):F0} ms = {hubRatio:F2}× the floor's {Floor.At(95):F0} ms** (target ≤ 2×: {(hubRatio <= 2 ? "met" : "missed")}).");
            return b.ToString();
        }
    }
}
