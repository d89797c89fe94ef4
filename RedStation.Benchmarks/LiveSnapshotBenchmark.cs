using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Data.Live;
using RedStation.Data.Services;

namespace RedStation.Benchmarks;

/// <summary>
/// The Overview on a seeded history (<c>analytics --snapshot-only</c>): what the server does before it can show it.
/// <list type="bullet">
/// <item>The live snapshot built from the database (<see cref="LiveFeed.RebuildAsync"/>, at start-up and at each new
/// city day). Cold: a fresh service provider and SQLite's connection pools cleared, so each run opens the file anew
/// with an empty page cache (the operating system's file cache stays warm); warm: the same provider, run after run.</item>
/// <item>The Overview's first render: the real app on loopback over the same file, signed in as an administrator,
/// <c>GET /</c> — the server-side prerender of the page from the in-memory snapshot, the whole response read.</item>
/// </list>
/// Beside each, a floor of the same run: a <c>SELECT 1</c> through a fresh context, and <c>GET /healthz</c>.
/// </summary>
internal static partial class LiveSnapshotBenchmark
{
    private const double TargetMs = 300;
    private const string AdminName = "snapshot-admin";
    private const string AdminPassword = "Snapshot-benchmark-only-2026";

    public static async Task RunAsync(string folder, int days, int runs, string output, string data)
    {
        var started = DateTimeOffset.Now;
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ').Take(3)) : "n/a";

        var floor = new List<double>();
        var cold = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            SqliteConnection.ClearAllPools();
            await using var services = AnalyticsBenchmark.Services(folder, days);
            var feed = services.GetRequiredService<LiveFeed>();
            var writer = services.GetRequiredService<DomainWriter>();
            cold.Add(await TimeAsync(() => feed.RebuildAsync(writer)));
            Console.WriteLine($"snapshot cold {cold[^1],8:F1} ms");
        }

        var warm = new List<double>();
        await using (var services = AnalyticsBenchmark.Services(folder, days))
        {
            var feed = services.GetRequiredService<LiveFeed>();
            var writer = services.GetRequiredService<DomainWriter>();
            var factory = services.GetRequiredService<IDbContextFactory<RedStationDbContext>>();
            await feed.RebuildAsync(writer);
            for (var i = 0; i < runs; i++)
            {
                floor.Add(await TimeAsync(async () =>
                {
                    await using var db = await factory.CreateDbContextAsync();
                    await db.Database.SqlQueryRaw<int>("SELECT 1 AS Value").ToListAsync();
                }));
                warm.Add(await TimeAsync(() => feed.RebuildAsync(writer)));
                Console.WriteLine($"snapshot warm {warm[^1],8:F1} ms");
            }
        }

        SqliteConnection.ClearAllPools();
        var (pageFloor, pageFirst, page, pageBytes, startup) = await MeasureOverviewAsync(folder, runs);

        var snapshotCold = new Percentiles(cold);
        var snapshotWarm = new Percentiles(warm);
        var floorPercentiles = new Percentiles(floor);
        var pagePercentiles = new Percentiles(page);
        var pageFloorPercentiles = new Percentiles(pageFloor);
        string Row(string name, Percentiles p, string target) =>
            FormattableString.Invariant($"| {name} | {p.Count} | {p.At(50):F1} | {p.At(95):F1} | {p.Max:F1} | {target} |");
        string Verdict(Percentiles p) => p.At(95) < TargetMs ? "yes" : "**no**";

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project RedStation.Benchmarks -- analytics --snapshot-only --days {days} --runs {runs} --db FOLDER`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm zzz}; load average at the start {load}; machine: {MachineInfo.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Data: {data}.");
        report.AppendLine("- Snapshot cold: a fresh service provider and cleared connection pools each run (the file opened anew, SQLite's page");
        report.AppendLine("  cache empty; the OS file cache stays warm). Overview: `GET /` signed in as an administrator, the whole prerendered");
        report.AppendLine(CultureInfo.InvariantCulture, $"  page read ({pageBytes:N0} bytes); the app started in {startup:F0} ms (its own snapshot build included).");
        report.AppendLine();
        report.AppendLine("| | runs | p50 ms | p95 ms | max ms | under 300 ms (p95) |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | :---: |");
        report.AppendLine(Row("floor: `SELECT 1` through a fresh context", floorPercentiles, string.Empty));
        report.AppendLine(Row("live snapshot built from the database, cold", snapshotCold, Verdict(snapshotCold)));
        report.AppendLine(Row("live snapshot built from the database, warm", snapshotWarm, Verdict(snapshotWarm)));
        report.AppendLine(Row("floor: `GET /healthz`", pageFloorPercentiles, string.Empty));
        report.AppendLine(FormattableString.Invariant($"| Overview's first render (`GET /`), first request after start | 1 | {pageFirst:F1} | | | |"));
        report.AppendLine(Row("Overview's first render (`GET /`), later requests", pagePercentiles, Verdict(pagePercentiles)));
        Console.WriteLine(report);
        await PerformanceReport.WriteSectionAsync(output, "live-snapshot", report.ToString());
        Console.WriteLine($"Wrote {output}");
    }

    private static async Task<(List<double> Floor, double First, List<double> Page, int Bytes, double Startup)> MeasureOverviewAsync(string folder, int runs)
    {
        var clock = Stopwatch.StartNew();
        await using var app = new BenchmarkApp(Path.Combine(folder, "redstation.db"), new Dictionary<string, string>
        {
            ["Security:BootstrapAdmin:UserName"] = AdminName,
            ["Security:BootstrapAdmin:Password"] = AdminPassword,
        });
        var address = app.ServerAddress;
        var feed = app.Services.GetRequiredService<LiveFeed>();
        while (!feed.IsReady)
        {
            await Task.Delay(50);
        }

        var startup = clock.Elapsed.TotalMilliseconds;
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };
        var form = await client.GetStringAsync("/account/login");
        using (var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(form).Groups[1].Value),
            ["Input.UserName"] = AdminName,
            ["Input.Password"] = AdminPassword,
        })))
        {
            if (signIn.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Signing in answered {(int)signIn.StatusCode}, not a redirect.");
            }
        }

        var bytes = 0;
        async Task<double> GetOverviewAsync() => await TimeAsync(async () =>
        {
            using var response = await client.GetAsync("/");
            response.EnsureSuccessStatusCode();
            var html = await response.Content.ReadAsStringAsync();
            if (!html.Contains("data-testid=\"kpi-on-duty\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("GET / did not answer the Overview.");
            }

            bytes = Encoding.UTF8.GetByteCount(html);
        });

        var first = await GetOverviewAsync();
        Console.WriteLine($"overview first {first,8:F1} ms");
        var floor = new List<double>();
        var page = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            floor.Add(await TimeAsync(async () => (await client.GetAsync("/healthz")).EnsureSuccessStatusCode()));
            page.Add(await GetOverviewAsync());
            Console.WriteLine($"overview {page[^1],8:F1} ms");
        }

        return (floor, first, page, bytes, startup);
    }

    private static async Task<double> TimeAsync(Func<Task> run)
    {
        var clock = Stopwatch.StartNew();
        await run();
        return clock.Elapsed.TotalMilliseconds;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
