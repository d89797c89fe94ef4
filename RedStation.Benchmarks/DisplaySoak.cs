using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Benchmarks;

// A wall screen left running under load: does anything grow?
//   dotnet run -c Release --project RedStation.Benchmarks -- soak-display [--minutes 30] [--rate 10] [--dwell 10]
// Opens the city wall in the machine's Chromium (1920×1080) with its display link, pushes `rate` events a second through
// the API (check-ins, check-outs, head-counts), lets the playlist rotate through every panel (`dwell` s each), and samples
// the page's JS heap and DOM node count (Chrome DevTools Protocol, after a forced garbage collection) and the server's
// memory at the start, every minute and at the end. Results go to the "Wall display soak" section of the day's pass file (docs/performance/DATE.md).
internal static class DisplaySoak
{
    private const string Section = "## Wall display soak";

    public static async Task RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var minutes = options.Number("--minutes", 30.0);
        var rate = options.Number("--rate", 10.0);
        var dwell = (int)options.Number("--dwell", 10.0);
        var command = $"soak-display --minutes {minutes.ToString(CultureInfo.InvariantCulture)} --rate {rate.ToString(CultureInfo.InvariantCulture)} --dwell {dwell}";
        var started = DateTimeOffset.Now;
        Console.WriteLine($"RedStation display soak: {command}");

        var folder = Path.Combine(Path.GetTempPath(), "redstation-soak", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var app = new BenchmarkApp(Path.Combine(folder, "redstation.db"));
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
        using var http = new HttpClient { BaseAddress = app.ServerAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchmarkApp.ApiKey);

        string link;
        using (ActorContext.Begin(new Actor(ActorKind.Person, "soak", "soak")))
        {
            var tokens = app.Services.GetRequiredService<DisplayTokenService>();
            var created = await tokens.CreateAsync("soak", "all");
            await tokens.SetPlaylistAsync(created.Value!.Token.Id, DisplayPlaylist.Panels.Select(p => new DisplayPlaylistItem(p, dwell)).ToList());
            link = $"{app.ServerAddress}display/connect?token={Uri.EscapeDataString(created.Value.Secret)}";
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(Chromium.ScreenContext());
        var page = await context.NewPageAsync();
        // A busy machine (the soak shares it with the server) may take a while for the first page.
        page.SetDefaultTimeout(180_000);
        await page.GotoAsync(link);
        await page.GetByTestId("wall-panel").WaitForAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");

        // One full rotation first, so that every panel's code and chart library is loaded before the first sample.
        await Task.Delay(TimeSpan.FromSeconds(dwell * DisplayPlaylist.Panels.Count + 2));
        var samples = new List<Sample> { await SampleAsync(cdp, app, TimeSpan.Zero, 0) };
        Console.WriteLine(samples[^1]);

        var live = (await http.GetFromJsonAsync<LiveSnapshot>("/api/v1/live", json))!;
        var load = new LiveLoad(http, live);
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromMinutes(minutes);
        var nextSample = TimeSpan.FromMinutes(1);
        var interval = TimeSpan.FromSeconds(1 / rate);
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
                samples.Add(await SampleAsync(cdp, app, clock.Elapsed, sent));
                Console.WriteLine(samples[^1]);
                nextSample += TimeSpan.FromMinutes(1);
            }
        }

        samples.Add(await SampleAsync(cdp, app, clock.Elapsed, sent));
        Console.WriteLine(samples[^1]);
        var panel = await page.GetByTestId("wall-panel").GetAttributeAsync("data-panel");
        var offline = await page.Locator("#wall-offline:not([hidden])").CountAsync();

        // The server releases what a closed screen held: its circuit's subscription to the feed.
        var feed = app.Services.GetRequiredService<LiveFeed>();
        var subscribersOpen = feed.SubscriberCount;
        await context.CloseAsync();
        var subscribersClosed = await WaitForAsync(() => feed.SubscriberCount < subscribersOpen, TimeSpan.FromSeconds(30)) ? feed.SubscriberCount : -1;

        WriteReport(command, started, samples, load, rate, panel, offline, subscribersOpen, subscribersClosed);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(200);
        }

        return true;
    }

    private static async Task<Sample> SampleAsync(ICDPSession cdp, BenchmarkApp app, TimeSpan at, long events)
    {
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var result = await cdp.SendAsync("Performance.getMetrics");
        var metrics = result!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
        _ = app;
        var server = ServerMemory.Sample();
        return new Sample(at, events, metrics["JSHeapUsedSize"] / 1024 / 1024, (int)metrics["Nodes"], (int)metrics["JSEventListeners"],
            server.ManagedMb, server.WorkingSetMb);
    }

    private static void WriteReport(string command, DateTimeOffset started, List<Sample> samples, LiveLoad load, double rate, string? panel, int offline, int subscribersOpen, int subscribersClosed)
    {
        var first = samples[0];
        var last = samples[^1];
        var report = new StringBuilder();
        report.AppendLine(Section).AppendLine();
        report.AppendLine("A wall screen left open under load, measured by the benchmark project (not a test):");
        report.AppendLine("the city wall in headless Chromium at 1920×1080, its playlist rotating through every panel, while the API takes");
        report.AppendLine("check-ins, check-outs and head-counts. Browser figures come from the Chrome DevTools Protocol");
        report.AppendLine("(`Performance.getMetrics`) right after a forced garbage collection (`HeapProfiler.collectGarbage`); the server's are");
        report.AppendLine("the benchmark process's managed heap after a full collection and its working set (the app runs in-process).").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project RedStation.Benchmarks -- {command}`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm zzz}, {last.At.TotalMinutes:F1} min of load after one warm-up rotation");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {MachineInfo.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Events sent: {last.Events:N0} ({last.Events / Math.Max(1, last.At.TotalSeconds):F1}/s against {rate}/s asked): {load.CheckIns:N0} check-ins, {load.CheckOuts:N0} check-outs, {load.HeadCounts:N0} head-counts; {load.Failures:N0} refused").AppendLine();
        report.AppendLine("| at | events | JS heap MB | DOM nodes | JS listeners | server managed MB | server working set MB |");
        report.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in samples)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {s.At.TotalMinutes:F1} min | {s.Events:N0} | {s.HeapMb:F2} | {s.Nodes:N0} | {s.Listeners:N0} | {s.ManagedMb:F1} | {s.WorkingSetMb:F0} |");
        }

        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Start → end: JS heap **{Growth(first.HeapMb, last.HeapMb)}**, DOM nodes **{Growth(first.Nodes, last.Nodes)}** (target: each under 10 %), server managed heap {Growth(first.ManagedMb, last.ManagedMb)}.");
        report.AppendLine("DOM nodes depend on which panel is on screen when sampled (a chart panel has more nodes than the feed), so the");
        report.AppendLine("per-minute column moves with the rotation; what matters is that it does not climb.");
        report.AppendLine(CultureInfo.InvariantCulture, $"At the end the screen showed panel `{panel}` with {(offline == 0 ? "no" : "a")} connection-lost banner.");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Feed subscribers while the screen was open: {subscribersOpen}; after its browser closed: {(subscribersClosed < 0 ? "not released within 30 s" : subscribersClosed.ToString(CultureInfo.InvariantCulture))} (the server released the circuit's subscription).");
        report.AppendLine();

        var path = PerformanceReport.PassFile();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var existing = File.Exists(path) ? File.ReadAllText(path) : PerformanceReport.Title(path);
        var start = existing.IndexOf(Section, StringComparison.Ordinal);
        string updated;
        if (start < 0)
        {
            updated = existing.TrimEnd() + "\n\n" + report;
        }
        else
        {
            var next = existing.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
            updated = existing[..start] + report + (next < 0 ? string.Empty : existing[(next + 1)..]);
        }

        File.WriteAllText(path, updated);
        Console.WriteLine(report);
        Console.WriteLine($"written to {path}");
    }

    private static string Growth(double from, double to) =>
        from <= 0 ? "n/a" : $"{(to - from) / from:+0.0%;-0.0%;0.0%} ({from:0.##} → {to:0.##})";

    private sealed record Sample(TimeSpan At, long Events, double HeapMb, int Nodes, int Listeners, double ManagedMb, double WorkingSetMb)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{At.TotalMinutes,5:F1} min  events {Events,7}  heap {HeapMb,6:F2} MB  nodes {Nodes,6}  listeners {Listeners,5}  server {ManagedMb,6:F1} MB managed, {WorkingSetMb,5:F0} MB ws");
    }
}
