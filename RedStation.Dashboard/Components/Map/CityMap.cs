using System.Globalization;
using System.Text;
using RedStation.Data.Geography;

namespace RedStation.Dashboard.Components.Map;

/// <summary>A point in the map's own units (the SVG viewBox): x to the east, y to the south.</summary>
public readonly record struct MapPoint(double X, double Y);

/// <summary>One area of the city, projected and simplified: its SVG path and where its name goes.</summary>
/// <param name="Name">The area's Chinese name in the boundary data, e.g. 蕉城区.</param>
/// <param name="PathData">The SVG path (<c>d</c>) of all its polygons.</param>
/// <param name="Polygons">The same polygons as points (outline first, then holes), for point-in-polygon.</param>
/// <param name="Label">Where the name goes without stations: the spot inside the area farthest from its border.</param>
/// <param name="LabelSpots">Other places inside the area for the name, each with its distance to the border.</param>
public sealed record MapArea(
    string Name,
    string PathData,
    IReadOnlyList<IReadOnlyList<IReadOnlyList<MapPoint>>> Polygons,
    MapPoint Label,
    IReadOnlyList<(MapPoint At, double Clearance)> LabelSpots)
{
    public bool Contains(MapPoint point) =>
        Polygons.Any(polygon => PlaneGeometry.Contains(polygon, point.X, point.Y, p => p.X, p => p.Y));
}

/// <summary>
/// The city's boundaries projected once per process for the map: an equirectangular projection with the
/// longitudes scaled by cos(latitude) at the city's middle (true to within a percent or two over Ningde's
/// 1.4 degrees of latitude), then simplified (Douglas–Peucker) to what a 4K screen can show. The paths are
/// static markup; only the stations' dots change from one live update to the next.
/// </summary>
public sealed class CityMap
{
    /// <summary>The viewBox is this wide; its height follows the city's shape.</summary>
    public const double Width = 1000;

    /// <summary>Room around the city inside the viewBox, for the outermost dots and the border strokes.</summary>
    public const double Margin = 14;

    /// <summary>
    /// Douglas–Peucker tolerance in viewBox units. A map filling a 4K screen's height shows one unit as about three
    /// pixels, so 0.4 units is barely a pixel; it keeps under a third of the data's 30,000 points (0.25 kept 9,765).
    /// </summary>
    public const double Tolerance = 0.4;

    /// <summary>Islands smaller than this (square units) are dropped: a few pixels on a wall, noise on a phone.</summary>
    public const double MinimumIslandArea = 0.6;

    private readonly double _west;
    private readonly double _north;
    private readonly double _scale;
    private readonly double _cosine;

    public CityMap(CityBoundaries boundaries)
    {
        var points = boundaries.Areas.SelectMany(a => a.Polygons).SelectMany(p => p).SelectMany(r => r).ToList();
        if (points.Count == 0)
        {
            throw new InvalidDataException("The boundary data holds no points.");
        }

        _west = points.Min(p => p.Longitude);
        _north = points.Max(p => p.Latitude);
        var east = points.Max(p => p.Longitude);
        var south = points.Min(p => p.Latitude);
        _cosine = Math.Cos((_north + south) / 2 * Math.PI / 180);
        _scale = (Width - (2 * Margin)) / ((east - _west) * _cosine);
        Height = Math.Ceiling(((_north - south) * _scale) + (2 * Margin));
        ViewBox = FormattableString.Invariant($"0 0 {Width} {Height}");

        Areas = boundaries.Areas.Select(ProjectArea).ToList();
        PointCount = Areas.Sum(a => a.Polygons.Sum(p => p.Sum(r => r.Count)));
        BoundarySvg = FormattableString.Invariant(
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{ViewBox}\">\n<g id=\"{AreasId}\">\n") +
            string.Concat(Areas.Select(a =>
                $"<path class=\"map-area\" data-area=\"{System.Net.WebUtility.HtmlEncode(a.Name)}\" d=\"{a.PathData}\"/>\n")) +
            "</g>\n</svg>\n";
    }

    public double Height { get; }

    /// <summary>The SVG viewBox: <c>0 0 1000 H</c>.</summary>
    public string ViewBox { get; }

    public IReadOnlyList<MapArea> Areas { get; }

    /// <summary>Points kept after simplification (for the docs and the tests).</summary>
    public int PointCount { get; }

    /// <summary>
    /// The static asset the map draws its areas from (<c>&lt;use href="…#areas"&gt;</c>): <see cref="BoundarySvg"/>, committed
    /// under wwwroot so that the build fingerprints and compresses it and browsers cache it for good. Neither the page's
    /// HTML nor a circuit's render tree carries the 80 KB of borders. A test keeps the file equal to what this class draws
    /// (and rewrites it with <c>REDSTATION_WRITE_MAP=1</c> when the boundary data or the simplification change).
    /// </summary>
    public const string AssetPath = "map/ningde-areas.svg";

    /// <summary>The id of the group of areas in <see cref="AssetPath"/>, the fragment the map refers to.</summary>
    public const string AreasId = "areas";

    /// <summary>
    /// Every area's path as an SVG document in the map's own units: the content of <see cref="AssetPath"/>. The paths have
    /// no fill or stroke of their own: they inherit the <c>use</c> element's, which the page's theme sets.
    /// </summary>
    public string BoundarySvg { get; }

    /// <summary>Where a latitude and longitude fall on the map.</summary>
    public MapPoint Project(double latitude, double longitude) =>
        new(Margin + ((longitude - _west) * _cosine * _scale), Margin + ((_north - latitude) * _scale));

    /// <summary>Whether a point lies within the viewBox (a station with no real position does not).</summary>
    public bool IsOnMap(MapPoint point) => point.X >= 0 && point.X <= Width && point.Y >= 0 && point.Y <= Height;

    /// <summary>The area a district of the network is drawn in (see <see cref="CityBoundaries.ZonesWithin"/>).</summary>
    public MapArea? AreaOf(string districtName)
    {
        var name = CityBoundaries.ZonesWithin.GetValueOrDefault(districtName, districtName);
        return Areas.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
    }

    private MapArea ProjectArea(BoundaryArea area)
    {
        var polygons = new List<IReadOnlyList<IReadOnlyList<MapPoint>>>();
        foreach (var polygon in area.Polygons)
        {
            var rings = polygon
                .Select(ring => Simplify(ring.Select(p => Project(p.Latitude, p.Longitude)).ToList(), Tolerance))
                .ToList();
            // An island too small to see goes; so does a hole that simplification closed up.
            if (rings.Count == 0 || rings[0].Count < 4 || Math.Abs(SignedArea(rings[0])) < MinimumIslandArea)
            {
                continue;
            }

            polygons.Add(rings.Where((ring, i) => i == 0 || (ring.Count >= 4 && Math.Abs(SignedArea(ring)) >= MinimumIslandArea)).ToList());
        }

        var path = new StringBuilder();
        foreach (var ring in polygons.SelectMany(p => p))
        {
            for (var i = 0; i < ring.Count - 1; i++)
            {
                path.Append(i == 0 ? 'M' : 'L')
                    .Append(ring[i].X.ToString("0.#", CultureInfo.InvariantCulture)).Append(',')
                    .Append(ring[i].Y.ToString("0.#", CultureInfo.InvariantCulture));
            }

            path.Append('Z');
        }

        var spots = LabelSpots(polygons);
        var label = spots.Count > 0 ? spots.MaxBy(s => s.Clearance).At : polygons[0][0][0];
        return new MapArea(area.Name, path.ToString(), polygons, label, spots);
    }

    /// <summary>
    /// A grid of points inside the largest polygon, each with its distance to the border: the farthest is the
    /// area's label spot without stations (a coarse "pole of inaccessibility"); the map then picks among them
    /// the one clear of the dots too.
    /// </summary>
    private static List<(MapPoint At, double Clearance)> LabelSpots(IReadOnlyList<IReadOnlyList<IReadOnlyList<MapPoint>>> polygons)
    {
        var largest = polygons.MaxBy(p => Math.Abs(SignedArea(p[0])))!;
        var outline = largest[0];
        var (minX, maxX, minY, maxY) = (outline.Min(p => p.X), outline.Max(p => p.X), outline.Min(p => p.Y), outline.Max(p => p.Y));
        var spots = new List<(MapPoint, double)>();
        const int Steps = 16;
        for (var i = 1; i < Steps; i++)
        {
            for (var j = 1; j < Steps; j++)
            {
                var spot = new MapPoint(minX + ((maxX - minX) * i / Steps), minY + ((maxY - minY) * j / Steps));
                if (PlaneGeometry.Contains(largest, spot.X, spot.Y, p => p.X, p => p.Y))
                {
                    spots.Add((spot, largest.Min(ring => RingDistance(spot, ring))));
                }
            }
        }

        return spots;
    }

    /// <summary>Douglas–Peucker on a closed ring (first point = last point); the result is closed too.</summary>
    internal static List<MapPoint> Simplify(IReadOnlyList<MapPoint> ring, double tolerance)
    {
        if (ring.Count < 4)
        {
            return ring.ToList();
        }

        // Split the ring at the point farthest from its start, so that neither half has equal ends.
        var far = 0;
        for (var i = 1; i < ring.Count - 1; i++)
        {
            if (Distance(ring[i], ring[0]) > Distance(ring[far], ring[0]))
            {
                far = i;
            }
        }

        var keep = new bool[ring.Count];
        keep[0] = keep[far] = keep[^1] = true;
        var stack = new Stack<(int From, int To)>([(0, far), (far, ring.Count - 1)]);
        while (stack.Count > 0)
        {
            var (from, to) = stack.Pop();
            var (worst, worstDistance) = (-1, tolerance);
            for (var i = from + 1; i < to; i++)
            {
                var d = SegmentDistance(ring[i], ring[from], ring[to]);
                if (d > worstDistance)
                {
                    (worst, worstDistance) = (i, d);
                }
            }

            if (worst > 0)
            {
                keep[worst] = true;
                stack.Push((from, worst));
                stack.Push((worst, to));
            }
        }

        return ring.Where((_, i) => keep[i]).ToList();
    }

    private static double RingDistance(MapPoint point, IReadOnlyList<MapPoint> ring)
    {
        var min = double.PositiveInfinity;
        for (var i = 1; i < ring.Count; i++)
        {
            min = Math.Min(min, SegmentDistance(point, ring[i - 1], ring[i]));
        }

        return min;
    }

    private static double SignedArea(IReadOnlyList<MapPoint> ring)
    {
        var sum = 0.0;
        for (var i = 1; i < ring.Count; i++)
        {
            sum += (ring[i - 1].X * ring[i].Y) - (ring[i].X * ring[i - 1].Y);
        }

        return sum / 2;
    }

    private static double Distance(MapPoint a, MapPoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    private static double SegmentDistance(MapPoint p, MapPoint a, MapPoint b)
    {
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var lengthSquared = (dx * dx) + (dy * dy);
        if (lengthSquared == 0)
        {
            return Distance(p, a);
        }

        var t = Math.Clamp((((p.X - a.X) * dx) + ((p.Y - a.Y) * dy)) / lengthSquared, 0, 1);
        return Distance(p, new MapPoint(a.X + (t * dx), a.Y + (t * dy)));
    }
}
