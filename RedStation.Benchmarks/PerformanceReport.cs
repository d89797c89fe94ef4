using System.Text.RegularExpressions;

namespace RedStation.Benchmarks;

/// <summary>
/// The benchmarks write into the pass file of the day they run, <c>docs/performance/YYYY-MM-DD.md</c> (<see cref="PassFile"/>);
/// <c>docs/performance.md</c> holds the current figures, taken from the passes by hand. A pass file is shared by the day's
/// benchmarks: the live pipeline's report is the file's head, and each other benchmark owns one section between
/// <c>&lt;!-- section:NAME --&gt;</c> and <c>&lt;!-- /section:NAME --&gt;</c>. Each run rewrites only its own part and keeps
/// the others as they were, with the notes written between sections.
/// </summary>
internal static partial class PerformanceReport
{
    /// <summary>The pass file of <paramref name="day"/> (today, the machine's date, by default) in this repository.</summary>
    public static string PassFile(DateTimeOffset? day = null)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RedStation.sln")))
        {
            dir = dir.Parent;
        }

        var date = (day ?? DateTimeOffset.Now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "docs", "performance", date + ".md");
    }

    /// <summary>The title a new pass file starts with (its date is the file's name).</summary>
    public static string Title(string path) =>
        $"# Performance: the pass of {Path.GetFileNameWithoutExtension(path)}\n\nThe current figures are in [docs/performance.md](../performance.md).\n";

    /// <summary>
    /// Writes the head of the file: everything before the first marked section. From that section on the file is kept as
    /// it is, the notes between sections included (before, only the sections were kept and every note after them lost).
    /// </summary>
    public static async Task WriteHeadAsync(string path, string head)
    {
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : string.Empty;
        var first = Sections().Match(existing);
        var rest = first.Success ? existing[first.Index..].TrimEnd() : string.Empty;
        await File.WriteAllTextAsync(path, (rest.Length > 0 ? head.TrimEnd() + "\n\n" + rest : head.TrimEnd()) + "\n");
    }

    /// <summary>Replaces the section <paramref name="name"/> (or appends it), keeping everything else.</summary>
    public static async Task WriteSectionAsync(string path, string name, string body)
    {
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : Title(path);
        var section = $"<!-- section:{name} -->\n{body.TrimEnd()}\n<!-- /section:{name} -->";
        var pattern = new Regex($"<!-- section:{Regex.Escape(name)} -->.*?<!-- /section:{Regex.Escape(name)} -->", RegexOptions.Singleline);
        text = pattern.IsMatch(text) ? pattern.Replace(text, _ => section, 1) : text.TrimEnd() + "\n\n" + section + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text);
    }

    [GeneratedRegex(@"<!-- section:(?<name>[\w-]+) -->.*?<!-- /section:\k<name> -->", RegexOptions.Singleline)]
    private static partial Regex Sections();
}
