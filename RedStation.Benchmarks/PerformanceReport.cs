using System.Text.RegularExpressions;

namespace RedStation.Benchmarks;

/// <summary>
/// <c>docs/performance.md</c> is shared by several benchmarks: the live pipeline's report is the file's head, and each
/// other benchmark owns one section between <c>&lt;!-- section:NAME --&gt;</c> and <c>&lt;!-- /section:NAME --&gt;</c>.
/// Each run rewrites only its own part and keeps the others as they were, with the notes written between sections.
/// </summary>
internal static partial class PerformanceReport
{
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
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Performance\n";
        var section = $"<!-- section:{name} -->\n{body.TrimEnd()}\n<!-- /section:{name} -->";
        var pattern = new Regex($"<!-- section:{Regex.Escape(name)} -->.*?<!-- /section:{Regex.Escape(name)} -->", RegexOptions.Singleline);
        text = pattern.IsMatch(text) ? pattern.Replace(text, _ => section, 1) : text.TrimEnd() + "\n\n" + section + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text);
    }

    [GeneratedRegex(@"<!-- section:(?<name>[\w-]+) -->.*?<!-- /section:\k<name> -->", RegexOptions.Singleline)]
    private static partial Regex Sections();
}
