using System.Text.Json.Serialization;

namespace RedStation.Dashboard.Components.Charts;

/// <summary>The ApexCharts chart types the dashboard uses; serialized as ApexCharts' own names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApexChartType>))]
public enum ApexChartType
{
    [JsonStringEnumMemberName("line")] Line,
    [JsonStringEnumMemberName("area")] Area,
    [JsonStringEnumMemberName("bar")] Bar,
    [JsonStringEnumMemberName("heatmap")] Heatmap,
    [JsonStringEnumMemberName("donut")] Donut,
    [JsonStringEnumMemberName("pie")] Pie,
    [JsonStringEnumMemberName("radialBar")] RadialBar,
}
