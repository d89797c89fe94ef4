namespace RedStation.Benchmarks;

/// <summary>Latency samples in milliseconds and their percentiles.</summary>
internal sealed class Percentiles(List<double> samples)
{
    private readonly double[] _sorted = [.. samples.Order()];

    public const string Header = "| | samples | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|";

    public int Count => _sorted.Length;

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double At(double percentile) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public string Row(string name) =>
        FormattableString.Invariant($"| {name} | {Count:N0} | {At(50):F1} | {At(95):F1} | {At(99):F1} | {(_sorted.Length == 0 ? double.NaN : _sorted[^1]):F1} |");
}
