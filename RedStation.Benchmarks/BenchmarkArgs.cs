using System.Globalization;

namespace RedStation.Benchmarks;

/// <summary>A benchmark command's options: <c>--name value</c> pairs and bare <c>--flag</c>s, with defaults.</summary>
internal sealed class BenchmarkArgs(string[] args)
{
    public bool Flag(string name) => args.Contains(name);

    public string Text(string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    public double Number(string name, double fallback) =>
        double.TryParse(Text(name, string.Empty), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public int Count(string name, int fallback) =>
        int.TryParse(Text(name, string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;

    public int[] Counts(string name, string fallback) =>
        Text(name, fallback).Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
}
