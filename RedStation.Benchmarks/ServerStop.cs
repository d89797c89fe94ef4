using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Seeding;
using RedStation.Data.Services;

namespace RedStation.Benchmarks;

// The server killed with screens open: how soon do they say so, and how soon after it answers again are they live?
//   dotnet run -c Release --project RedStation.Benchmarks -- reconnect [--runs 5] [--down 3]
// The app as a process of its own (AppServerProcess) over a fresh seeded SQLite file (7 days); the machine's Chromium
// with the Overview (signed in as an administrator) and the city wall (a display link) open. Each run: the server is
// killed (SIGKILL); the time until each page shows "reconnecting" (body[data-connection=lost], the indicator's lost chip
// visible); `--down` s later the server is started again on the same port, a check-in is posted as soon as /healthz
// answers 200, and from that answer the time until each page is live again (interactive, the indicator live, the lost
// chip gone; the Overview's check-ins KPI equal to /api/v1/live). Results go to the "reconnect" section of
// the day's pass file, docs/performance/DATE.md.
internal static class ServerStop
{
    private const string Section = "reconnect";

    /// <summary>What a page says of its connection, read in one evaluation: lost|chip|state|interactive|kpi.</summary>
    private const string ReadState = """
        () => {
            const chip = document.querySelector('[data-testid=live-indicator-lost]');
            const indicator = document.querySelector('[data-testid=live-indicator]');
            const root = document.querySelector('.overview, .wall');
            const kpi = document.querySelector('[data-testid=kpi-check-ins-value]');
            return [document.body?.dataset.connection === 'lost', !!chip && chip.checkVisibility(),
                indicator?.dataset.state ?? '', root?.dataset.interactive === 'true', kpi?.textContent ?? ''].join('|');
        }
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args);
        var runs = Math.Max(1, options.Count("--runs", 5));
        var down = options.Number("--down", 3);
        var command = $"reconnect --runs {runs} --down {down.ToString(CultureInfo.InvariantCulture)}";
        var started = DateTimeOffset.Now;
        var loadBefore = LiveCapacity.LoadAverage();
        Console.WriteLine($"RedStation server stop with screens open: {command}; load average {loadBefore}");

        var folder = Path.Combine(Path.GetTempPath(), "redstation-reconnect", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "redstation.db");
        AppServerProcess? app = null;
        try
        {
            var displaySecret = await SeedAsync(database);
            var port = Loopback.FreePort();
            var settings = Chromium.AdminSettings();
            settings["Seed:Days"] = "7";
            settings["Security:ApiPermitLimit"] = "1000000";
            app = AppServerProcess.Start(port, database, settings);
            await app.WaitUntilHealthyAsync(TimeSpan.FromMinutes(3));

            // A new client (and connection) per server process: a pooled connection would outlive the killed one.
            HttpClient Api()
            {
                var client = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(30) };
                client.DefaultRequestHeaders.Add("X-Api-Key", BenchmarkApp.ApiKey);
                return client;
            }

            var http = Api();
            var (stationId, free) = await PickAsync(http);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchAsync(playwright);
            var state = await Chromium.SignInAsync(browser, app.Address);
            var overview = await (await browser.NewContextAsync(Chromium.ScreenContext(state))).NewPageAsync();
            overview.SetDefaultTimeout(120_000);
            await overview.GotoAsync(app.Address.ToString());
            await overview.Locator(".overview[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var wall = await (await browser.NewContextAsync(Chromium.ScreenContext())).NewPageAsync();
            wall.SetDefaultTimeout(120_000);
            await wall.GotoAsync($"{app.Address}display/connect?token={Uri.EscapeDataString(displaySecret)}");
            await wall.Locator(".wall[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var pages = new[] { overview, wall };

            var expected = await CheckInsTodayAsync(http);
            if (await WaitForAsync(pages, (page, s) => s.IsLive && (page == wall || s.CheckIns == expected), Patience) is [0, ..] or [_, 0])
            {
                throw new TimeoutException("The pages were not live before the first stop.");
            }

            var samples = new List<Run>();
            for (var run = 0; run < runs; run++)
            {
                // A moment of quiet: the pages settled after the last run.
                await Task.Delay(TimeSpan.FromSeconds(2));
                var killedAt = Stopwatch.GetTimestamp();
                await app.KillAsync();
                var lost = await WaitForAsync(pages, (_, s) => s.Lost, Patience);
                await Task.Delay(TimeSpan.FromSeconds(down));

                var startedAt = Stopwatch.GetTimestamp();
                app = AppServerProcess.Start(port, database, settings);
                var answeredAt = await app.WaitUntilHealthyAsync(TimeSpan.FromMinutes(3));
                http.Dispose();
                http = Api();
                // Something new since the pages last saw the server: the Overview must show the database's figure, not its old one.
                using (var response = await http.PostAsJsonAsync($"/api/v1/stations/{stationId}/checkins", new { volunteerId = free[run] }))
                {
                    response.EnsureSuccessStatusCode();
                }

                expected = await CheckInsTodayAsync(http);
                var live = await WaitForAsync(pages, (page, s) => s.IsLive && (page == wall || s.CheckIns == expected), Patience);
                var sample = new Run(
                    Seconds(killedAt, lost[0]), Seconds(killedAt, lost[1]), Seconds(startedAt, answeredAt),
                    Seconds(answeredAt, live[0]), Seconds(answeredAt, live[1]));
                samples.Add(sample);
                Console.WriteLine(FormattableString.Invariant(
                    $"run {run + 1}: reconnecting shown after {sample.OverviewLost:F2} s (Overview), {sample.WallLost:F2} s (wall); server answered {sample.Restart:F1} s after its start; live again {sample.OverviewLive:F2} s (Overview), {sample.WallLive:F2} s (wall) after that"));
            }

            http.Dispose();
            var report = Report(command, started, loadBefore, LiveCapacity.LoadAverage(), down, samples);
            Console.WriteLine(report);
            await PerformanceReport.WriteSectionAsync(PerformanceReport.PassFile(), Section, report);
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Seeds the file (7 days) and creates a city-wide display link, before the app first opens it; returns the link's secret.</summary>
    private static async Task<string> SeedAsync(string database)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:RedStation"] = $"Data Source={database}", ["Seed:Days"] = "7" })
            .Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddRedStationData(configuration, Path.GetDirectoryName(database)!)
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
        // The writer raises a live event for the new link: the feed must exist, even here where nobody watches it.
        await services.GetRequiredService<LiveFeed>().RebuildAsync(services.GetRequiredService<DomainWriter>());
        using var acting = ActorContext.Begin(new Actor(ActorKind.Person, "reconnect", "reconnect"));
        var created = await services.GetRequiredService<DisplayTokenService>().CreateAsync("reconnect", "all");
        return created.Value?.Secret ?? throw new InvalidOperationException("The display link was not created.");
    }

    private static async Task<(int Station, int[] Free)> PickAsync(HttpClient http)
    {
        using var live = (await http.GetFromJsonAsync<JsonDocument>("/api/v1/live"))!;
        var stations = live.RootElement.GetProperty("stations").EnumerateArray().ToList();
        var open = stations.First(s => s.GetProperty("status").GetString() is "Open" or "open").GetProperty("stationId").GetInt32();
        var busy = stations.SelectMany(s => s.GetProperty("onDuty").EnumerateArray()).Select(v => v.GetProperty("volunteerId").GetInt32()).ToHashSet();
        return (open, Enumerable.Range(1, 17_000).Where(id => !busy.Contains(id)).Take(100).ToArray());
    }

    private static async Task<int> CheckInsTodayAsync(HttpClient http)
    {
        using var live = (await http.GetFromJsonAsync<JsonDocument>("/api/v1/live"))!;
        return live.RootElement.GetProperty("totals").GetProperty("today").GetProperty("checkIns").GetInt32();
    }

    /// <summary>
    /// Reads every page every 50 ms until each has met the condition once; returns when each first did (a
    /// <see cref="Stopwatch"/> timestamp; 0 if it never did). A page that is reloading counts as not there yet.
    /// </summary>
    private static async Task<long[]> WaitForAsync(IPage[] pages, Func<IPage, PageState, bool> condition, TimeSpan patience)
    {
        var met = new long[pages.Length];
        var clock = Stopwatch.StartNew();
        while (met.Contains(0) && clock.Elapsed < patience)
        {
            for (var i = 0; i < pages.Length; i++)
            {
                if (met[i] == 0 && await ReadAsync(pages[i]) is { } state && condition(pages[i], state))
                {
                    met[i] = Stopwatch.GetTimestamp();
                }
            }

            await Task.Delay(50);
        }

        return met;
    }

    private static async Task<PageState?> ReadAsync(IPage page)
    {
        try
        {
            var parts = (await page.EvaluateAsync<string>(ReadState)).Split('|');
            var digits = new string(parts[4].Where(char.IsAsciiDigit).ToArray());
            return new PageState(parts[0] == "true", parts[1] == "true", parts[2], parts[3] == "true",
                digits.Length > 0 ? int.Parse(digits, CultureInfo.InvariantCulture) : -1);
        }
        catch (PlaywrightException)
        {
            // Navigating (the page reloads itself once the server answers): its document is being replaced.
            return null;
        }
    }

    private static double Seconds(long from, long to) => to == 0 ? double.NaN : Stopwatch.GetElapsedTime(from, to).TotalSeconds;

    private static string Report(string command, DateTimeOffset started, string loadBefore, string loadAfter, double down, List<Run> runs)
    {
        static Percentiles Of(IEnumerable<double> seconds) => new([.. seconds.Select(s => double.IsNaN(s) ? double.PositiveInfinity : s)]);
        string Row(string name, IEnumerable<double> seconds, string target)
        {
            var p = Of(seconds);
            return FormattableString.Invariant($"| {name} | {p.Count} | {p.At(50):F2} | {p.Max:F2} | {target} |");
        }

        var b = new StringBuilder();
        b.AppendLine("## Server stop with screens open").AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project RedStation.Benchmarks -- {command}`");
        b.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm zzz}; machine: {MachineInfo.Describe()}");
        b.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter} (the machine's 2 cores are shared with other engineers' builds and tests).");
        b.AppendLine("- The app as a process of its own (`dotnet RedStation.Dashboard.dll` from the Release build output, Development environment so that");
        b.AppendLine("  the build output serves its static assets) on a loopback port, over a fresh seeded SQLite file (7 days of history). One headless");
        b.AppendLine("  Chromium (`/usr/bin/chromium`, 1920×1080, zh-CN) with the Overview (signed in as an administrator) and the city wall (a display link) open.");
        b.AppendLine(CultureInfo.InvariantCulture,
            $"- Each run: the server killed (SIGKILL); {down} s later started again on the same port; as soon as `/healthz` answers 200 a check-in is posted, so the");
        b.AppendLine("  Overview's figure must change. Pages read every 50 ms. **Reconnecting shown**: `body[data-connection=lost]` and the indicator's lost chip");
        b.AppendLine("  visible, from the kill. **Live again**: the page interactive again (reloaded by itself), the indicator `live`, the lost chip gone, and on the");
        b.AppendLine("  Overview the check-ins KPI equal to `/api/v1/live`'s, from `/healthz`'s first 200.");
        b.AppendLine();
        b.AppendLine("| measure | runs | p50 s | max s | target |");
        b.AppendLine("| --- | ---: | ---: | ---: | --- |");
        b.AppendLine(Row("kill → Overview shows reconnecting", runs.Select(r => r.OverviewLost), "≤ 2 s"));
        b.AppendLine(Row("kill → wall shows reconnecting", runs.Select(r => r.WallLost), "≤ 2 s"));
        b.AppendLine(Row("server answers `/healthz` → Overview live, KPI equal to the API", runs.Select(r => r.OverviewLive), "≤ 10 s"));
        b.AppendLine(Row("server answers `/healthz` → wall live", runs.Select(r => r.WallLive), "≤ 10 s"));
        b.AppendLine(Row("for reference: process start → `/healthz` 200 (start-up)", runs.Select(r => r.Restart), ""));
        b.AppendLine();
        var lost = Of(runs.SelectMany(r => new[] { r.OverviewLost, r.WallLost })).Max;
        var live = Of(runs.SelectMany(r => new[] { r.OverviewLive, r.WallLive })).Max;
        b.AppendLine(CultureInfo.InvariantCulture,
            $"Against the targets: reconnecting shown at worst **{lost:F2} s** after the loss (target ≤ 2 s: {(lost <= 2 ? "met" : "missed")}); live again at worst **{live:F2} s** after the server answers (target ≤ 10 s: {(live <= 10 ? "met" : "missed")}).");
        b.AppendLine("After a restart the page's circuit is gone: it retries on a growing interval (0.5, 1, 2, 4, then every 5 s), and once the server answers");
        b.AppendLine("without its circuit it reloads, so the time to live again is the wait for the next retry plus a page load, not the server's start-up.");
        return b.ToString();
    }

    private sealed record PageState(bool ConnectionLost, bool LostChipShown, string Indicator, bool Interactive, int CheckIns)
    {
        public bool Lost => ConnectionLost && LostChipShown;

        public bool IsLive => !ConnectionLost && !LostChipShown && Indicator == "live" && Interactive;
    }

    private sealed record Run(double OverviewLost, double WallLost, double Restart, double OverviewLive, double WallLive);
}
