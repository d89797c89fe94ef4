using System.Diagnostics;

namespace RedStation.Benchmarks;

/// <summary>The in-process server's memory: managed heap after a forced full, compacting collection, and the working set.</summary>
internal sealed record ServerMemory(long ManagedBytes, long WorkingSet)
{
    public double ManagedMb => ManagedBytes / 1048576.0;

    public double WorkingSetMb => WorkingSet / 1048576.0;

    public static ServerMemory Sample()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new ServerMemory(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }
}
