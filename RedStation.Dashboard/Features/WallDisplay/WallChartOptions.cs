namespace RedStation.Dashboard.Features.WallDisplay;

/// <summary>
/// ApexCharts options for a screen read from across a room: the chart fills its box, and its text is sized in
/// <c>rem</c>, which the wall scales with the viewport (SVG text takes CSS lengths).
/// </summary>
internal static class WallChartOptions
{
    private const string Text = "0.8rem";

    private static readonly object Labels = new { style = new { fontSize = Text } };

    // Hours 0–23 upright; the ones that would overlap on a narrow chart are dropped.
    private static readonly object HourLabels = new { rotate = 0, hideOverlappingLabels = true, style = new { fontSize = Text } };

    public static readonly object Hours = new
    {
        chart = new { height = "100%", animations = new { enabled = true } },
        stroke = new { width = new[] { 0, 4 }, curve = "smooth", dashArray = new[] { 0, 8 } },
        plotOptions = new { bar = new { columnWidth = "70%", borderRadius = 3 } },
        xaxis = new { labels = HourLabels },
        yaxis = new { min = 0, forceNiceScale = true, decimalsInFloat = 0, labels = Labels },
        legend = new { position = "top", horizontalAlign = "right", fontSize = Text },
        grid = new { strokeDashArray = 4 },
        tooltip = new { enabled = false },
    };

    public static readonly object Activities = new
    {
        chart = new { height = "100%" },
        plotOptions = new { bar = new { horizontal = true, barHeight = "70%", borderRadius = 3 } },
        dataLabels = new { enabled = true, style = new { fontSize = Text } },
        xaxis = new { labels = Labels },
        yaxis = new { labels = new { maxWidth = 600, style = new { fontSize = Text } } },
        legend = new { show = false },
        grid = new { strokeDashArray = 4 },
        tooltip = new { enabled = false },
    };

    public static readonly object Spotlight = new
    {
        chart = new { height = "100%" },
        plotOptions = new { bar = new { columnWidth = "70%", borderRadius = 3 } },
        dataLabels = new { enabled = false },
        xaxis = new { labels = HourLabels },
        yaxis = new { min = 0, forceNiceScale = true, decimalsInFloat = 0, labels = Labels },
        legend = new { show = false },
        grid = new { strokeDashArray = 4 },
        tooltip = new { enabled = false },
    };
}
