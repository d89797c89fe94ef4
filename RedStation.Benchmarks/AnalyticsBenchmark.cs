using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Data.Analytics;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Persistence;
using RedStation.Data.Seeding;
using RedStation.Data.Time;

namespace RedStation.Benchmarks;

/// <summary>
/// Every analytics query over a year of history, in-process (the server's own time, no HTTP), beside the floor of the
/// same run: a <c>SELECT 1</c> round trip through a fresh context from the same factory. Each query runs once cold
/// (the first call on the freshly opened file) and then <c>--runs</c> times warm.
/// </summary>
internal static class AnalyticsBenchmark
{
    private const double TargetMs = 300;

    public static async Task RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var days = int.TryParse(Value("--days"), out var d) && d > 0 ? d : 365;
        var runs = int.TryParse(Value("--runs"), out var r) && r > 0 ? r : 20;
        var output = Path.GetFullPath(Value("--output") ?? PerformanceReport.PassFile());
        var started = DateTimeOffset.Now;

        // --db FOLDER keeps the seeded file between runs (seeding a year takes minutes under load); without it, a scratch folder.
        var kept = Value("--db");
        var folder = kept is null ? Path.Combine(Path.GetTempPath(), "redstation-bench", Guid.NewGuid().ToString("N")) : Path.GetFullPath(kept);
        Directory.CreateDirectory(folder);
        try
        {
            var (seed, seedElapsed) = await SeedAsync(folder, days);
            Console.WriteLine(seed is null
                ? $"reusing the seeded file in {folder} (migrated, summaries rebuilt if missing, in {seedElapsed.TotalSeconds:F1} s)"
                : $"seeded {days} days in {seedElapsed.TotalSeconds:F0} s: {seed}");
            if (args.Contains("--seed-only"))
            {
                return;
            }

            // A fresh provider over the seeded file: the first query of each kind is cold.
            await using var services = Services(folder, days);
            var analytics = services.GetRequiredService<AnalyticsService>();
            var factory = services.GetRequiredService<IDbContextFactory<RedStationDbContext>>();
            var today = services.GetRequiredService<CityClock>().Today;
            int district, station, volunteer;
            string data;
            await using (var db = await factory.CreateDbContextAsync())
            {
                district = await db.Districts.OrderBy(x => x.SortOrder).Select(x => x.Id).FirstAsync();
                station = await db.DutySessions.GroupBy(x => x.StationId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
                volunteer = await db.DutySessions.GroupBy(x => x.VolunteerId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
                data = FormattableString.Invariant(
                    $"{await db.DutySessions.CountAsync():N0} duty sessions, {await db.Activities.CountAsync():N0} activities, {await db.OccupancyChanges.CountAsync():N0} head-count changes, {await db.MicroWishes.CountAsync():N0} wishes, {await db.MediationCases.CountAsync():N0} mediation cases");
            }

            if (args.Contains("--snapshot-only"))
            {
                // Only the Overview's live snapshot and first render, in their own section (LiveSnapshotBenchmark.cs).
                await services.DisposeAsync();
                await LiveSnapshotBenchmark.RunAsync(folder, days, runs, output, data);
                return;
            }

            var year = new AnalyticsFilter(today.AddDays(-(days - 1)), today);
            var quarter = new AnalyticsFilter(today.AddDays(-89), today);
            var month = new AnalyticsFilter(today.AddDays(-29), today);
            var cases = new List<(string Name, Func<Task> Run)>();
            foreach (var (label, filter) in new[] { ($"{days} days, city", year), ($"{days} days, one district", year with { DistrictId = district }),
                ($"{days} days, one station", year with { StationId = station }), ("90 days, city", quarter), ("30 days, city", month) })
            {
                cases.Add(($"trend by day — {label}", () => analytics.GetTrendAsync(filter, TrendGrain.Day)));
                cases.Add(($"trend by month — {label}", () => analytics.GetTrendAsync(filter, TrendGrain.Month)));
                cases.Add(($"heat-map, check-ins — {label}", () => analytics.GetHeatMapAsync(filter, HeatMapMeasure.CheckIns)));
                cases.Add(($"heat-map, head-count — {label}", () => analytics.GetHeatMapAsync(filter, HeatMapMeasure.HeadCount)));
                cases.Add(($"rankings — {label}", () => analytics.GetRankingsAsync(filter)));
                cases.Add(($"targets — {label}", () => analytics.GetTargetsAsync(filter)));
                cases.Add(($"wishes — {label}", () => analytics.GetWishesAsync(filter)));
                cases.Add(($"mediation — {label}", () => analytics.GetMediationAsync(filter)));
            }

            cases.Add(($"station page — {days} days", () => analytics.GetStationHistoryAsync(station, year)));
            cases.Add(($"volunteer page — {days} days", () => analytics.GetVolunteerHistoryAsync(volunteer, year)));

            // The Overview's first render reads the live snapshot; this is the server building it from the database
            // (what a start or a day change costs), not the in-memory copy each page then reads.
            var feed = services.GetRequiredService<LiveFeed>();
            var writer = services.GetRequiredService<DomainWriter>();
            cases.Add(("Overview: live snapshot built from the database", () => feed.RebuildAsync(writer)));

            async Task Floor()
            {
                await using var db = await factory.CreateDbContextAsync();
                await db.Database.SqlQueryRaw<int>("SELECT 1 AS Value").ToListAsync();
            }

            // The people figures' session ledger loads once per process (then follows new days in the background).
            var ledgerLoad = await TimeAsync(() => services.GetRequiredService<SessionLedger>().WarmUpAsync());
            Console.WriteLine($"session ledger loaded in {ledgerLoad:F0} ms");

            var floorCold = await TimeAsync(Floor);
            var results = new List<(string Name, double Cold, Percentiles Warm)>();
            foreach (var (name, run) in cases)
            {
                var cold = await TimeAsync(run);
                results.Add((name, cold, null!));
                Console.WriteLine($"cold {cold,8:F1} ms  {name}");
            }

            var floor = new List<double>();
            var warm = cases.ToDictionary(c => c.Name, _ => new List<double>());
            for (var i = 0; i < runs; i++)
            {
                floor.Add(await TimeAsync(Floor));
                foreach (var (name, run) in cases)
                {
                    warm[name].Add(await TimeAsync(run));
                }
            }

            results = [.. results.Select(x => (x.Name, x.Cold, new Percentiles(warm[x.Name])))];
            var floorPercentiles = new Percentiles(floor);
            foreach (var (name, cold, p) in results)
            {
                Console.WriteLine($"warm p50 {p.At(50),8:F1}  p95 {p.At(95),8:F1} ms  {name}");
            }

            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"## Analytics over {days} days of history");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project RedStation.Benchmarks -- analytics --days {days} --runs {runs}`");
            report.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm zzz}; machine: {MachineInfo.Describe()}");
            report.AppendLine(CultureInfo.InvariantCulture,
                $"- Data: {(seed is null ? "a seeded SQLite file reused with `--db`" : $"a fresh seeded SQLite file (seeded in {seedElapsed.TotalSeconds:F0} s)")}: {data}.");
            report.AppendLine(CultureInfo.InvariantCulture,
                $"- The people figures' session ledger (every session before yesterday, in memory) loaded once before the cold calls: {ledgerLoad:F0} ms.");
            report.AppendLine("- `AnalyticsService` called in-process: the server's own time, without HTTP or rendering. Cold is the first call of each query on the");
            report.AppendLine(CultureInfo.InvariantCulture, $"  freshly opened file; warm is {runs} runs of every query in turn. Target: < {TargetMs:F0} ms.");
            report.AppendLine();
            report.AppendLine("| query | cold ms | warm p50 ms | warm p95 ms | under target (p95) |");
            report.AppendLine("| --- | ---: | ---: | ---: | :---: |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| floor: `SELECT 1` through a fresh context | {floorCold:F1} | {floorPercentiles.At(50):F1} | {floorPercentiles.At(95):F1} | |");
            foreach (var (name, cold, p) in results)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {cold:F1} | {p.At(50):F1} | {p.At(95):F1} | {(p.At(95) < TargetMs ? "yes" : "**no**")} |");
            }

            var over = results.Where(x => x.Warm.At(95) >= TargetMs).ToList();
            report.AppendLine();
            report.AppendLine(over.Count == 0
                ? FormattableString.Invariant($"Every query's warm p95 is under {TargetMs:F0} ms.")
                : FormattableString.Invariant($"{over.Count} of {results.Count} queries are over {TargetMs:F0} ms at p95: {string.Join("; ", over.Select(o => o.Name))}."));
            await PerformanceReport.WriteSectionAsync(output, "analytics", report.ToString());
            Console.WriteLine($"Wrote {output}");
        }
        finally
        {
            try
            {
                if (kept is null)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<double> TimeAsync(Func<Task> run)
    {
        var clock = Stopwatch.StartNew();
        await run();
        return clock.Elapsed.TotalMilliseconds;
    }

    internal static ServiceProvider Services(string folder, int days) => new ServiceCollection()
        .AddLogging()
        .AddRedStationData(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seed:Demo"] = "false",
            ["Seed:Days"] = days.ToString(CultureInfo.InvariantCulture),
        }).Build(), folder)
        .BuildServiceProvider();

    private static async Task<(SeedSummary? Summary, TimeSpan Elapsed)> SeedAsync(string folder, int days)
    {
        await using var services = Services(folder, days);
        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var summary = await services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
        return (summary, clock.Elapsed);
    }
}
