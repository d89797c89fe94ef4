using System.Globalization;
using System.Text;

namespace RedStation.Dashboard.Features.Overview;

/// <summary>A KPI tile's sparkline as an SVG polyline in a fixed box, scaled from zero to the largest point.</summary>
public static class Sparkline
{
    public const int Width = 96;
    public const int Height = 32;

    /// <summary>The polyline's points ("x,y x,y …"), or null when there are fewer than two points to join.</summary>
    public static string? Line(IReadOnlyList<int>? points)
    {
        if (points is not { Count: >= 2 })
        {
            return null;
        }

        var max = Math.Max(points.Max(), 1);
        var text = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            var x = (double)i * Width / (points.Count - 1);
            // One unit of padding top and bottom, so the stroke is not cut at the box's edges.
            var y = Height - 1 - ((double)points[i] / max * (Height - 2));
            text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : " ")}{x:0.#},{y:0.#}");
        }

        return text.ToString();
    }
}
