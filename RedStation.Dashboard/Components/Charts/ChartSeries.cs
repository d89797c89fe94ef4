namespace RedStation.Dashboard.Components.Charts;

/// <summary>One named series of an <see cref="ApexChart"/>.</summary>
/// <param name="Name">The legend and tooltip name; for a heatmap, the row's label.</param>
/// <param name="Data">
/// One value per category. Values must be finite: JSON has no NaN or infinity.
/// </param>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Data);
