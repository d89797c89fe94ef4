using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using RedStation.Dashboard.Localization;
using RedStation.Dashboard.Security;
using RedStation.Data.Analytics;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.WallDisplay;

/// <summary>
/// The wall screen (数据大屏) of the city, a district or a station: panels on the display token's playlist, each for
/// its dwell time, live from the feed's in-memory snapshot. A display token sees only its own scope; organisers and
/// administrators may open any scope to preview it (and <c>?token={id}</c> to preview a token's playlist).
/// </summary>
/// <remarks>
/// Built to run for weeks: the DOM holds one panel and a capped feed; charts get data-only updates and are destroyed
/// with their panel; the timer and both subscriptions (feed, playlist) are released on dispose. The clock and the
/// "updated N s ago" stamp run in the browser, so that they keep telling the truth while the connection is down.
/// </remarks>
public partial class WallDisplayPage : IAsyncDisposable
{
    internal const string ModulePath = "./Features/WallDisplay/WallDisplayPage.razor.js";
    internal const int KpiFeedLines = 8;

    private ElementReference _root;
    private IJSObjectReference? _module;
    private ITimer? _timer;
    private WallPlaylist? _playlist;
    private string _scopeName = string.Empty;
    private string? _refusal;
    private int? _tokenId;
    private long _beat;
    private DateTimeOffset _lastBeat;
    private int _spotlightTurn = -1;
    private LiveSnapshot? _spotlight;
    private IReadOnlyList<WallFeedLine> _feed = [];
    private ProgrammeTotals? _cumulative;
    private int _todayCheckInsAtRead;
    private bool _figuresLoading;
    private HonourRoll? _honours;
    private List<LiveEvent> _feedEvents = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<DutyUndone> _undone = new();
    private CultureInfo _culture = CultureInfo.CurrentCulture;
    private CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private bool _ready;
    private bool _disposed;

    [Parameter] public int? DistrictId { get; set; }

    /// <summary>A wall is public, whoever opened it: its circuit only ever holds masked names.</summary>
    protected override LiveAudience Audience => LiveAudience.Public;

    /// <summary>None until the wall knows who opened it: a refused display never subscribes.</summary>
    protected override LiveScope? OpeningScope => null;

    [Parameter] public int? StationId { get; set; }

    /// <summary>An organiser's preview of a token's playlist.</summary>
    [SupplyParameterFromQuery(Name = "token")] public int? PreviewToken { get; set; }

    [CascadingParameter] public required Task<AuthenticationState> AuthenticationState { get; set; }

    /// <summary>The request, while the page is prerendered: a refused scope answers 403, not 200.</summary>
    [CascadingParameter] public HttpContext? HttpContext { get; set; }

    [Inject] public required CityClock Clock { get; init; }

    [Inject] public required DisplayTokenService Tokens { get; init; }

    [Inject] public required IOptions<WallDisplayOptions> Options { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    [Inject] public required HighlightsDirectory Highlights { get; init; }

    [Inject] public required PublicFiguresDirectory Figures { get; init; }

    private int FeedCapacity => Math.Max(KpiFeedLines, Options.Value.FeedLines);

    private string TimeZoneId =>
        Clock.Zone.HasIanaId || !TimeZoneInfo.TryConvertWindowsIdToIanaId(Clock.Zone.Id, out var iana) ? Clock.Zone.Id : iana;

    private LiveScope RequestedScope => StationId is { } station
        ? LiveScope.Station(station)
        : DistrictId is { } district ? LiveScope.District(district) : LiveScope.All;

    protected override async Task OnInitializedAsync()
    {
        // The circuit's language, for renders started by others (a playlist saved by an organiser in another language).
        (_culture, _uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var user = (await AuthenticationState).User;
        var requested = RequestedScope;
        if (!StationAccess.CanWatch(user, requested, DistrictOf))
        {
            _refusal = L["Wall.Refused.Scope"];
            _scopeName = ScopeName(requested);
            AnswerWith(StatusCodes.Status403Forbidden);
            return;
        }

        if (!Exists(requested))
        {
            // Not 404: the framework then leaves the body out, and a screen must say why it shows nothing.
            _refusal = L["Wall.Refused.Unknown"];
            return;
        }

        StartLive(requested);
        _scopeName = ScopeName(requested);
        // The feed starts from the tables, so that a wall opened after a burst of check-outs still has lines to show.
        _feedEvents = [.. await Highlights.LatestAsync(requested, FeedCapacity)];
        MergeFeed();
        _tokenId = StationAccess.IsDisplay(user) ? DisplaySignIn.TokenIdOf(user) : IsStaff(user) ? PreviewToken : null;
        var now = Time.GetUtcNow();
        _playlist = new WallPlaylist(await LoadPlaylistAsync(), Scope, now);
        _lastBeat = now;
        // The first panel's figures before the first render: a screen (and its prerendered page) opens on them, not on "loading".
        OnPanelChanged(loadFigures: false);
        await ReadFiguresAsync(_playlist.Current.Panel);
        _timer = Time.CreateTimer(_ => OnTick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _ready = true;
    }

    /// <summary>The prerendered page's status code; a live circuit has no response to set.</summary>
    private void AnswerWith(int status)
    {
        if (HttpContext is { Response.HasStarted: false } http)
        {
            http.Response.StatusCode = status;
        }
    }

    protected override void OnSnapshot()
    {
        Beat();
        MergeFeed();
        if (_ready && _playlist?.Current.Panel == DisplayPlaylist.Spotlight)
        {
            RefreshSpotlight();
        }

        if (_ready && _playlist?.Current.Panel == DisplayPlaylist.Cumulative)
        {
            LoadCumulative();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _refusal is null)
        {
            try
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
                if (_disposed)
                {
                    await _module.DisposeAsync();
                    return;
                }

                await _module.InvokeVoidAsync("start", _root);
            }
            catch (JSDisconnectedException)
            {
                // The screen went away while its module loaded.
            }
        }
    }

    private void MergeFeed()
    {
        while (_undone.TryDequeue(out var undone))
        {
            _feedEvents.RemoveAll(undone.TakesBack);
        }

        _feedEvents = WallFeedLine.Merge(_feedEvents, Snapshot, FeedCapacity);
        _feed = WallFeedLine.From(_feedEvents, Snapshot, FeedCapacity, Clock, L);
    }

    private void OnTick()
    {
        _ = RunOnCircuitAsync(() =>
        {
            if (_disposed || _playlist is null)
            {
                return;
            }

            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
            var now = Time.GetUtcNow();
            var changed = _playlist.Tick(now);
            if (changed)
            {
                OnPanelChanged();
            }

            var beat = now - _lastBeat >= TimeSpan.FromSeconds(Math.Max(1, Options.Value.HeartbeatSeconds));
            if (beat)
            {
                Beat();
            }

            if (changed || beat)
            {
                StateHasChanged();
            }
        });
    }

    /// <summary>A playlist saved on any server reaches every server's feed after its commit (the relay carries it).</summary>
    protected override void OnLiveEvents(IReadOnlyList<LiveEvent> events)
    {
        foreach (var e in events)
        {
            if (e is SettingChanged { Kind: SettingKind.DisplayPlaylist } changed)
            {
                OnPlaylistChanged(changed.SubjectId);
            }
            else if (e is SettingChanged { Kind: SettingKind.ProgrammeBaseline })
            {
                // A baseline saved by an administrator: the cumulative figures are re-read with it, not in 15 s.
                Figures.ForgetCumulative();
                _ = InvokeAsync(() =>
                {
                    if (_ready && !_disposed && _playlist?.Current.Panel == DisplayPlaylist.Cumulative)
                    {
                        LoadCumulative();
                    }
                });
            }
            else if (e is DutyUndone undone)
            {
                // The feed keeps lines the snapshot's recent events no longer hold: an undone check-in leaves it at
                // the next merge (the snapshot itself has dropped it).
                _undone.Enqueue(undone);
            }
        }
    }

    private void OnPlaylistChanged(long tokenId)
    {
        if (tokenId != _tokenId)
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            try
            {
                if (_disposed || _playlist is null)
                {
                    return;
                }

                // Raised on the writer's thread: this screen renders in its own language.
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
                _playlist.Replace(await LoadPlaylistAsync(), Time.GetUtcNow());
                OnPanelChanged();
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }

    private async Task<IReadOnlyList<DisplayPlaylistItem>> LoadPlaylistAsync()
    {
        var dwell = Options.Value.EffectiveDefaultDwellSeconds;
        return _tokenId is { } id && await Tokens.GetPlaylistAsync(id, dwell) is { } playlist
            ? playlist
            : DisplayPlaylist.Default(dwell);
    }

    /// <summary>The spotlight takes the next of the busiest stations each time it comes up; the analytics panels read their figures.</summary>
    private void OnPanelChanged(bool loadFigures = true)
    {
        var panel = _playlist?.Current.Panel;
        if (panel == DisplayPlaylist.Spotlight)
        {
            _spotlightTurn++;
            RefreshSpotlight();
        }
        else
        {
            _spotlight = null;
        }

        if (loadFigures && panel is DisplayPlaylist.Cumulative or DisplayPlaylist.Honours)
        {
            LoadFigures(panel);
        }
    }

    private void LoadCumulative() => LoadFigures(DisplayPlaylist.Cumulative);

    /// <summary>Reads a panel's figures in the background and renders when they changed; one read at a time.</summary>
    private void LoadFigures(string panel)
    {
        if (_figuresLoading)
        {
            return;
        }

        _figuresLoading = true;
        _ = InvokeAsync(async () =>
        {
            try
            {
                if (await ReadFiguresAsync(panel))
                {
                    StateHasChanged();
                }
            }
            catch (Exception ex) when (!_disposed)
            {
                await DispatchExceptionAsync(ex);
            }
            finally
            {
                _figuresLoading = false;
            }
        });
    }

    /// <summary>
    /// The cumulative figures, read from the analytics summaries when the panel comes up and again with the live updates
    /// while it shows (the directory answers from memory for a few seconds; today's check-ins since this circuit's read
    /// are added from the live snapshot, so the counter moves with every check-in at once); the honour roll when it comes
    /// up. True when something new was read.
    /// </summary>
    private async Task<bool> ReadFiguresAsync(string panel)
    {
        if (panel == DisplayPlaylist.Cumulative)
        {
            var today = Snapshot.Totals.Today.CheckIns;
            var totals = await Figures.CumulativeAsync(Scope, Options.Value.ProgrammeStart);
            if (ReferenceEquals(totals, _cumulative))
            {
                return false;
            }

            (_cumulative, _todayCheckInsAtRead) = (totals, today);
            return true;
        }

        if (panel == DisplayPlaylist.Honours)
        {
            var roll = await Figures.HonoursAsync(Scope, Math.Clamp(Options.Value.HonourRows, 1, 20));
            if (ReferenceEquals(roll, _honours))
            {
                return false;
            }

            _honours = roll;
            return true;
        }

        return false;
    }

    /// <summary>Check-ins since the programme's start: the read's, plus those of today that came after it (none across midnight).</summary>
    private int CumulativeLiveCheckIns => (_cumulative?.CheckIns ?? 0) + Math.Max(0, Snapshot.Totals.Today.CheckIns - _todayCheckInsAtRead);

    private string Organiser => Bilingual.Pick(Options.Value.Organiser, Options.Value.OrganiserEn);

    private string Slogan => Bilingual.Pick(Options.Value.Slogan, Options.Value.SloganEn);

    private void RefreshSpotlight()
    {
        if (Scope.StationId is { } only)
        {
            _spotlight = Feed.Snapshot(LiveScope.Station(only), LiveAudience.Public);
            return;
        }

        var candidates = Snapshot.Stations
            .Where(s => s.Status == StationStatus.Open)
            .OrderByDescending(s => s.Today.CheckIns + s.Occupancy + s.Today.Attendance)
            .ThenBy(s => s.StationId)
            .Take(Math.Max(1, Options.Value.SpotlightStations))
            .ToList();
        _spotlight = candidates.Count == 0
            ? null
            : Feed.Snapshot(LiveScope.Station(candidates[Math.Max(0, _spotlightTurn) % candidates.Count].StationId), LiveAudience.Public);
    }

    private void Beat()
    {
        _lastBeat = Time.GetUtcNow();
        _beat = _lastBeat.ToUnixTimeMilliseconds();
    }

    private int? DistrictOf(int stationId) => Feed.Stations([stationId]) is [var station] ? station.DistrictId : null;

    private bool Exists(LiveScope scope) => scope switch
    {
        { StationId: { } station } => Feed.Stations([station]).Count == 1,
        { DistrictId: { } district } => Feed.Snapshot(LiveScope.All).Districts.Any(d => d.DistrictId == district),
        _ => true,
    };

    private static bool IsStaff(ClaimsPrincipal user) => StationAccess.CanPreviewAnyWall(user);

    private string ScopeName(LiveScope scope)
    {
        if (scope.StationId is { } stationId)
        {
            return Feed.Stations([stationId]) is [var station] ? station.Name : L["Displays.Scope.Station"];
        }

        if (scope.DistrictId is { } districtId)
        {
            var district = Feed.Snapshot(LiveScope.All).Districts.FirstOrDefault(d => d.DistrictId == districtId);
            return district is null ? L["Displays.Scope.District"] : district.DisplayName();
        }

        return L["Wall.City"];
    }

    private string PanelTitle(string panel) => panel == DisplayPlaylist.Ranking && Scope.DistrictId is not null
        ? L["Wall.Panel.ranking.Stations"]
        : L[$"Wall.Panel.{panel}"];

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _timer?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("stop", _root);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the page's module with it.
            }
        }

        GC.SuppressFinalize(this);
    }
}
