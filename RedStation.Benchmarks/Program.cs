namespace RedStation.Benchmarks;

// The benchmarks: each command measures one thing beside the floor of this machine in the same run, writes its section
// of the day's pass file (docs/performance/DATE.md; docs/performance.md holds the current figures), runs on loopback and
// stops by itself. Usage:
//   dotnet run -c Release --project RedStation.Benchmarks -- [command] [options]
// Without a command (or with options only), the live pipeline runs (LivePipeline.cs). Each command's options are in its file.
// To add a command: a class with `RunAsync(string[] args)` in its own file, and one row in the table below.
internal static class Benchmarks
{
    /// <summary>The commands by name; each receives the arguments after its name.</summary>
    private static readonly Dictionary<string, Func<string[], Task>> Commands = new(StringComparer.Ordinal)
    {
        // The Overview's and the analytics page's queries over a long history (and, with --snapshot-only, the live snapshot).
        ["analytics"] = AnalyticsBenchmark.RunAsync,

        // Page weight, first paint and server memory per open dashboard.
        ["capacity-screens"] = ScreenCapacity.RunAsync,

        // Check-in to screen: API acknowledgement → DOM in N Chromium pages and → M hub clients, beside a bare broadcast.
        ["capacity-live"] = LiveCapacity.RunAsync,

        // The server's memory with N dashboards open under a steady stream of events.
        ["capacity-soak"] = CircuitSoak.RunAsync,

        // The wall display's memory and liveness over a long soak.
        ["soak-display"] = DisplaySoak.RunAsync,

        // Two servers sharing a redis-server that is killed and started again under check-ins.
        ["redis-outage"] = RedisOutage.RunAsync,

        // The server killed with the Overview and a wall open in Chromium: how soon they reconnect and are live again.
        ["reconnect"] = ServerStop.RunAsync,

        // The volunteer import's preview and confirm beside a raw-insert floor.
        ["import"] = ImportBenchmark.RunAsync,

        // Day one: an empty database to the whole demo-sized network, imported through the pages in Chromium.
        ["day-one"] = DayOneWalkthrough.RunAsync,

        // The server's working set while it reads hostile 10 MB workbooks.
        ["import-memory"] = ImportMemory.RunAsync,
    };

    public static Task Main(string[] args) =>
        args.Length > 0 && Commands.TryGetValue(args[0], out var command)
            ? command(args[1..])
            : LivePipeline.RunAsync(args);
}
