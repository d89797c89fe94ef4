using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Components.Map;
using RedStation.Dashboard.Components.Occupancy;
using RedStation.Dashboard.Features.Overview;
using RedStation.Data.Entities;
using RedStation.Data.Geography;
using RedStation.Data.Live;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Components;

/// <summary>The station map: where the dots go, how they are coloured, what hovering and clicking do.</summary>
public sealed class NetworkMapTests : DashboardTestContext
{
    private static readonly DateTime UtcNow = new(2026, 11, 28, 4, 0, 0, DateTimeKind.Utc);

    private static readonly IReadOnlyList<DistrictLive> Districts =
    [
        District(1, "蕉城区", "Jiaocheng District"),
        District(2, "东侨经济技术开发区", "Dongqiao Economic and Technological Development Zone"),
        District(3, "福安市", "Fu'an City"),
        District(4, "霞浦县", "Xiapu County"),
    ];

    private static CityMap Map => SharedCityMap.Value;

    [Fact]
    public void Projection_PlacesAStationInsideItsDistrictsPolygon_AsDrawn()
    {
        UseCulture("zh-CN");
        // 福安 town (the district's seat) and a station of 东侨, which is drawn within 蕉城区.
        var fuan = Station(1, districtId: 3, latitude: 27.088, longitude: 119.648);
        var dongqiao = Station(2, districtId: 2, latitude: 26.672, longitude: 119.553);

        var map = RenderMap([fuan, dongqiao]);

        var fuanDot = DotCentre(map, 1);
        Assert.True(Contains(AreaPath("福安市"), fuanDot), "福安's station lies outside 福安市 as drawn.");
        Assert.False(Contains(AreaPath("霞浦县"), fuanDot));
        Assert.True(Contains(AreaPath("蕉城区"), DotCentre(map, 2)), "东侨's station lies outside 蕉城区 as drawn.");
        Assert.Same(Map.AreaOf("蕉城区"), Map.AreaOf("东侨经济技术开发区"));
    }

    [Fact]
    public void Map_DrawsEveryCountyOfNingde_SimplifiedAndNamed()
    {
        UseCulture("en");
        var map = RenderMap([Station(1, districtId: 3, latitude: 27.088, longitude: 119.648)]);

        string[] counties = ["蕉城区", "霞浦县", "屏南县", "古田县", "寿宁县", "柘荣县", "周宁县", "福安市", "福鼎市"];
        // The areas are drawn from the static asset, by reference to its group of paths.
        Assert.Equal($"{CityMap.AssetPath}#{CityMap.AreasId}", map.Find("[data-testid=map-areas]").GetAttribute("href"));
        Assert.Equal(counties.Order(), AreaAsset.QuerySelectorAll("path.map-area").Select(p => p.GetAttribute("data-area")).Order());
        Assert.NotNull(AreaAsset.QuerySelector($"g#{CityMap.AreasId} > path.map-area"));
        // The data's 30,000 points, simplified to what a 4K wall can show.
        Assert.InRange(Map.PointCount, 2_000, 12_000);
        var labels = map.FindAll("[data-testid=map-label]").Select(l => l.TextContent).ToList();
        Assert.Contains("Fu'an", labels);
        Assert.Contains("Jiaocheng", labels);
        Assert.Contains("屏南县", labels); // no district of this network: the data's own name
    }

    [Theory]
    [InlineData(100, 100, OccupancyBand.Full, "map-dot-error")]
    [InlineData(120, 100, OccupancyBand.Full, "map-dot-error")]
    [InlineData(85, 100, OccupancyBand.Busy, "map-dot-warning")]
    [InlineData(80, 100, OccupancyBand.Busy, "map-dot-warning")]
    [InlineData(79, 100, OccupancyBand.Comfortable, "map-dot-success")]
    [InlineData(0, 100, OccupancyBand.Comfortable, "map-dot-success")]
    public void Dots_AreColouredByTheOccupancyBoardsThresholds(int occupancy, int capacity, OccupancyBand band, string colourClass)
    {
        var map = RenderMap([Station(1, occupancy: occupancy, capacity: capacity)]);

        var dot = Dot(map, 1);
        Assert.Equal(band.ToString(), dot.GetAttribute("data-band"));
        Assert.Contains(colourClass, dot.ClassList);
        // The same colour as the board's bar for that band.
        Assert.Equal(colourClass, "map-dot-" + OccupancyLevel.ColorOf(band).ToString().ToLowerInvariant());
    }

    [Fact]
    public void Dots_AreSizedByCapacity()
    {
        var map = RenderMap([Station(1, capacity: 20), Station(2, capacity: 300)]);

        Assert.True(Radius(Dot(map, 2)) > 1.5 * Radius(Dot(map, 1)), "A station of 300 should look much larger than one of 20.");
    }

    [Fact]
    public void StationsNotOpen_AreDrawnHollowAndGrey_UnderneathTheOpenOnes()
    {
        var map = RenderMap([
            Station(1, occupancy: 50, capacity: 50),
            Station(2, status: StationStatus.Planned, occupancy: 0),
            Station(3, status: StationStatus.Closed, occupancy: 0)]);

        Assert.Contains("map-dot-planned", Dot(map, 2).ClassList);
        Assert.Contains("map-dot-closed", Dot(map, 3).ClassList);
        Assert.DoesNotContain(Dot(map, 2).ClassList, c => c is "map-dot-success" or "map-dot-warning" or "map-dot-error");
        var order = map.FindAll(DotSelector).Select(d => d.GetAttribute("data-station-id")).ToList();
        Assert.True(order.IndexOf("1") > order.IndexOf("2") && order.IndexOf("1") > order.IndexOf("3"), "Open stations are drawn on top.");
    }

    [Fact]
    public void AtNight_AnOpenStationOutsideItsHours_IsGreyAndClosed_NotAComfortableBand()
    {
        UseCulture("zh-CN");
        // 22:00 in the city: stations open 08:30–20:00 are closed; one open 20:00–02:00 is within its hours.
        Database.Time.Advance(TimeSpan.FromHours(10));
        var closed = Station(1, occupancy: 0);
        var nightShift = Station(2, occupancy: 90) with { OpensAt = new TimeOnly(20, 0), ClosesAt = new TimeOnly(2, 0) };
        var planned = Station(3, status: StationStatus.Planned, occupancy: 0);

        var map = RenderMap([closed, nightShift, planned]);

        Assert.Equal("Closed", Dot(map, 1).GetAttribute("data-band"));
        Assert.Contains("map-dot-closednow", Dot(map, 1).ClassList);
        Assert.DoesNotContain(Dot(map, 1).ClassList, c => c is "map-dot-success" or "map-dot-warning" or "map-dot-error");
        Assert.Equal("Busy", Dot(map, 2).GetAttribute("data-band"));
        Assert.Contains("map-dot-planned", Dot(map, 3).ClassList);
        Assert.Equal("已闭站 · 1", map.Find("[data-testid=legend-closed]").TextContent.Trim());
        Assert.Equal("宽松（80% 以下） · 0", map.Find("[data-testid=legend-comfortable]").TextContent.Trim());
        Assert.Equal("繁忙（80% 及以上） · 1", map.Find("[data-testid=legend-busy]").TextContent.Trim());
    }

    [Fact]
    public void WhenAStationOpensInTheMorning_TheSameListIsRedrawnInItsBand()
    {
        // 06:00 in the city: before 08:30.
        Database.Time.Advance(TimeSpan.FromHours(-6));
        var stations = new List<StationLive> { Station(1, occupancy: 10) };
        var map = RenderMap(stations);
        Assert.Equal("Closed", Dot(map, 1).GetAttribute("data-band"));

        // A quiet morning brings no new list: the parent re-renders with the same one.
        Database.Time.Advance(TimeSpan.FromHours(3));
        map.Render(p => p.Add(m => m.Stations, stations));

        Assert.Equal("Comfortable", Dot(map, 1).GetAttribute("data-band"));
        Assert.Contains("map-dot-success", Dot(map, 1).ClassList);
    }

    [Theory]
    [InlineData("zh-CN", "宽松", "繁忙", "满员")]
    [InlineData("en", "Comfortable", "Busy", "Full")]
    public void TheMap_TheWallAndTheBoard_NameEachBandWithOneWord(string culture, string comfortable, string busy, string full)
    {
        UseCulture(culture);
        var map = RenderMap([Station(1, occupancy: 85)]);
        var wall = Render<RedStation.Dashboard.Features.WallDisplay.WallOccupancyPanel>(p => p
            .Add(w => w.Snapshot, Database.Get<LiveFeed>().Snapshot(LiveScope.All))
            .Add(w => w.UtcNow, UtcNow)
            .Add(w => w.LocalNow, UtcNow.AddHours(8)));
        var station = Station(1, occupancy: 85);
        var tile = Render<StationTile>(p => p
            .Add(t => t.Station, station)
            .Add(t => t.Condition, StationCondition.Of(station, UtcNow, UtcNow.AddHours(8), TimeSpan.FromHours(3)))
            .Add(t => t.DistrictName, "蕉城区"));

        Assert.StartsWith(comfortable, map.Find("[data-testid=legend-comfortable]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.StartsWith(busy, map.Find("[data-testid=legend-busy]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.StartsWith(full, map.Find("[data-testid=legend-full]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(comfortable, wall.Find("[data-testid=wall-band-comfortable] span:last-child").TextContent.Trim());
        Assert.Equal(busy, wall.Find("[data-testid=wall-band-busy] span:last-child").TextContent.Trim());
        Assert.Equal(full, wall.Find("[data-testid=wall-band-full] span:last-child").TextContent.Trim());
        Assert.Equal(busy, tile.Find("[data-testid=tile-percent]").GetAttribute("title"));
        Assert.Contains(busy, map.Find("svg.map-canvas").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void ANewEvent_PulsesItsStation_AndThePulseGoesAtTheFirstUpdateAfterItsLifetime()
    {
        var quiet = Station(1, lastEventAt: UtcNow.AddMinutes(-30));
        var other = Station(2, lastEventAt: UtcNow.AddMinutes(-30));
        var map = RenderMap([quiet, other]);
        Assert.Empty(map.FindAll("[data-testid=map-pulse]"));

        map.Render(p => p.Add(m => m.Stations, [quiet with { LastEventAt = UtcNow, Occupancy = 11 }, other]));
        var pulse = Assert.Single(map.FindAll("[data-testid=map-pulse]"));
        Assert.Equal("1", pulse.GetAttribute("data-station-id"));

        Database.Time.Advance(NetworkMap.PulseLifetime);
        map.Render(p => p.Add(m => m.Stations, [quiet with { LastEventAt = UtcNow, Occupancy = 11 }, other with { Occupancy = 12 }]));
        Assert.Empty(map.FindAll("[data-testid=map-pulse]"));
    }

    [Fact]
    public void Hover_ShowsTheStationsTile_WithCountsButNoVolunteerName()
    {
        UseCulture("en");
        var station = Station(1, occupancy: 42, capacity: 60) with
        {
            Name = "蕉南锦绣小区红色驿站",
            OnDuty = [new OnDutyVolunteer(7, "张晓明", UtcNow.AddHours(-1))],
            OpenWishes = 2,
        };
        var map = RenderMap([station]);

        Hover(map, 1, "mouse");

        var tile = map.Find("[data-testid=map-tile]");
        Assert.Contains("蕉南锦绣小区红色驿站", tile.TextContent);
        Assert.Equal("42", tile.QuerySelector("[data-testid=tile-occupancy]")!.TextContent);
        Assert.Equal("On duty 1", tile.QuerySelector("[data-testid=tile-on-duty]")!.TextContent.Trim());
        Assert.Equal("Wishes 2", tile.QuerySelector("[data-testid=tile-wishes]")!.TextContent.Trim());
        Assert.DoesNotContain("晓明", map.Markup);
        Assert.DoesNotContain("张*", map.Markup);
        Assert.Equal("stations/1", map.Find("[data-testid=map-tile-link]").GetAttribute("href"));
    }

    [Fact]
    public void Click_OpensTheStationsPage()
    {
        var map = RenderMap([Station(5)]);

        Hover(map, 5, "mouse");
        Click(map, 5, "mouse");

        Assert.EndsWith("/stations/5", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void Tap_FirstShowsTheTile_TheSecondOpensThePage()
    {
        var map = RenderMap([Station(5)]);
        var navigation = Services.GetRequiredService<NavigationManager>();
        var start = navigation.Uri;

        Hover(map, 5, "touch");
        Click(map, 5, "touch");
        Assert.Equal(start, navigation.Uri);
        Assert.NotNull(map.Find("[data-testid=map-tile]"));

        Hover(map, 5, "touch");
        Click(map, 5, "touch");
        Assert.EndsWith("/stations/5", navigation.Uri);
    }

    [Fact]
    public void FocusedOnADistrict_TheMapShowsThatDistrictsArea_NotTheWholeCity()
    {
        UseCulture("zh-CN");
        var fuan = Station(1, districtId: 3, latitude: 27.088, longitude: 119.648);

        var map = Render<NetworkMap>(p => p.Add(m => m.Stations, [fuan]).Add(m => m.Districts, Districts).Add(m => m.Focus, LiveScope.District(3)));

        var box = ViewBox(map);
        var area = Map.AreaOf("福安市")!.Polygons.SelectMany(p => p[0]).ToList();
        // The whole area inside the view, and the view far smaller than the city.
        Assert.All(area, p => Assert.True(p.X >= box.X && p.X <= box.X + box.Width && p.Y >= box.Y && p.Y <= box.Y + box.Height));
        Assert.True(box.Width * box.Height < CityMap.Width * Map.Height / 4, $"The view {box} is not zoomed in.");
        Assert.Equal(box, ViewBox(map, ".map-overlay"));
        Assert.Contains("--map-dot-scale", map.Find("[data-testid=network-map]").GetAttribute("style"));
    }

    [Fact]
    public void FocusedOnAStation_TheMapShowsItsSurroundings_CentredOnIt()
    {
        UseCulture("zh-CN");
        var fuan = Station(1, districtId: 3, latitude: 27.088, longitude: 119.648);

        var map = Render<NetworkMap>(p => p.Add(m => m.Stations, [fuan]).Add(m => m.Districts, Districts).Add(m => m.Focus, LiveScope.Station(1)));

        var box = ViewBox(map);
        var dot = DotCentre(map, 1);
        Assert.Equal(NetworkMap.StationSurroundings, box.Width, 3);
        Assert.Equal(dot.X, box.X + (box.Width / 2), 0);
        Assert.Equal(dot.Y, box.Y + (box.Height / 2), 0);
    }

    [Fact]
    public void WithoutAFocus_TheMapShowsTheWholeCity()
    {
        var map = RenderMap([Station(1)]);

        Assert.Equal(Map.ViewBox, map.Find("svg.map-canvas").GetAttribute("viewBox"));
    }

    private static (double X, double Y, double Width, double Height) ViewBox(IRenderedComponent<NetworkMap> map, string svg = ".map-canvas")
    {
        var parts = map.Find($"svg{svg}").GetAttribute("viewBox")!.Split(' ').Select(D).ToArray();
        return (parts[0], parts[1], parts[2], parts[3]);
    }

    [Fact]
    public void OnAWallDisplay_TheMapHasNoTileNoHintAndNoHandlers()
    {
        var map = Render<NetworkMap>(p => p
            .Add(m => m.Stations, [Station(1)])
            .Add(m => m.Districts, Districts)
            .Add(m => m.Interactive, false));

        Assert.Empty(map.FindAll("[data-testid=map-tile]"));
        Assert.Empty(map.FindAll(".map-hint"));
        Assert.Throws<MissingEventHandlerException>(() => Click(map, 1, "mouse"));
        Assert.Throws<MissingEventHandlerException>(() => Hover(map, 1, "mouse"));
        Assert.Throws<MissingEventHandlerException>(() => Dot(map, 1).Click());
    }

    [Fact]
    public void TheDots_CarryNoHandlerOfTheirOwn_TheMapListensOnceOnTheirGroup()
    {
        var map = RenderMap([Station(1), Station(2), Station(3)]);

        // A dot has no handler: the click reaches the group's single handler by bubbling, which reads the station from the dot.
        Assert.Throws<MissingEventHandlerException>(() => Dot(map, 2).Click());
        Assert.All(map.FindAll(DotSelector), dot => Assert.DoesNotContain(dot.Attributes, a => a.Name.StartsWith("blazor:", StringComparison.Ordinal)));
        Hover(map, 2, "mouse");
        Assert.Contains("红色驿站2号", map.Find("[data-testid=map-tile]").TextContent);

        // From between the dots (no station) or for a station not on this map, nothing happens.
        map.Find(".map-dots").TriggerEvent("onmapstationover", new MapStationEventArgs { PointerType = "mouse" });
        map.Find(".map-dots").TriggerEvent("onmapstationover", new MapStationEventArgs { StationId = 99, PointerType = "mouse" });
        Assert.Contains("红色驿站2号", map.Find("[data-testid=map-tile]").TextContent);
    }

    [Fact]
    public void TheBoundaryAsset_IsWhatTheCityMapDraws()
    {
        var path = Path.Combine(NginxServer.RepositoryRoot, "RedStation.Dashboard", "wwwroot", CityMap.AssetPath);
        if (Environment.GetEnvironmentVariable("REDSTATION_WRITE_MAP") == "1")
        {
            File.WriteAllText(path, Map.BoundarySvg);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run this test with REDSTATION_WRITE_MAP=1 to write it.");
        Assert.True(
            string.Equals(Map.BoundarySvg, File.ReadAllText(path), StringComparison.Ordinal),
            $"{path} differs from what CityMap draws: run this test with REDSTATION_WRITE_MAP=1 to rewrite it.");
    }

    [Fact]
    public void Overview_ShowsTheMap_WithADotForEveryStation()
    {
        UseCulture("zh-CN");
        var stations = Database.Get<LiveFeed>().Snapshot(LiveScope.All).Stations;

        UseInteractiveRenderer();
        var page = Render<OverviewPage>();

        Assert.Equal("驿站地图", page.Find("[data-testid=overview-map] h2").TextContent);
        Assert.Equal(stations.Count, page.FindAll(DotSelector).Count);
    }

    [Fact]
    public void Boundaries_ParseTheGeoJsonShapesOfTheNpmPackage()
    {
        var boundaries = CityBoundaries.FromJson("""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"name":"方形县","cp":[1.5,1.5]},
               "geometry":{"type":"Polygon","coordinates":[[[1,1],[2,1],[2,2],[1,2],[1,1]],[[1.4,1.4],[1.6,1.4],[1.6,1.6],[1.4,1.6],[1.4,1.4]]]}}]}
            """);

        var area = Assert.Single(boundaries.Areas);
        Assert.True(area.Contains(latitude: 1.2, longitude: 1.2));
        Assert.False(area.Contains(latitude: 1.5, longitude: 1.5)); // in the hole
        Assert.False(area.Contains(latitude: 2.5, longitude: 1.5));
        Assert.Equal(new GeoPoint(1.5, 1.5), area.Seat);
    }

    private IRenderedComponent<NetworkMap> RenderMap(IReadOnlyList<StationLive> stations) =>
        Render<NetworkMap>(p => p.Add(m => m.Stations, stations).Add(m => m.Districts, Districts));

    /// <summary>A station's dot: a circle of class map-dot in the dots' group (pulse rings are not dots).</summary>
    private const string DotSelector = ".map-dots circle.map-dot";

    /// <summary>The served boundary asset (wwwroot/map/ningde-areas.svg), parsed: the areas as the browser draws them.</summary>
    private static IDocument AreaAsset => AreaAssetDocument.Value;

    private static readonly Lazy<IDocument> AreaAssetDocument = new(() => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(
        File.ReadAllText(Path.Combine(NginxServer.RepositoryRoot, "RedStation.Dashboard", "wwwroot", CityMap.AssetPath))));

    private static IElement Dot(IRenderedComponent<NetworkMap> map, int stationId) =>
        map.Find($"{DotSelector}[data-station-id='{stationId}']");

    /// <summary>
    /// A pointer over a dot, as the browser reports it (RedStation.Dashboard.lib.module.js): the event starts at the dot,
    /// with the station read from the dot's own data-station-id, and bubbles to the map's one handler.
    /// </summary>
    private static void Hover(IRenderedComponent<NetworkMap> map, int stationId, string pointerType) =>
        Dot(map, stationId).TriggerEvent("onmapstationover", StationEvent(Dot(map, stationId), pointerType));

    private static void Click(IRenderedComponent<NetworkMap> map, int stationId, string pointerType) =>
        Dot(map, stationId).TriggerEvent("onmapstationclick", StationEvent(Dot(map, stationId), pointerType));

    private static MapStationEventArgs StationEvent(IElement dot, string pointerType) => new()
    {
        StationId = int.Parse(dot.GetAttribute("data-station-id")!, CultureInfo.InvariantCulture),
        PointerType = pointerType,
    };

    private static MapPoint DotCentre(IRenderedComponent<NetworkMap> map, int stationId)
    {
        var dot = Dot(map, stationId);
        return new MapPoint(D(dot.GetAttribute("cx")), D(dot.GetAttribute("cy")));
    }

    private static double Radius(IElement dot) => D(dot.GetAttribute("r"));

    private static string AreaPath(string name) =>
        AreaAsset.QuerySelector($"path.map-area[data-area='{name}']")!.GetAttribute("d")!;

    /// <summary>Point-in-polygon on the drawn path itself: <c>M x,y L x,y … Z</c>, one ring per <c>M</c>, even-odd.</summary>
    private static bool Contains(string path, MapPoint point)
    {
        var rings = path.Split('Z', StringSplitOptions.RemoveEmptyEntries)
            .Select(ring => (IReadOnlyList<MapPoint>)ring.Split(['M', 'L'], StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split(','))
                .Select(xy => new MapPoint(D(xy[0]), D(xy[1])))
                .ToList())
            .ToList();
        return PlaneGeometry.Contains(rings, point.X, point.Y, p => p.X, p => p.Y);
    }

    private static double D(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);

    private static DistrictLive District(int id, string name, string nameEn) =>
        new(id, name, nameEn, 0, 0, 0, new TodayCounts(0, 0, 0, 0, 0, 0, 0, 0, 0));

    /// <summary>A station in 蕉城区's town unless placed elsewhere.</summary>
    private static StationLive Station(
        int id, int districtId = 1, double latitude = 26.66, double longitude = 119.527, int occupancy = 10, int capacity = 100,
        StationStatus status = StationStatus.Open, DateTime? lastEventAt = null) => new(
        StationId: id,
        DistrictId: districtId,
        Code: $"RS-{id:000}",
        Name: $"红色驿站{id}号",
        Kind: StationKind.ResidentialCompound,
        Status: status,
        Capacity: capacity,
        OpensAt: new TimeOnly(8, 30),
        ClosesAt: new TimeOnly(20, 0),
        Occupancy: occupancy,
        OnDuty: [],
        OpenWishes: 0,
        ClaimedWishes: 0,
        OpenCases: 0,
        LastEventAt: lastEventAt ?? UtcNow.AddMinutes(-5),
        Today: new TodayCounts(0, 0, 0, 0, 0, 0, 0, 0, 0))
    {
        Latitude = latitude,
        Longitude = longitude,
    };
}
