using System.Diagnostics;

namespace RedStation.Benchmarks;

/// <summary>The in-process server's memory: managed heap after a forced full, compacting collection, and the working set.</summary>
/// <remarks>
/// The forced collection pauses every thread of the process — the server's included — for as long as it takes: a fraction of a
/// second on a quiet machine, but tens of seconds on a starved one, long enough for open circuits to miss their keep-alive.
/// <see cref="Pause"/> says how long each sample took.
/// </remarks>
internal sealed record ServerMemory(long ManagedBytes, long WorkingSet, TimeSpan Pause)
{
    public double ManagedMb => ManagedBytes / 1048576.0;

    public double WorkingSetMb => WorkingSet / 1048576.0;

    public static ServerMemory Sample()
    {
        var clock = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new ServerMemory(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, clock.Elapsed);
    }
}
