using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Features.Occupancy;
using RedStation.Dashboard.Live;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Components.Map;

/// <summary>
/// The network on a map of the city: district boundaries with their names, and every station as a dot at its
/// latitude and longitude, coloured by fullness (the occupancy board's bands and colours), sized by capacity,
/// with stations that are not open drawn hollow and grey, and a pulse where something just happened.
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

    private readonly Dictionary<int, DateTime?> _lastEventAt = [];
    private readonly Dictionary<int, (long Generation, DateTimeOffset Since)> _pulses = [];
    private readonly Dictionary<int, Action<PointerEventArgs>> _enterHandlers = [];
    private readonly Dictionary<int, Action> _clickHandlers = [];
    private IReadOnlyList<StationLive>? _shownStations;
    private IReadOnlyList<MapDot> _dots = [];
    private MarkupString _labelMarkup;
    private string? _labelLayout;
    private Dictionary<int, StationLive> _byId = [];
    private long _pulseGeneration;
    private bool _hasBaseline;
    private int? _selectedId;
    private bool _selectedByTouch;
    private int _full;
    private int _busy;
    private int _comfortable;
    private int _notOpen;

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

    private StationLive? Selected => _selectedId is { } id ? _byId.GetValueOrDefault(id) : null;

    protected override void OnParametersSet()
    {
        // The parent re-renders for many reasons; the dots change only with a new list of stations.
        if (ReferenceEquals(Stations, _shownStations))
        {
            return;
        }

        _shownStations = Stations;
        _byId = Stations.ToDictionary(s => s.StationId);
        TrackPulses();
        _dots = Stations
            .Select(ToDot)
            .Where(d => d is not null)
            .Select(d => d!)
            // Not open underneath; then the fuller the later (on top), the larger first (small ones stay visible).
            .OrderBy(d => d.IsOpen)
            .ThenBy(d => d.Band)
            .ThenByDescending(d => d.Radius)
            .ThenBy(d => d.StationId)
            .ToList();
        var layout = $"{string.Join(',', _dots.Select(d => d.StationId).Order())};{Districts.Count};{CultureInfo.CurrentUICulture.Name}";
        if (layout != _labelLayout)
        {
            // Names move only when stations or the language do, not with every head-count.
            _labelLayout = layout;
            _labelMarkup = LabelMarkup(BuildLabels());
        }
        var open = Stations.Where(s => s.Status == StationStatus.Open).ToList();
        _full = open.Count(s => OccupancyLevel.Of(s.Occupancy, s.Capacity) == OccupancyBand.Full);
        _busy = open.Count(s => OccupancyLevel.Of(s.Occupancy, s.Capacity) == OccupancyBand.Busy);
        _comfortable = open.Count - _full - _busy;
        _notOpen = Stations.Count - open.Count;
    }

    /// <summary>
    /// A station whose last event is newer than in the previous list pulses. At most one ring per station,
    /// dropped at the first render after <see cref="PulseLifetime"/>: the DOM never grows with the event rate.
    /// </summary>
    private void TrackPulses()
    {
        var now = Time.GetUtcNow();
        foreach (var expired in _pulses.Where(p => now - p.Value.Since >= PulseLifetime).Select(p => p.Key).ToList())
        {
            _pulses.Remove(expired);
        }

        foreach (var station in Stations)
        {
            var known = _lastEventAt.TryGetValue(station.StationId, out var before);
            if (_hasBaseline && station.LastEventAt is { } at && (!known || before is null || at > before))
            {
                _pulses[station.StationId] = (++_pulseGeneration, now);
            }

            _lastEventAt[station.StationId] = station.LastEventAt;
        }

        _hasBaseline = true;
    }

    private MapDot? ToDot(StationLive station)
    {
        var at = Map.Project(station.Latitude, station.Longitude);
        if (!Map.IsOnMap(at))
        {
            return null;
        }

        // Area, not radius, in proportion to capacity.
        var share = Math.Sqrt(Math.Clamp(station.Capacity, 0, LargestCapacity) / (double)LargestCapacity);
        var radius = SmallestRadius + ((LargestRadius - SmallestRadius) * share);
        var band = OccupancyLevel.Of(station.Occupancy, station.Capacity);
        return new MapDot(station.StationId, at, Math.Round(radius, 2), band, station.Status);
    }

    private List<MapLabel> BuildLabels()
    {
        var labels = new List<MapLabel>();
        foreach (var area in Map.Areas)
        {
            var district = Districts.FirstOrDefault(d => string.Equals(d.Name, area.Name, StringComparison.Ordinal));
            var text = district is null ? area.Name : AreaName(district);
            labels.Add(new MapLabel(text, LabelSpot(area, text), IsZone: false));
        }

        // A district without a polygon of its own (东侨, inside 蕉城区) is named beside its stations, with a leader
        // line to their middle: its stations share the city centre with the containing area's own.
        foreach (var district in Districts.Where(d => Map.Areas.All(a => !string.Equals(a.Name, d.Name, StringComparison.Ordinal))))
        {
            var dots = _dots.Where(dot => _byId.TryGetValue(dot.StationId, out var s) && s.DistrictId == district.DistrictId).ToList();
            if (dots.Count > 0)
            {
                var centre = new MapPoint(dots.Average(d => d.At.X), dots.Average(d => d.At.Y));
                var text = ShortName(district);
                labels.Add(new MapLabel(text, SpotBeside(centre, text, ZoneLabelSize), IsZone: true, LeaderTo: centre));
            }
        }

        return labels;
    }

    /// <summary>The nearest spot to <paramref name="centre"/> where a name of that size covers no dot.</summary>
    private MapPoint SpotBeside(MapPoint centre, string text, double size)
    {
        var (halfWidth, halfHeight) = (HalfWidth(text, size), size * 0.6);
        for (var distance = 10.0; distance <= 120; distance += 5)
        {
            for (var step = 0; step < 24; step++)
            {
                var angle = step * Math.PI / 12;
                var at = new MapPoint(centre.X + (distance * Math.Cos(angle)), centre.Y + (distance * Math.Sin(angle)));
                if (Map.IsOnMap(at) && ClearanceFromDots(at, halfWidth, halfHeight) >= 2)
                {
                    return at;
                }
            }
        }

        return centre;
    }

    private double ClearanceFromDots(MapPoint at, double halfWidth, double halfHeight)
    {
        var clearance = double.PositiveInfinity;
        foreach (var dot in _dots)
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
    private MapPoint LabelSpot(MapArea area, string text)
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
            var fromDots = ClearanceFromDots(at, halfWidth, HalfHeight);

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

    private Action<PointerEventArgs> OnEnter(int stationId)
    {
        // One delegate per station for the component's life: the renderer then sees the same handler on
        // every live update and sends no attribute changes for 453 dots.
        if (!_enterHandlers.TryGetValue(stationId, out var handler))
        {
            handler = e => Select(stationId, e.PointerType);
            _enterHandlers[stationId] = handler;
        }

        return handler;
    }

    private Action OnClick(int stationId)
    {
        if (!_clickHandlers.TryGetValue(stationId, out var handler))
        {
            handler = () => Open(stationId);
            _clickHandlers[stationId] = handler;
        }

        return handler;
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
        if (IsChinese)
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

    private static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    private static string DistrictName(DistrictLive district) => IsChinese ? district.Name : district.NameEn;

    /// <summary>A zone's name on the map: its first words, before "经济技术开发区" / "Economic and …".</summary>
    private static string ShortName(DistrictLive district)
    {
        if (IsChinese)
        {
            var cut = district.Name.IndexOf("经济", StringComparison.Ordinal);
            return cut > 0 ? district.Name[..cut] + "开发区" : district.Name;
        }

        var english = district.NameEn.IndexOf(" Economic", StringComparison.Ordinal);
        return english > 0 ? district.NameEn[..english] + " Zone" : district.NameEn;
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    internal sealed record MapDot(int StationId, MapPoint At, double Radius, OccupancyBand Band, StationStatus Status)
    {
        public bool IsOpen => Status == StationStatus.Open;

        public string CssClass => IsOpen
            ? $"map-dot {BandClass(Band)}"
            : $"map-dot map-dot-{Status.ToString().ToLowerInvariant()}";
    }

    internal sealed record MapLabel(string Text, MapPoint At, bool IsZone, MapPoint? LeaderTo = null);
}
