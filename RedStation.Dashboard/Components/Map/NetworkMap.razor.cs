using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Components.Occupancy;
using RedStation.Dashboard.Live;
using RedStation.Dashboard.Localization;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Components.Map;

/// <summary>
/// The network on a map of the city: district boundaries with their names, and every station as a dot at its
/// latitude and longitude, coloured by fullness (the occupancy board's bands and colours), sized by capacity,
/// with stations outside their opening hours grey ("closed", not a band: at night nothing is "comfortable"), stations
/// that are not open drawn hollow and grey, and a pulse where something just happened.
/// The SVG fills its container (width and height) and keeps the city's proportions, so the same component
/// serves an Overview card, a phone and a 4K wall. Hover or tap shows a station's tile (counts only, no names);
/// a click opens the station's page.
/// </summary>
public partial class NetworkMap
{
    /// <summary>How long a pulse ring stays in the DOM after a station's event: the CSS animation is shorter.</summary>
    internal static readonly TimeSpan PulseLifetime = TimeSpan.FromSeconds(3);

    private const double SmallestRadius = 3.2;
    private const double LargestRadius = 8.5;
    private const int LargestCapacity = 300;

    /// <summary>The font size of an area's name, in map units (as in the CSS).</summary>
    private const double LabelSize = 15;

    /// <summary>The font size of a zone's name (a district drawn inside another's area).</summary>
    private const double ZoneLabelSize = 11;

    /// <summary>
    /// The dots of a list of stations, made once per list and shared by every circuit showing it (the live feed hands
    /// the same snapshot to all its subscribers of a scope): a circuit keeps a reference, not its own copy.
    /// </summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<StationLive>, MapLayer> Layers = [];

    /// <summary>Where each station's dot goes and its text, by position and capacity: the same for every list and circuit.</summary>
    private static readonly ConcurrentDictionary<(int StationId, double Latitude, double Longitude, int Capacity), DotPlace?> Places = new();

    /// <summary>The areas' names, by stations, districts and language: they move only when one of those does.</summary>
    private static readonly ConcurrentDictionary<string, MarkupString> LabelsByLayout = new(StringComparer.Ordinal);

    private static readonly MapLayer NoLayer = new([], [], new Dictionary<int, StationLive>(), string.Empty, 0, 0, 0, 0, 0, new HashSet<int>());

    private readonly Dictionary<int, (long Generation, DateTimeOffset Since)> _pulses = [];

    /// <summary>The last event of stations this circuit saw in an earlier list but not in the current one (another scope).</summary>
    private readonly Dictionary<int, DateTime?> _seenElsewhere = [];
    private IReadOnlyList<StationLive>? _shownStations;
    private MapLayer _layer = NoLayer;
    private MarkupString _labelMarkup;
    private long _pulseGeneration;
    private bool _hasBaseline;
    private int? _selectedId;
    private bool _selectedByTouch;

    [Inject] public required CityMap Map { get; init; }

    [Inject] public required CityClock Clock { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required IOptions<LiveScreenOptions> LiveOptions { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>The stations to draw, e.g. <c>Snapshot.Stations</c>; a new list (a new snapshot) redraws the dots.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<StationLive> Stations { get; set; }

    /// <summary>
    /// The city's districts, for the names on the map and in the tile. Pass the whole city's even when
    /// <see cref="Stations"/> is one district's: every area keeps its name.
    /// </summary>
    [Parameter, EditorRequired] public required IReadOnlyList<DistrictLive> Districts { get; set; }

    /// <summary>
    /// Hover or tap shows a station's tile and a click opens its page. Off for wall displays, where nobody
    /// points and nothing should lead to a staff page.
    /// </summary>
    [Parameter] public bool Interactive { get; set; } = true;

    /// <summary>Shows the colour key in the top left corner.</summary>
    [Parameter] public bool ShowLegend { get; set; } = true;

    /// <summary>
    /// The component's CSS height. By default it fills its container (<c>100%</c>), which then needs a definite
    /// height (a display panel, a flex item); in a flowing page give a length, e.g. <c>560px</c>.
    /// </summary>
    [Parameter] public string Height { get; set; } = "100%";

    /// <summary>
    /// What the map shows: the whole city (the default), a district's area, or a station's surroundings (a few kilometres
    /// around it, the borders and names of its areas). Dots and names grow less than the map when it zooms in.
    /// </summary>
    [Parameter] public LiveScope Focus { get; set; } = LiveScope.All;

    /// <summary>The width, in map units, of a station's surroundings (about 30 km on Ningde's map: its town and the nearest area names).</summary>
    internal const double StationSurroundings = 130;

    private string _viewBox = string.Empty;
    private string? _zoomStyle;

    private StationLive? Selected => _selectedId is { } id ? _layer.ById.GetValueOrDefault(id) : null;

    protected override void OnParametersSet()
    {
        (_viewBox, _zoomStyle) = ViewOf(Focus);

        // The parent re-renders for many reasons; the dots change only with a new list of stations, or when a station
        // opens or closes for the day (a quiet night brings no new list).
        if (ReferenceEquals(Stations, _shownStations) && _layer.IsCurrentAt(LocalTime))
        {
            return;
        }

        var layer = LayerOf(Stations);
        TrackPulses(_layer, layer);
        _shownStations = Stations;
        _layer = layer;

        // Names move only when stations, districts or the language do, not with every head-count.
        var layout = $"{layer.StationIds};{string.Join(',', Districts.Select(d => d.Name))};{CultureInfo.CurrentUICulture.Name}";
        if (LabelsByLayout.Count > 64)
        {
            LabelsByLayout.Clear();
        }

        _labelMarkup = LabelsByLayout.GetOrAdd(layout, _ => LabelMarkup(BuildLabels(layer)));
    }

    /// <summary>The viewBox of a focus and the CSS scales that keep lines, dots and names readable inside it.</summary>
    private (string ViewBox, string? Style) ViewOf(LiveScope focus)
    {
        var box = BoxOf(focus);
        if (box is not { } b)
        {
            return (Map.ViewBox, null);
        }

        var zoom = Math.Max(1, Math.Min(CityMap.Width / b.Width, Map.Height / b.Height));
        var style = FormattableString.Invariant(
            $"--map-zoom: {1 / zoom:0.####}; --map-dot-scale: {Math.Min(1, 2.5 / zoom):0.####}; --map-label-scale: {Math.Min(1, 1.6 / zoom):0.####};");
        return (FormattableString.Invariant($"{b.X:0.#} {b.Y:0.#} {b.Width:0.#} {b.Height:0.#}"), style);
    }

    private (double X, double Y, double Width, double Height)? BoxOf(LiveScope focus)
    {
        if (focus.StationId is { } stationId)
        {
            var station = Stations.FirstOrDefault(s => s.StationId == stationId);
            if (station is null || PlaceOf(station, Map) is not { } place)
            {
                return null;
            }

            var half = StationSurroundings / 2;
            return (place.At.X - half, place.At.Y - half, StationSurroundings, StationSurroundings);
        }

        if (focus.DistrictId is { } districtId && Districts.FirstOrDefault(d => d.DistrictId == districtId) is { } district)
        {
            // The area's own outline; a zone without one (东侨, inside 蕉城区) is framed by its stations, with room around them.
            var points = Map.Areas.Any(a => string.Equals(a.Name, district.Name, StringComparison.Ordinal))
                ? Map.AreaOf(district.Name)!.Polygons.SelectMany(p => p[0]).ToList()
                : Stations.Where(s => s.DistrictId == districtId).Select(s => PlaceOf(s, Map)).OfType<DotPlace>().Select(p => p.At).ToList();
            if (points.Count == 0)
            {
                return null;
            }

            var (minX, maxX, minY, maxY) = (points.Min(p => p.X), points.Max(p => p.X), points.Min(p => p.Y), points.Max(p => p.Y));
            var pad = Math.Max(12, 0.08 * Math.Max(maxX - minX, maxY - minY));
            return (minX - pad, minY - pad, maxX - minX + (2 * pad), maxY - minY + (2 * pad));
        }

        return null;
    }

    private TimeOnly LocalTime => TimeOnly.FromDateTime(Clock.ToLocal(Clock.UtcNow));

    private MapLayer LayerOf(IReadOnlyList<StationLive> stations)
    {
        var time = LocalTime;
        if (Layers.TryGetValue(stations, out var shared) && ReferenceEquals(shared.Map, Map) && shared.IsCurrentAt(time))
        {
            return shared;
        }

        var layer = MapLayer.Of(stations, Map, time);
        Layers.AddOrUpdate(stations, layer);
        return layer;
    }

    /// <summary>
    /// A station whose last event is newer than in the previous list pulses (or than when this circuit last saw it, in
    /// another scope; one it never saw pulses on its first event). At most one ring per station, dropped at the first
    /// render after <see cref="PulseLifetime"/>: the DOM never grows with the event rate.
    /// </summary>
    private void TrackPulses(MapLayer previous, MapLayer next)
    {
        var now = Time.GetUtcNow();
        foreach (var expired in _pulses.Where(p => now - p.Value.Since >= PulseLifetime).Select(p => p.Key).ToList())
        {
            _pulses.Remove(expired);
        }

        foreach (var station in next.ById.Values)
        {
            bool known;
            DateTime? before;
            if (previous.ById.TryGetValue(station.StationId, out var shown))
            {
                (known, before) = (true, shown.LastEventAt);
            }
            else
            {
                known = _seenElsewhere.TryGetValue(station.StationId, out before);
            }

            if (_hasBaseline && station.LastEventAt is { } at && (!known || before is null || at > before))
            {
                _pulses[station.StationId] = (++_pulseGeneration, now);
            }

            _seenElsewhere.Remove(station.StationId);
        }

        foreach (var gone in previous.ById.Values.Where(s => !next.ById.ContainsKey(s.StationId)))
        {
            _seenElsewhere[gone.StationId] = gone.LastEventAt;
        }

        _hasBaseline = true;
    }

    /// <summary>Where a station's dot goes and how large it is, as the text the SVG carries; none off the map.</summary>
    private static DotPlace? PlaceOf(StationLive station, CityMap map) =>
        Places.GetOrAdd((station.StationId, station.Latitude, station.Longitude, station.Capacity), _ =>
        {
            var at = map.Project(station.Latitude, station.Longitude);
            if (!map.IsOnMap(at))
            {
                return null;
            }

            // Area, not radius, in proportion to capacity.
            var share = Math.Sqrt(Math.Clamp(station.Capacity, 0, LargestCapacity) / (double)LargestCapacity);
            var radius = Math.Round(SmallestRadius + ((LargestRadius - SmallestRadius) * share), 2);
            return new DotPlace(station.StationId, station.StationId.ToString(CultureInfo.InvariantCulture), at, radius, F(at.X), F(at.Y), F(radius));
        });

    private List<MapLabel> BuildLabels(MapLayer layer)
    {
        var labels = new List<MapLabel>();
        foreach (var area in Map.Areas)
        {
            var district = Districts.FirstOrDefault(d => string.Equals(d.Name, area.Name, StringComparison.Ordinal));
            var text = district is null ? area.Name : AreaName(district);
            labels.Add(new MapLabel(text, LabelSpot(layer.Dots, area, text), IsZone: false));
        }

        // A district without a polygon of its own (东侨, inside 蕉城区) is named beside its stations, with a leader
        // line to their middle: its stations share the city centre with the containing area's own.
        foreach (var district in Districts.Where(d => Map.Areas.All(a => !string.Equals(a.Name, d.Name, StringComparison.Ordinal))))
        {
            var dots = layer.Dots.Where(dot => layer.ById.TryGetValue(dot.StationId, out var s) && s.DistrictId == district.DistrictId).ToList();
            if (dots.Count > 0)
            {
                var centre = new MapPoint(dots.Average(d => d.At.X), dots.Average(d => d.At.Y));
                var text = ShortName(district);
                labels.Add(new MapLabel(text, SpotBeside(layer.Dots, centre, text, ZoneLabelSize), IsZone: true, LeaderTo: centre));
            }
        }

        return labels;
    }

    /// <summary>The nearest spot to <paramref name="centre"/> where a name of that size covers no dot.</summary>
    private MapPoint SpotBeside(IReadOnlyList<MapDot> dots, MapPoint centre, string text, double size)
    {
        var (halfWidth, halfHeight) = (HalfWidth(text, size), size * 0.6);
        for (var distance = 10.0; distance <= 120; distance += 5)
        {
            for (var step = 0; step < 24; step++)
            {
                var angle = step * Math.PI / 12;
                var at = new MapPoint(centre.X + (distance * Math.Cos(angle)), centre.Y + (distance * Math.Sin(angle)));
                if (Map.IsOnMap(at) && ClearanceFromDots(dots, at, halfWidth, halfHeight) >= 2)
                {
                    return at;
                }
            }
        }

        return centre;
    }

    private static double ClearanceFromDots(IReadOnlyList<MapDot> dots, MapPoint at, double halfWidth, double halfHeight)
    {
        var clearance = double.PositiveInfinity;
        foreach (var dot in dots)
        {
            var gap = Math.Max(Math.Abs(dot.At.X - at.X) - halfWidth, Math.Abs(dot.At.Y - at.Y) - halfHeight) - dot.Radius;
            clearance = Math.Min(clearance, gap);
        }

        return clearance;
    }

    /// <summary>Half a name's width: Chinese characters are about one em wide, Latin letters about half.</summary>
    private static double HalfWidth(string text, double size) => text.Sum(c => c < 0x2E80 ? 0.3 : 0.52) * size;

    /// <summary>
    /// Where an area's name goes: the spot that keeps the name's box farthest from both the border and the dots
    /// (the county town, where the dots crowd, is often the middle of the county). Stations never move during a
    /// day, so this runs once per list of stations and costs a few thousand distance checks per area.
    /// </summary>
    private static MapPoint LabelSpot(IReadOnlyList<MapDot> dots, MapArea area, string text)
    {
        if (area.LabelSpots.Count == 0)
        {
            return area.Label;
        }

        var halfWidth = HalfWidth(text, LabelSize);
        const double HalfHeight = LabelSize * 0.6;
        var best = area.Label;
        var bestScore = double.NegativeInfinity;
        foreach (var (at, clearance) in area.LabelSpots)
        {
            var fromDots = ClearanceFromDots(dots, at, halfWidth, HalfHeight);

            // Clear of the dots first, then as deep inside the area as its box allows: a name straddling a
            // border would seem to name the neighbour.
            var score = Math.Min(clearance - HalfHeight - (halfWidth * 0.5), Math.Min(fromDots, 8) * 1.5);
            if (score > bestScore)
            {
                (best, bestScore) = (at, score);
            }
        }

        return best;
    }

    private static MarkupString LabelMarkup(IEnumerable<MapLabel> labels) => new(string.Concat(labels.Select(label =>
        (label.LeaderTo is { } to
            ? $"<line class=\"map-leader\" x1=\"{F(label.At.X)}\" y1=\"{F(label.At.Y)}\" x2=\"{F(to.X)}\" y2=\"{F(to.Y)}\"></line>"
            : string.Empty) +
        $"<text class=\"map-label{(label.IsZone ? " map-label-zone" : string.Empty)}\" x=\"{F(label.At.X)}\" y=\"{F(label.At.Y)}\" " +
        $"data-testid=\"map-label\">{WebUtility.HtmlEncode(label.Text)}</text>")));

    private void OnStationOver(MapStationEventArgs e)
    {
        if (e.StationId is { } stationId && _layer.ById.ContainsKey(stationId))
        {
            Select(stationId, e.PointerType);
        }
    }

    private void OnStationClick(MapStationEventArgs e)
    {
        if (e.StationId is { } stationId && _layer.ById.ContainsKey(stationId))
        {
            Open(stationId);
        }
    }

    /// <summary>A mouse shows the tile on hover; a finger's first tap on a dot shows it, the second opens the page.</summary>
    private void Select(int stationId, string? pointerType)
    {
        _selectedByTouch = !string.Equals(pointerType, "mouse", StringComparison.Ordinal) && _selectedId != stationId;
        _selectedId = stationId;
    }

    private void Open(int stationId)
    {
        if (_selectedByTouch && _selectedId == stationId)
        {
            _selectedByTouch = false;
            return;
        }

        Navigation.NavigateTo(StationPath(stationId));
    }

    private void ClearSelection(PointerEventArgs e)
    {
        // A finger lifting off the screen "leaves" too: only a mouse leaving the map clears the tile.
        if (string.Equals(e.PointerType, "mouse", StringComparison.Ordinal))
        {
            _selectedId = null;
        }
    }

    private StationCondition ConditionOf(StationLive station)
    {
        var utcNow = Clock.UtcNow;
        return StationCondition.Of(station, utcNow, Clock.ToLocal(utcNow), LiveOptions.Value.StaleAfter);
    }

    private string DistrictNameOf(int districtId) =>
        Districts.FirstOrDefault(d => d.DistrictId == districtId) is { } district ? DistrictName(district) : string.Empty;

    internal static string StationPath(int stationId) => $"stations/{stationId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The board's colour for a band (<see cref="OccupancyLevel.ColorOf"/>), as a CSS class: map-dot-error, -warning, -success.</summary>
    internal static string BandClass(OccupancyBand band) =>
        "map-dot-" + OccupancyLevel.ColorOf(band).ToString().ToLowerInvariant();

    /// <summary>An area's name on the map: in English without "District", "County" or "City", which only crowd it.</summary>
    private static string AreaName(DistrictLive district)
    {
        if (Bilingual.IsChinese)
        {
            return district.Name;
        }

        foreach (var suffix in (string[])[" District", " County", " City"])
        {
            if (district.NameEn.EndsWith(suffix, StringComparison.Ordinal))
            {
                return district.NameEn[..^suffix.Length];
            }
        }

        return district.NameEn;
    }

    private static string DistrictName(DistrictLive district) => district.DisplayName();

    /// <summary>A zone's name on the map: its first words, before "经济技术开发区" / "Economic and …".</summary>
    private static string ShortName(DistrictLive district)
    {
        if (Bilingual.IsChinese)
        {
            var cut = district.Name.IndexOf("经济", StringComparison.Ordinal);
            return cut > 0 ? district.Name[..cut] + "开发区" : district.Name;
        }

        var english = district.NameEn.IndexOf(" Economic", StringComparison.Ordinal);
        return english > 0 ? district.NameEn[..english] + " Zone" : district.NameEn;
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A station's dot as drawn: its place (shared by all lists) and its colour now; every string made once.</summary>
    /// <param name="ClosedNow">Open, but outside its opening hours now: drawn grey, whatever its head-count.</param>
    internal sealed record MapDot(DotPlace Place, OccupancyBand Band, StationStatus Status, bool ClosedNow)
    {
        private static readonly FrozenDictionary<OccupancyBand, string> ClassOfBand =
            Enum.GetValues<OccupancyBand>().ToFrozenDictionary(b => b, b => $"map-dot {BandClass(b)}");

        private static readonly FrozenDictionary<OccupancyBand, string> NameOfBand =
            Enum.GetValues<OccupancyBand>().ToFrozenDictionary(b => b, b => b.ToString());

        private static readonly FrozenDictionary<StationStatus, string> ClassOfStatus =
            Enum.GetValues<StationStatus>().ToFrozenDictionary(s => s, s => $"map-dot map-dot-{s.ToString().ToLowerInvariant()}");

        public int StationId => Place.StationId;

        public string Id => Place.Id;

        public MapPoint At => Place.At;

        public double Radius => Place.Radius;

        public string Cx => Place.Cx;

        public string Cy => Place.Cy;

        public string R => Place.R;

        public bool IsOpen => Status == StationStatus.Open;

        /// <summary>How it is drawn, bottom to top: not open, closed for now, open within its hours.</summary>
        public int Stratum => !IsOpen ? 0 : ClosedNow ? 1 : 2;

        public string BandName => ClosedNow ? ClosedName : NameOfBand[Band];

        public string CssClass => !IsOpen ? ClassOfStatus[Status] : ClosedNow ? ClosedClass : ClassOfBand[Band];

        private const string ClosedName = "Closed";

        private const string ClosedClass = "map-dot map-dot-closednow";

        /// <summary>The dot's circle; every value is a number or one of the fixed class and band names, nothing to encode.</summary>
        public void WriteTo(StringBuilder markup) =>
            markup.Append("<circle class=\"").Append(CssClass)
                .Append("\" cx=\"").Append(Cx)
                .Append("\" cy=\"").Append(Cy)
                .Append("\" r=\"").Append(R)
                .Append("\" data-station-id=\"").Append(Id)
                .Append("\" data-band=\"").Append(BandName)
                .Append("\"></circle>");
    }

    /// <summary>Where a station's dot goes: its id, the centre and radius, as numbers and as the SVG's text.</summary>
    internal sealed record DotPlace(int StationId, string Id, MapPoint At, double Radius, string Cx, string Cy, string R);

    /// <summary>
    /// One list of stations as the map draws it at a time of day: the dots in drawing order and as markup, the stations by
    /// id and the legend's counts (the bands count only the stations open now).
    /// </summary>
    /// <param name="Markup">
    /// The dots' circles in drawing order, cut where the drawing order changes band: one piece per (stratum, band),
    /// always the same number of pieces in the same places, some of them empty. A check-in that moves a station from
    /// one band to another changes two pieces; the others are equal strings, which the renderer leaves alone.
    /// </param>
    internal sealed record MapLayer(
        IReadOnlyList<MapDot> Dots,
        IReadOnlyList<MarkupString> Markup,
        IReadOnlyDictionary<int, StationLive> ById,
        string StationIds,
        int Full,
        int Busy,
        int Comfortable,
        int ClosedNow,
        int NotOpen,
        IReadOnlySet<int> ClosedNowIds)
    {
        private static readonly int Bands = Enum.GetValues<OccupancyBand>().Length;

        public CityMap? Map { get; init; }

        public IReadOnlyList<StationLive> Stations { get; init; } = [];

        public static MapLayer Of(IReadOnlyList<StationLive> stations, CityMap map, TimeOnly localTime)
        {
            var closedNow = ClosedAt(stations, localTime);
            var dots = stations
                .Select(s => PlaceOf(s, map) is { } place
                    ? new MapDot(place, OccupancyLevel.Of(s.Occupancy, s.Capacity), s.Status, closedNow.Contains(s.StationId))
                    : null)
                .OfType<MapDot>()
                // Not open underneath, closed for now above them; then the fuller the later (on top), the larger first
                // (small ones stay visible).
                .OrderBy(d => d.Stratum)
                .ThenBy(d => d.Band)
                .ThenByDescending(d => d.Radius)
                .ThenBy(d => d.StationId)
                .ToList();
            var open = stations.Where(s => s.Status == StationStatus.Open && !closedNow.Contains(s.StationId)).ToList();
            var full = open.Count(s => OccupancyLevel.Of(s.Occupancy, s.Capacity) == OccupancyBand.Full);
            var busy = open.Count(s => OccupancyLevel.Of(s.Occupancy, s.Capacity) == OccupancyBand.Busy);
            return new MapLayer(
                dots,
                MarkupOf(dots),
                stations.ToDictionary(s => s.StationId),
                string.Join(',', dots.Select(d => d.StationId).Order()),
                full,
                busy,
                open.Count - full - busy,
                closedNow.Count,
                stations.Count - open.Count - closedNow.Count,
                closedNow)
            {
                Map = map,
                Stations = stations,
            };
        }

        /// <summary>True when the same stations are closed for now at <paramref name="localTime"/> as when the layer was made.</summary>
        public bool IsCurrentAt(TimeOnly localTime) => ClosedNowIds.SetEquals(ClosedAt(Stations, localTime));

        private static HashSet<int> ClosedAt(IReadOnlyList<StationLive> stations, TimeOnly localTime) =>
            [.. stations.Where(s => s.Status == StationStatus.Open && !StationCondition.IsWithinHours(s, localTime)).Select(s => s.StationId)];

        /// <summary>
        /// The pieces in drawing order: not open first, then closed for now, then open; within each, band by band (as the
        /// dots are sorted).
        /// </summary>
        private static MarkupString[] MarkupOf(IReadOnlyList<MapDot> dots)
        {
            var pieces = new StringBuilder[3 * Bands];
            foreach (var dot in dots)
            {
                var piece = (dot.Stratum * Bands) + (int)dot.Band;
                dot.WriteTo(pieces[piece] ??= new StringBuilder());
            }

            return [.. pieces.Select(piece => new MarkupString(piece?.ToString() ?? string.Empty))];
        }
    }

    internal sealed record MapLabel(string Text, MapPoint At, bool IsZone, MapPoint? LeaderTo = null);
}
