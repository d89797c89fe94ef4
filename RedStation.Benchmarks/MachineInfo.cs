using System.Runtime.InteropServices;

namespace RedStation.Benchmarks;

internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return FormattableString.Invariant(
            $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memoryGiB:F0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    }
}
