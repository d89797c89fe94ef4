using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Live;

namespace RedStation.Benchmarks;

// Does the server grow while many dashboards stay open under a steady stream of events?
//   dotnet run -c Release --project RedStation.Benchmarks -- capacity-soak [--circuits 100] [--minutes 30] [--rate 10]
// Opens N Overview pages (real Chromium, one circuit each, signed in), then sends `rate` events a second through the API
// (check-ins, check-outs so that the pool of free volunteers never runs out, head-counts) and samples the server's managed
// heap after a forced full collection and its working set every minute. The verdict is the slope per hour over the last
// two thirds of the run (the first third holds the warm-up: JIT, caches, pools). Results go to a section of the day's pass file, docs/performance/DATE.md.
internal static class CircuitSoak
{
    private const string Section = "capacity-soak";

    public static async Task RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var circuits = options.Count("--circuits", 100);
        var minutes = options.Number("--minutes", 30);
        var rate = options.Number("--rate", 10);
        var command = $"capacity-soak --circuits {circuits} --minutes {minutes.ToString(CultureInfo.InvariantCulture)} --rate {rate.ToString(CultureInfo.InvariantCulture)}";
        var started = DateTimeOffset.Now;
        var loadBefore = LiveCapacity.LoadAverage();
        Console.WriteLine($"RedStation circuit soak: {command}; load average {loadBefore}");

        var folder = Path.Combine(Path.GetTempPath(), "redstation-circuit-soak", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var app = new BenchmarkApp(Path.Combine(folder, "redstation.db"), Chromium.AdminSettings());
            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
            using var http = new HttpClient { BaseAddress = app.ServerAddress };
            http.DefaultRequestHeaders.Add("X-Api-Key", BenchmarkApp.ApiKey);
            var feed = app.Services.GetRequiredService<LiveFeed>();
            var idle = ServerMemory.Sample();

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchAsync(playwright);
            var context = await browser.NewContextAsync(Chromium.ScreenContext(await Chromium.SignInAsync(browser, app.ServerAddress)));
            context.SetDefaultTimeout(300_000);
            var pages = new List<IPage>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, circuits), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(app.ServerAddress.ToString());
                await page.Locator(".overview[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                lock (pages)
                {
                    pages.Add(page);
                    if (pages.Count % 10 == 0)
                    {
                        Console.WriteLine($"  {pages.Count} pages open after {clock.Elapsed.TotalSeconds:F0} s");
                    }
                }
            });
            var openedIn = clock.Elapsed;

            var live = (await http.GetFromJsonAsync<LiveSnapshot>("/api/v1/live", json))!;
            var load = new LiveLoad(http, live);
            var samples = new List<Sample> { Sample.Take(TimeSpan.Zero, 0, feed) };
            Console.WriteLine(samples[^1]);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            var duration = TimeSpan.FromMinutes(minutes);
            var interval = TimeSpan.FromSeconds(1 / rate);
            var nextSample = TimeSpan.FromMinutes(1);
            var sent = 0L;
            while (clock.Elapsed < duration)
            {
                var due = interval * sent;
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                await load.NextAsync();
                sent++;
                if (clock.Elapsed >= nextSample)
                {
                    samples.Add(Sample.Take(clock.Elapsed, sent, feed));
                    Console.WriteLine(samples[^1]);
                    nextSample += TimeSpan.FromMinutes(1);
                }
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var elapsed = clock.Elapsed;
            samples.Add(Sample.Take(elapsed, sent, feed));
            Console.WriteLine(samples[^1]);
            var interactive = 0;
            foreach (var page in pages)
            {
                interactive += await page.Locator(".overview[data-interactive=true]").CountAsync();
            }

            await context.CloseAsync();
            var report = Report(command, started, loadBefore, LiveCapacity.LoadAverage(), circuits, pages.Count, openedIn, idle, samples, load, rate, elapsed, cpu, interactive);
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

    /// <summary>Least-squares slope of <paramref name="value"/> over time, per hour, for the samples from <paramref name="from"/> on.</summary>
    private static double SlopePerHour(IReadOnlyList<Sample> samples, TimeSpan from, Func<Sample, double> value)
    {
        var points = samples.Where(s => s.At >= from).Select(s => (X: s.At.TotalHours, Y: value(s))).ToList();
        if (points.Count < 2)
        {
            return double.NaN;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var spread = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return spread == 0 ? double.NaN : points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / spread;
    }

    private static string Report(
        string command, DateTimeOffset started, string loadBefore, string loadAfter, int asked, int opened, TimeSpan openedIn, ServerMemory idle,
        List<Sample> samples, LiveLoad load, double rate, TimeSpan elapsed, TimeSpan cpu, int interactive)
    {
        var from = elapsed / 3;
        var managedSlope = SlopePerHour(samples, from, s => s.Memory.ManagedMb);
        var workingSetSlope = SlopePerHour(samples, from, s => s.Memory.WorkingSetMb);
        var tail = samples.Where(s => s.At >= from).ToList();
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"## Memory soak: {opened} open Overview circuits for {elapsed.TotalMinutes:F0} minutes under {rate.ToString(CultureInfo.InvariantCulture)} events/s");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project RedStation.Benchmarks -- {command}`");
        b.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm zzz}; machine: {MachineInfo.Describe()}");
        b.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter} (2 cores shared with other engineers).");
        b.AppendLine(CultureInfo.InvariantCulture,
            $"- {opened} of {asked} Overview pages opened in {openedIn.TotalSeconds:F0} s (one headless Chromium, signed in as an administrator); {interactive} still showed the interactive Overview at the end (the marker stays in a page whose circuit was lost: the feed subscribers are the live count). Server with no page open: {idle.ManagedMb:F1} MB managed, {idle.WorkingSetMb:F0} MB working set.");
        b.AppendLine(CultureInfo.InvariantCulture,
            $"- Events through the API: {load.CheckIns:N0} check-ins, {load.CheckOuts:N0} check-outs, {load.HeadCounts:N0} head-counts ({(load.CheckIns + load.CheckOuts + load.HeadCounts) / elapsed.TotalSeconds:F1}/s against {rate.ToString(CultureInfo.InvariantCulture)}/s asked; {load.Failures:N0} refused); the benchmark process (server and load) used {cpu.TotalSeconds / elapsed.TotalSeconds:F2} cores.");
        b.AppendLine("- Each sample: the server's managed heap after a forced full, compacting collection (`GC.GetTotalMemory` after");
        b.AppendLine("  `GC.Collect` twice with finalizers between), and the process's working set (server, hub and load share the process).");
        b.AppendLine();
        b.AppendLine("| at | events | feed subscribers | managed heap MB | working set MB | sample's pause s |");
        b.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in samples)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"| {s.At.TotalMinutes:F1} min | {s.Events:N0} | {s.Subscribers} | {s.Memory.ManagedMb:F1} | {s.Memory.WorkingSetMb:F0} | {s.Memory.Pause.TotalSeconds:F1} |");
        }

        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture,
            $"Slope over the last two thirds ({from.TotalMinutes:F0}–{elapsed.TotalMinutes:F0} min, {tail.Count} samples, least squares): managed heap **{managedSlope:+0.0;-0.0;0.0} MB per hour** (range {tail.Min(s => s.Memory.ManagedMb):F1}–{tail.Max(s => s.Memory.ManagedMb):F1} MB), working set **{workingSetSlope:+0.0;-0.0;0.0} MB per hour** (range {tail.Min(s => s.Memory.WorkingSetMb):F0}–{tail.Max(s => s.Memory.WorkingSetMb):F0} MB). Target: no growth.");
        return b.ToString();
    }

    private sealed record Sample(TimeSpan At, long Events, int Subscribers, ServerMemory Memory)
    {
        public static Sample Take(TimeSpan at, long events, LiveFeed feed) => new(at, events, feed.SubscriberCount, ServerMemory.Sample());

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{At.TotalMinutes,5:F1} min  events {Events,7}  subscribers {Subscribers,4}  managed {Memory.ManagedMb,6:F1} MB  working set {Memory.WorkingSetMb,5:F0} MB  pause {Memory.Pause.TotalSeconds,5:F1} s");
    }
}
