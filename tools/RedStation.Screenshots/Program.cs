using System.Diagnostics;
using System.Reflection;

namespace RedStation.Screenshots;

// The documentation screenshots in docs/screenshots, taken from a fresh app (the demo network, or the tests' known
// station grid) in the machine's Chromium. Not tests: they check nothing, they draw the pictures the docs show.
//   dotnet run --project tools/RedStation.Screenshots -- [--list] [--out docs/screenshots] [--url http://127.0.0.1:5000/] [name ...]
// A name picks every shot whose Class.Method contains it (case-insensitive), e.g. `Wall` or `AdminScreenshots`; none runs all.
internal static class ScreenshotCommand
{
    public static async Task<int> Main(string[] args)
    {
        var names = new List<string>();
        var list = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out":
                    ScreenshotOptions.Folder = Path.GetFullPath(args[++i]);
                    break;
                case "--url":
                    ScreenshotOptions.Url = args[++i];
                    break;
                case "--list":
                    list = true;
                    break;
                default:
                    names.Add(args[i]);
                    break;
            }
        }

        var all = typeof(ShotAttribute).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.GetCustomAttribute<ShotAttribute>() is not null))
            .Select(m => (Name: $"{m.DeclaringType!.Name}.{m.Name}", Method: m))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        var shots = all.Where(s => names.Count == 0 || names.Exists(n => s.Name.Contains(n, StringComparison.OrdinalIgnoreCase))).ToList();

        if (list || shots.Count == 0)
        {
            Console.WriteLine(shots.Count == 0 ? $"No shot's name contains {string.Join(" or ", names)}. The shots:" : "The shots:");
            foreach (var (name, _) in all)
            {
                Console.WriteLine($"  {name}");
            }

            return shots.Count == 0 ? 1 : 0;
        }

        var failed = 0;
        foreach (var (name, method) in shots)
        {
            var started = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            Console.WriteLine($"{name} …");
            try
            {
                await (Task)method.Invoke(Activator.CreateInstance(method.DeclaringType!), null)!;
                var written = Directory.EnumerateFiles(ScreenshotOptions.Folder, "*.png")
                    .Where(f => File.GetLastWriteTimeUtc(f) >= started)
                    .Select(Path.GetFileName)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                Console.WriteLine($"  {written.Count} PNG(s) in {clock.Elapsed.TotalSeconds:F0} s: {string.Join(", ", written)}");
            }
            catch (Exception ex)
            {
                failed++;
                Console.Error.WriteLine($"  failed: {(ex is TargetInvocationException { InnerException: { } inner } ? inner : ex)}");
            }
        }

        Console.WriteLine($"{shots.Count - failed} of {shots.Count} shot(s) written to {ScreenshotOptions.Folder}");
        return failed == 0 ? 0 : 1;
    }
}
