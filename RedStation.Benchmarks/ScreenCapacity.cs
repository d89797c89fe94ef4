using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Live;

namespace RedStation.Benchmarks;

// What one screen costs: bytes on the wire and time to first paint for the Overview and a wall display (cold and warm
// browser cache), and the server's memory with 0, 50 and 100 open dashboards (real Chromium pages, one circuit each).
//   dotnet run -c Release --project RedStation.Benchmarks -- capacity-screens [--circuits 50,100] [--runs 5]
// The floor of each figure is measured in the same run: the first paint of a bare page (/healthz) from the same server,
// and the memory of the same process with no page open. Results go to the "screens" section of the day's pass file, docs/performance/DATE.md.
internal static class ScreenCapacity
{
    public static async Task RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var circuits = options.Counts("--circuits", "50,100");
        var runs = options.Count("--runs", 5);
        WireCounter.Verbose = options.Flag("--verbose");
        var command = $"capacity-screens --circuits {string.Join(',', circuits)} --runs {runs}";
        var started = DateTimeOffset.Now;
        Console.WriteLine($"RedStation screen capacity: {command}");

        var folder = Path.Combine(Path.GetTempPath(), "redstation-screens", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var app = new BenchmarkApp(Path.Combine(folder, "redstation.db"), Chromium.AdminSettings());
        var baseAddress = app.ServerAddress;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);

        // Page weight and first paint from the app as it is deployed: published (static assets compressed and
        // fingerprinted at publish), in its own process, Production settings.
        var memoryOnly = options.Flag("--memory-only");
        var published = options.Text("--published", string.Empty);
        if (published.Length == 0 && !memoryOnly)
        {
            published = Path.Combine(folder, "publish");
            await PublishAsync(published);
        }

        PageFigures floor = PageFigures.None, overview = PageFigures.None, display = PageFigures.None;
        if (!memoryOnly)
        {
        await using (var deployed = await PublishedApp.StartAsync(published, Path.Combine(folder, "published.db"), Chromium.AdminName, Chromium.AdminPassword))
        {
            var state = await Chromium.SignInAsync(browser, deployed.Address);
            floor = await MeasurePageAsync(browser, null, $"{deployed.Address}healthz", "body", runs);
            Console.WriteLine($"floor: {floor}");
            // Ready once the charts have drawn: the chart library is the largest file and loads last.
            overview = await MeasurePageAsync(browser, state, deployed.Address.ToString(), ".overview[data-interactive=true] .apexcharts-canvas", runs);
            Console.WriteLine($"overview: {overview}");
            display = await MeasurePageAsync(browser, state, $"{deployed.Address}display", ".wall[data-interactive=true]", runs);
            Console.WriteLine($"display: {display}");
        }
        }

        var signedIn = await Chromium.SignInAsync(browser, baseAddress);

        // Memory per open dashboard: the same process, after a full collection, with 0 and then N Overview circuits.
        var feed = app.Services.GetRequiredService<LiveFeed>();
        var memory = new List<MemorySample> { await SampleMemoryAsync(0, feed) };
        Console.WriteLine(memory[^1]);
        var context = await browser.NewContextAsync(Chromium.ScreenContext(signedIn));
        context.SetDefaultTimeout(300_000);
        var pages = new List<IPage>();
        foreach (var target in circuits)
        {
            while (pages.Count < target)
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(baseAddress.ToString());
                await page.Locator(".overview[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                pages.Add(page);
            }

            memory.Add(await SampleMemoryAsync(pages.Count, feed));
            Console.WriteLine(memory[^1]);
        }

        var hold = options.Count("--hold", 0);
        if (hold > 0)
        {
            // Time to take a heap snapshot of the pages' circuits: dotnet-gcdump collect -p PID.
            Console.WriteLine($"holding {pages.Count} pages open for {hold} s; process {Environment.ProcessId}");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }

        await context.CloseAsync();
        if (memoryOnly)
        {
            Console.WriteLine(string.Join(Environment.NewLine, memory));
            return;
        }

        WriteReport(command, started, floor, overview, display, memory);
        await PerformanceReport.WriteSectionAsync(PerformanceReport.PassFile(), "screens", Report(command, started, floor, overview, display, memory));
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task PublishAsync(string output)
    {
        Console.WriteLine($"publishing the dashboard to {output} …");
        using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine("RedStation.Dashboard", "RedStation.Dashboard.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
        })!;
        await publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}); run the benchmark from the repository's root.");
        }
    }

    /// <summary>Loads <paramref name="url"/> <paramref name="runs"/> times in a fresh browser context (cold), each followed by one more load in the same context (warm).</summary>
    private static async Task<PageFigures> MeasurePageAsync(IBrowser browser, string? storageState, string url, string ready, int runs)
    {
        var cold = new List<Load>();
        var warm = new List<Load>();
        for (var run = 0; run < runs; run++)
        {
            var context = await browser.NewContextAsync(Chromium.ScreenContext(storageState));
            context.SetDefaultTimeout(120_000);
            var page = await context.NewPageAsync();
            var cdp = await context.NewCDPSessionAsync(page);
            var wire = new WireCounter(cdp);
            await cdp.SendAsync("Network.enable");
            cold.Add(await LoadAsync(page, wire, url, ready));
            Console.WriteLine($"  cold: {cold[^1]}");
            warm.Add(await LoadAsync(page, wire, url, ready));
            Console.WriteLine($"  warm: {warm[^1]}");
            await context.CloseAsync();
        }

        return new PageFigures(cold, warm);
    }

    private static async Task<Load> LoadAsync(IPage page, WireCounter wire, string url, string ready)
    {
        wire.Reset();
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(url);
        await page.Locator(ready).First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var readyMs = clock.Elapsed.TotalMilliseconds;
        // Late requests (chart modules, fonts) belong to the page too.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var paint = await page.EvaluateAsync<double?>("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null");
        return new Load(wire.Bytes, wire.Requests, paint ?? double.NaN, readyMs);
    }

    private static async Task<MemorySample> SampleMemoryAsync(int pages, LiveFeed feed)
    {
        // Let the circuits settle (first renders, chart modules) before the collection.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var server = ServerMemory.Sample();
        return new MemorySample(pages, feed.SubscriberCount, server.ManagedBytes, server.WorkingSet);
    }

    private static void WriteReport(string command, DateTimeOffset started, PageFigures floor, PageFigures overview, PageFigures display, List<MemorySample> memory) =>
        Console.WriteLine(Report(command, started, floor, overview, display, memory));

    private static string Report(string command, DateTimeOffset started, PageFigures floor, PageFigures overview, PageFigures display, List<MemorySample> memory)
    {
        var b = new StringBuilder();
        b.AppendLine("## Screens: page weight, first paint, memory per open dashboard");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project RedStation.Benchmarks -- {command}`");
        b.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm zzz}; machine: {MachineInfo.Describe()}");
        b.AppendLine("- Page weight and paint: the dashboard published (`dotnet publish -c Release`: static assets fingerprinted and");
        b.AppendLine("  pre-compressed) and run in its own process with Production settings on loopback, signed in as an administrator;");
        b.AppendLine("  Chromium headless at 1920×1080, zh-CN; cold is a fresh browser context, warm the same context loading the page again.");
        b.AppendLine("  Bytes are what crossed the wire (compressed, as Chromium's network log reports them, the Blazor connection's");
        b.AppendLine("  negotiation included, its WebSocket frames not); first paint is Chromium's first-contentful-paint; ready is");
        b.AppendLine("  navigation start to the live circuit's own render (`data-interactive`). Medians of the runs.");
        b.AppendLine();
        b.AppendLine("| page | cold KB | cold requests | cold first paint ms | cold ready ms | warm KB | warm requests | warm first paint ms | warm ready ms |");
        b.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        b.AppendLine(floor.Row("floor: `/healthz` (bare text)"));
        b.AppendLine(overview.Row("Overview (signed in)"));
        b.AppendLine(display.Row("wall display `/display` (signed in)"));
        b.AppendLine();
        b.AppendLine("Memory: the server in the benchmark's own process (so that a full collection can be forced before each sample),");
        b.AppendLine("N Overview pages open in one Chromium context, each its own circuit (two feed subscriptions each: the page and the");
        b.AppendLine("app bar's alert badge), sampled 10 s after the last page went live.");
        b.AppendLine();
        b.AppendLine("| open Overview pages | feed subscribers | managed heap MB | working set MB |");
        b.AppendLine("| ---: | ---: | ---: | ---: |");
        foreach (var m in memory)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"| {m.Pages} | {m.Subscribers} | {m.ManagedBytes / 1048576.0:F1} | {m.WorkingSet / 1048576.0:F1} |");
        }

        var first = memory[0];
        var last = memory[^1];
        if (last.Pages > first.Pages)
        {
            var per = last.Pages - first.Pages;
            b.AppendLine();
            b.AppendLine(CultureInfo.InvariantCulture,
                $"Slope from {first.Pages} to {last.Pages} pages: **{(last.ManagedBytes - first.ManagedBytes) / 1024.0 / per:F0} KB managed heap** and **{(last.WorkingSet - first.WorkingSet) / 1024.0 / per:F0} KB working set per open dashboard** (the floor is the same process with no page open; target ≤ 500 KB).");
        }

        return b.ToString();
    }

    /// <summary>The published dashboard in its own process, on a free loopback port, stopped when disposed.</summary>
    private sealed class PublishedApp : IAsyncDisposable
    {
        private readonly Process _process;

        private PublishedApp(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<PublishedApp> StartAsync(string folder, string database, string admin, string password)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "RedStation.Dashboard.dll"), "--urls", $"http://127.0.0.1:{port}"])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["RedStation__PublicBaseUrl"] = $"http://127.0.0.1:{port}/";
            start.Environment["ConnectionStrings__RedStation"] = $"Data Source={database}";
            start.Environment["Seed__Demo"] = "true";
            start.Environment["Seed__Days"] = "7";
            start.Environment["Security__BootstrapAdmin__UserName"] = admin;
            start.Environment["Security__BootstrapAdmin__Password"] = password;
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var app = new PublishedApp(process, new Uri($"http://127.0.0.1:{port}/"));
            using var http = new HttpClient { BaseAddress = app.Address };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                    {
                        return app;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(10))
                {
                    await app.DisposeAsync();
                    throw new InvalidOperationException("The published dashboard did not start.");
                }

                await Task.Delay(500);
            }
        }

        private static int FreePort()
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }

    private sealed record Load(long Bytes, int Requests, double FirstPaintMs, double ReadyMs);

    private sealed record MemorySample(int Pages, int Subscribers, long ManagedBytes, long WorkingSet)
    {
        public override string ToString() =>
            FormattableString.Invariant($"{Pages} pages: {Subscribers} subscribers, managed {ManagedBytes / 1048576.0:F1} MB, working set {WorkingSet / 1048576.0:F1} MB");
    }

    private sealed record PageFigures(List<Load> Cold, List<Load> Warm)
    {
        public static readonly PageFigures None = new([], []);

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
        }

        public string Row(string name) => FormattableString.Invariant(
            $"| {name} | {Median(Cold.Select(l => l.Bytes / 1024.0)):F1} | {Median(Cold.Select(l => (double)l.Requests)):F0} | {Median(Cold.Select(l => l.FirstPaintMs)):F0} | {Median(Cold.Select(l => l.ReadyMs)):F0} | {Median(Warm.Select(l => l.Bytes / 1024.0)):F1} | {Median(Warm.Select(l => (double)l.Requests)):F0} | {Median(Warm.Select(l => l.FirstPaintMs)):F0} | {Median(Warm.Select(l => l.ReadyMs)):F0} |");

        public override string ToString() => Row("page");
    }

    /// <summary>Sums the encoded (on-the-wire) bytes of every finished request, from Chromium's own network log.</summary>
    private sealed class WireCounter
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _urls = new();
        private long _bytes;
        private int _requests;

        public WireCounter(ICDPSession cdp)
        {
            cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
            {
                if (e is { } received)
                {
                    var response = received.GetProperty("response");
                    var encoding = response.GetProperty("headers").EnumerateObject()
                        .FirstOrDefault(h => h.Name.Equals("content-encoding", StringComparison.OrdinalIgnoreCase)).Value;
                    var cached = response.TryGetProperty("fromDiskCache", out var disk) && disk.GetBoolean();
                    _urls[received.GetProperty("requestId").GetString()!] =
                        $"{response.GetProperty("url").GetString()} [{(encoding.ValueKind == System.Text.Json.JsonValueKind.String ? encoding.GetString() : "identity")}{(cached ? ", disk cache" : string.Empty)}]";
                }
            };
            cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
            {
                if (e is { } finished && finished.TryGetProperty("encodedDataLength", out var length))
                {
                    Interlocked.Add(ref _bytes, (long)length.GetDouble());
                    Interlocked.Increment(ref _requests);
                    if (Verbose)
                    {
                        Console.WriteLine(FormattableString.Invariant(
                            $"  {length.GetDouble() / 1024:F1} KB {_urls.GetValueOrDefault(finished.GetProperty("requestId").GetString()!, "?")}"));
                    }
                }
            };
        }

        /// <summary>List every request with its size and encoding on the console (<c>--verbose</c>).</summary>
        public static bool Verbose { get; set; }

        public long Bytes => Interlocked.Read(ref _bytes);

        public int Requests => Volatile.Read(ref _requests);

        public void Reset()
        {
            Interlocked.Exchange(ref _bytes, 0);
            Interlocked.Exchange(ref _requests, 0);
        }
    }
}
