using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using RedStation.Dashboard.Features.WallDisplay;
using RedStation.Dashboard.Infrastructure;
using RedStation.Dashboard.Localization;
using RedStation.Dashboard.Security;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Admin;

/// <summary>
/// Display tokens: list, create with a scope (the city, a district or a station) and revoke. Only the token's hash
/// is stored, so its link and QR code exist only in this view, for the tokens created in it.
/// </summary>
public partial class DisplaysPage
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private static readonly DialogOptions PlaylistDialogOptions = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };

    private IReadOnlyList<DisplayToken> _tokens = [];
    private IReadOnlyList<DistrictOption> _districts = [];
    private IReadOnlyDictionary<int, string> _stationNames = new Dictionary<int, string>();

    // The links created in this view, by token id: gone with the circuit, as they must be.
    private readonly Dictionary<int, CreatedLink> _links = [];
    private bool _loading = true;
    private bool _createOpen;
    private bool _busy;
    private string? _name;
    private ScopeKind _scopeKind = ScopeKind.City;
    private int? _districtId;
    private StationRow? _station;
    private bool _isAdministrator;
    private bool _playlistOpen;
    private DisplayToken? _playlistToken;
    private List<PlaylistRow> _playlistRows = [];

    /// <summary>One editable row of the playlist dialog.</summary>
    private sealed class PlaylistRow(string panel, int dwellSeconds)
    {
        public string Panel { get; set; } = panel;
        public int DwellSeconds { get; set; } = dwellSeconds;
    }

    private enum ScopeKind
    {
        City,
        District,
        Station,
    }

    private sealed record CreatedLink(string Name, string Link, string QrCode);

    [Inject]
    public required DisplayTokenService Tokens { get; init; }

    [Inject]
    public required StationDirectory Directory { get; init; }

    [Inject]
    public required CityClock Clock { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required PublicLinks PublicLinks { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IOptions<WallDisplayOptions> WallOptions { get; init; }

    [CascadingParameter]
    public required Task<AuthenticationState> AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // Organisers tune what the screens show; only administrators hand out or withdraw a screen's access.
        _isAdministrator = StationAccess.CanManageDisplays((await AuthenticationState).User);
        _districts = await Directory.GetDistrictsAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        _tokens = await Tokens.ListAsync();
        var stationIds = _tokens.Select(t => LiveScope.TryParse(t.Scope, out var s) ? s.StationId : null).OfType<int>().Distinct().ToList();
        _stationNames = await Directory.GetStationNamesAsync(stationIds);
        _loading = false;
    }

    private void OpenCreate()
    {
        (_name, _scopeKind, _districtId, _station) = (null, ScopeKind.City, null, null);
        _createOpen = true;
    }

    private async Task CreateAsync()
    {
        if (!_isAdministrator)
        {
            return;
        }

        _busy = true;
        try
        {
            // An unpicked district or station goes to the service as it is, which refuses it with its own message.
            var scope = _scopeKind switch
            {
                ScopeKind.District => $"district:{_districtId?.ToString(CultureInfo.InvariantCulture)}",
                ScopeKind.Station => $"station:{_station?.Id.ToString(CultureInfo.InvariantCulture)}",
                _ => LiveScope.All.ToString(),
            };
            var result = await Tokens.CreateAsync(_name, scope);
            if (result.Error is { } error)
            {
                Snackbar.Add(error.Message, Severity.Error);
                return;
            }

            var created = result.Value!;
            var link = DisplaySignIn.LinkFor((PublicLinks.Base ?? new Uri(Navigation.BaseUri)).AbsoluteUri, created.Secret);
            _links[created.Token.Id] = new CreatedLink(created.Token.Name, link, DisplayQrCode.PngDataUri(link));
            _createOpen = false;
            Snackbar.Add(L["Displays.CreatedToast", created.Token.Name], Severity.Success);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(DisplayToken token)
    {
        if (!_isAdministrator)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Displays.RevokeTitle"], L["Displays.RevokeText", token.Name], yesText: L["Admin.Revoke"], cancelText: L["Admin.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var result = await Tokens.RevokeAsync(token.Id);
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Error);
        }
        else
        {
            _links.Remove(token.Id);
            Snackbar.Add(L["Displays.Revoked", token.Name], Severity.Success);
        }

        await LoadAsync();
    }

    private void OpenPlaylist(DisplayToken token)
    {
        _playlistToken = token;
        _playlistRows = DisplayPlaylist.Parse(token.Playlist, WallOptions.Value.EffectiveDefaultDwellSeconds)
            .Select(item => new PlaylistRow(item.Panel, item.DwellSeconds))
            .ToList();
        _playlistOpen = true;
    }

    private void AddPlaylistRow()
    {
        var unused = DisplayPlaylist.Panels.FirstOrDefault(p => _playlistRows.All(r => r.Panel != p)) ?? DisplayPlaylist.Kpis;
        _playlistRows.Add(new PlaylistRow(unused, WallOptions.Value.EffectiveDefaultDwellSeconds));
    }

    private void Move(int index, int by)
    {
        var target = index + by;
        if (target < 0 || target >= _playlistRows.Count)
        {
            return;
        }

        (_playlistRows[index], _playlistRows[target]) = (_playlistRows[target], _playlistRows[index]);
    }

    private async Task SavePlaylistAsync()
    {
        if (_playlistToken is not { } token)
        {
            return;
        }

        _busy = true;
        try
        {
            // Whatever the rows say goes to the service, which refuses an empty list, an unknown panel or a dwell out of range.
            var result = await Tokens.SetPlaylistAsync(token.Id, _playlistRows.Select(r => new DisplayPlaylistItem(r.Panel, r.DwellSeconds)).ToList());
            if (result.Error is { } error)
            {
                Snackbar.Add(error.Message, Severity.Error);
                return;
            }

            _playlistOpen = false;
            Snackbar.Add(L["Displays.PlaylistSaved", token.Name], Severity.Success);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private string PlaylistLabel(DisplayToken token)
    {
        if (token.Playlist is null)
        {
            return L["Displays.DefaultPlaylist", WallOptions.Value.EffectiveDefaultDwellSeconds];
        }

        var separator = (string)L["Wall.ListSeparator"];
        return string.Join(separator, DisplayPlaylist.Parse(token.Playlist).Select(i => $"{L[$"Wall.Panel.{i.Panel}"]} {i.DwellSeconds}s"));
    }

    /// <summary>The token's own wall, with its playlist, for an organiser to see what the screen shows.</summary>
    private static string PreviewLink(DisplayToken token) =>
        $"{DisplaySignIn.WallPathFor(LiveScope.TryParse(token.Scope, out var scope) ? scope : LiveScope.All).TrimStart('/')}?token={token.Id.ToString(CultureInfo.InvariantCulture)}";

    private bool IsActive(int tokenId) => _tokens.Any(t => t.Id == tokenId && t.IsActive);

    private async Task<IEnumerable<StationRow>> SearchStationsAsync(string? search, CancellationToken cancellationToken) =>
        (await Directory.SearchAsync(new StationQuery { Search = search, PageSize = 20 }, cancellationToken)).Items;

    private string ScopeLabel(string scope)
    {
        if (!LiveScope.TryParse(scope, out var live) || live == LiveScope.All)
        {
            return L["Displays.Scope.City"];
        }

        if (live.DistrictId is { } districtId)
        {
            return $"{L["Displays.Scope.District"]} · {DistrictLabel(districtId)}";
        }

        var stationId = live.StationId!.Value;
        return $"{L["Displays.Scope.Station"]} · {(_stationNames.TryGetValue(stationId, out var name) ? name : $"#{stationId}")}";
    }

    private static string DistrictName(DistrictOption district) => district.DisplayName();

    private string DistrictLabel(int? districtId) =>
        _districts.FirstOrDefault(d => d.Id == districtId) is { } district ? DistrictName(district) : string.Empty;

    private string Time(DateTime utc) => Clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
