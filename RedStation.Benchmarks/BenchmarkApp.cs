using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace RedStation.Benchmarks;

/// <summary>The real app on a real port over a fresh seeded SQLite file (seven days of history).</summary>
internal sealed class BenchmarkApp : WebApplicationFactory<Program>
{
    /// <summary>A throwaway read+write key for the benchmark's own in-process app.</summary>
    public const string ApiKey = "benchmark-only-key-read-write";

    private readonly string _databasePath;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">Further configuration for one benchmark (e.g. a bootstrap administrator to sign in with).</param>
    public BenchmarkApp(string databasePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        _databasePath = databasePath;
        _settings = settings ?? new Dictionary<string, string>();
        UseKestrel(0);
    }

    public Uri ServerAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("RedStation:PublicBaseUrl", "http://127.0.0.1/");
        // Served from the build output, not a publish folder: the static assets' manifest is the build's (the wall
        // display's soak needs the real CSS and blazor.web.js in a real browser).
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:RedStation", $"Data Source={_databasePath}");
        builder.UseSetting("Seed:Demo", "true");
        builder.UseSetting("Seed:Days", "7");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Security:ApiKeys:0:Name", "benchmark");
        builder.UseSetting("Security:ApiKeys:0:Key", ApiKey);
        builder.UseSetting("Security:ApiKeys:0:Scopes:0", "read");
        builder.UseSetting("Security:ApiKeys:0:Scopes:1", "write");

        // The benchmark is one caller sending thousands of writes a second: no per-caller budget.
        builder.UseSetting("Security:ApiPermitLimit", int.MaxValue.ToString(CultureInfo.InvariantCulture));

        // ... and a thousand hub clients from one address, each connecting once.
        builder.UseSetting("Security:HubConnectPermitLimit", int.MaxValue.ToString(CultureInfo.InvariantCulture));

        // ... all with the one benchmark key: no cap on a key's concurrent hub connections.
        builder.UseSetting("Security:HubConnectionsPerKey", "0");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<double> MeasureServiceThroughputAsync(int[] stations, Queue<int> free, int seconds, int writers)
    {
        var duty = Services.GetRequiredService<RedStation.Data.Services.DutyService>();
        var volunteers = new ConcurrentQueue<int>(Enumerable.Range(0, Math.Min(3000, free.Count)).Select(_ => free.Dequeue()));
        var count = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, writers), new ParallelOptions { MaxDegreeOfParallelism = writers }, async (w, _) =>
        {
            var i = w;
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds) && volunteers.TryDequeue(out var v))
            {
                if ((await duty.CheckInAsync(stations[i++ % stations.Length], v)).Succeeded)
                {
                    Interlocked.Increment(ref count);
                }
            }
        });
        return count / clock.Elapsed.TotalSeconds;
    }

    public async Task<(Percentiles Floor, Percentiles Search, List<(string Term, Percentiles Times)> ByTerm)> MeasureVolunteerSearchAsync(int runs)
    {
        var directory = Services.GetRequiredService<RedStation.Data.Services.VolunteerDirectory>();
        var factory = Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RedStation.Data.RedStationDbContext>>();
        string[] terms;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var sample = db.Volunteers.OrderBy(v => v.Id).Skip(4321).First();
            terms = [sample.Name[..1], sample.PinyinInitials, sample.Phone[^4..], sample.MemberNumber[..^2], "ZZZZ"];
        }

        // Warm the query caches first, as a running desk would have.
        foreach (var term in terms)
        {
            await directory.SearchAsync(term);
        }

        var floor = new List<double>();
        var all = new List<double>();
        var byTerm = terms.ToDictionary(t => t, _ => new List<double>());
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            await using (var db = await factory.CreateDbContextAsync())
            {
                await db.Volunteers.FindAsync(1 + (run * 97 % 17_000));
            }

            floor.Add(clock.Elapsed.TotalMilliseconds);
            foreach (var term in terms)
            {
                clock.Restart();
                await directory.SearchAsync(term);
                var ms = clock.Elapsed.TotalMilliseconds;
                byTerm[term].Add(ms);
                all.Add(ms);
            }
        }

        return (new Percentiles(floor), new Percentiles(all), terms.Select(t => (t, new Percentiles(byTerm[t]))).ToList());
    }

    public async Task<long> MaxSessionIdAsync()
    {
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RedStation.Data.RedStationDbContext>>().CreateDbContextAsync();
        return db.DutySessions.Max(d => d.Id);
    }

    public async Task<int> CountSessionsAfterAsync(long id)
    {
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RedStation.Data.RedStationDbContext>>().CreateDbContextAsync();
        return db.DutySessions.Count(d => d.Id > id);
    }
}
