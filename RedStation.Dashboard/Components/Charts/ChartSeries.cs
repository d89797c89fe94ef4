using System.Text.Json.Serialization;

namespace RedStation.Dashboard.Components.Charts;

/// <summary>One named series of an <see cref="ApexChart"/>.</summary>
/// <param name="Name">The legend and tooltip name; for a heatmap, the row's label.</param>
/// <param name="Data">
/// One value per category. Values must be finite: JSON has no NaN or infinity.
/// </param>
/// <param name="Type">
/// For a mixed chart only: this series' own ApexCharts type (<c>"column"</c>, <c>"line"</c>, <c>"area"</c>);
/// null draws it as the chart's <see cref="ApexChart.Type"/>.
/// </param>
public sealed record ChartSeries(
    string Name,
    IReadOnlyList<double> Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type = null);
