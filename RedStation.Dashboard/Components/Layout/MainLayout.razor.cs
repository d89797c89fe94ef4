using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using MudBlazor;
using RedStation.Dashboard.Localization;
using RedStation.Dashboard.Security;

namespace RedStation.Dashboard.Components.Layout;

public partial class MainLayout : IAsyncDisposable
{
    private static readonly (string Culture, string LabelKey) Chinese = ("zh-CN", "Language.Chinese");
    private static readonly (string Culture, string LabelKey) English = ("en", "Language.English");

    /// <summary>The app's sections in menu order; those without a page yet have no address.</summary>
    private static readonly NavSection[] Sections =
    [
        new("Nav.Overview", Icons.Material.Filled.Dashboard, ""),
        new("Nav.Occupancy", Icons.Material.Filled.Groups, "occupancy"),
        new("Nav.DutyDesk", Icons.Material.Filled.HowToReg, "desk", SecurityPolicies.RunDesk),
        new("Nav.WallDisplay", Icons.Material.Filled.Tv, "admin/displays", SecurityPolicies.EditPlaylists),
        new("Nav.Analytics", Icons.Material.Filled.Insights, "analytics", SecurityPolicies.SeeAnalytics),
        new("Nav.Alerts", Icons.Material.Filled.NotificationsActive, "alerts", SecurityPolicies.SeeAlerts),
        new("Nav.Stations", Icons.Material.Filled.Place, "stations"),
        new("Nav.Manage", Icons.Material.Filled.EditNote, null, SecurityPolicies.ManageNetwork,
        [
            new("Nav.Manage.Setup", Icons.Material.Filled.Checklist, "setup"),
            new("Nav.Manage.Stations", Icons.Material.Filled.AddLocationAlt, "manage/stations"),
            new("Nav.Manage.Units", Icons.Material.Filled.Business, "manage/units"),
            new("Nav.Manage.Volunteers", Icons.Material.Filled.People, "manage/volunteers"),
            new("Nav.Manage.Import", Icons.Material.Filled.UploadFile, "manage/volunteers/import"),
            new("Nav.Manage.NetworkImport", Icons.Material.Filled.AccountTree, "manage/import"),
            new("Nav.Manage.Teams", Icons.Material.Filled.Groups3, "manage/teams"),
            new("Nav.Manage.ActivityTypes", Icons.Material.Filled.Category, "manage/activity-types"),
        ]),
        new("Nav.Admin", Icons.Material.Filled.AdminPanelSettings, null, null,
        [
            new("Nav.Admin.People", Icons.Material.Filled.ManageAccounts, "admin/people", SecurityPolicies.ManagePeople),
            new("Nav.Admin.Keys", Icons.Material.Filled.Key, "admin/keys", SecurityPolicies.ManageKeys),
            // The same page as the wall display entry; under Admin for those who also hand out the screens' access.
            new("Nav.Admin.Displays", Icons.Material.Filled.Tv, "admin/displays", SecurityPolicies.ManageDisplays),
            new("Nav.Admin.Baselines", Icons.Material.Filled.Timeline, "admin/baselines", SecurityPolicies.ManageBaselines),
            new("Nav.Admin.Audit", Icons.Material.Filled.History, "admin/audit", SecurityPolicies.SeeAudit),
            new("Nav.Admin.Backups", Icons.Material.Filled.Backup, "admin/backups", SecurityPolicies.ManageBackups),
        ]),
    ];

    /// <summary>The groups the viewer folded (all start open); by label key.</summary>
    private readonly HashSet<string> _collapsed = [];
    private bool _drawerOpen = true;
    private bool _darkMode;
    private string _path = string.Empty;
    private string _relativeUri = string.Empty;
    private IJSObjectReference? _module;

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required IBrowserViewportService Viewport { get; init; }

    /// <summary>The theme remembered in the cookie, read by <see cref="App"/> while prerendering.</summary>
    [CascadingParameter(Name = ThemePreference.CascadingName)]
    public bool InitialDarkMode { get; set; }

    /// <summary>The language the switch offers: the one the page is not in.</summary>
    private static (string Culture, string LabelKey) OtherLanguage =>
        Bilingual.IsChinese ? English : Chinese;

    protected override void OnInitialized()
    {
        _darkMode = InitialDarkMode;
        _path = PathOf(Navigation.Uri);
        _relativeUri = Navigation.ToBaseRelativePath(Navigation.Uri);
        Navigation.LocationChanged += OnLocationChanged;
    }

    /// <summary>The address without query or fragment, relative to the base, e.g. <c>manage/stations</c>.</summary>
    private string PathOf(string uri)
    {
        var relative = Navigation.ToBaseRelativePath(uri);
        var end = relative.IndexOfAny(['?', '#']);
        return (end < 0 ? relative : relative[..end]).TrimEnd('/');
    }

    /// <summary>NavLink's rule: <c>All</c> is the same address, <c>Prefix</c> also any address below it.</summary>
    private bool IsActive(string href, NavLinkMatch match) =>
        string.Equals(_path, href, StringComparison.OrdinalIgnoreCase)
        || (match == NavLinkMatch.Prefix && href.Length > 0
            && _path.StartsWith(href + "/", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Marks the current link and, as MudNavLink did, closes the drawer after a navigation when it overlays the page
    /// (a responsive drawer below its breakpoint).
    /// </summary>
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) =>
        _ = InvokeAsync(async () =>
        {
            try
            {
                var path = PathOf(e.Location);
                var relativeUri = Navigation.ToBaseRelativePath(e.Location);
                var changed = path != _path;
                var moved = changed || relativeUri != _relativeUri;
                (_path, _relativeUri) = (path, relativeUri);
                if (changed && _drawerOpen && await Viewport.GetCurrentBreakpointAsync() < Breakpoint.Md)
                {
                    _drawerOpen = false;
                }

                if (moved)
                {
                    StateHasChanged();
                }
            }
            catch (JSDisconnectedException)
            {
                // The page is going away.
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });

    private static string GroupId(NavSection section) => "nav-" + section.LabelKey.Replace('.', '-').ToLowerInvariant();

    private void ToggleGroup(string labelKey)
    {
        if (!_collapsed.Remove(labelKey))
        {
            _collapsed.Add(labelKey);
        }
    }

    private static string UserLabel(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(System.Security.Claims.ClaimTypes.GivenName)?.Value ?? user.Identity?.Name ?? string.Empty;

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleDarkModeAsync()
    {
        _darkMode = !_darkMode;
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Layout/MainLayout.razor.js");
        await _module.InvokeVoidAsync("rememberTheme", ThemePreference.CookieName, _darkMode ? ThemePreference.Dark : ThemePreference.Light);
    }

    public async ValueTask DisposeAsync()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// A menu entry: shown only to whom <paramref name="Policy"/> allows, when set: the policy its page is authorized by,
    /// asked through <see cref="SecurityPolicies.Allows"/> (the pages check again on the server). A group is shown when
    /// one of its entries is.
    /// </summary>
    private sealed record NavSection(string LabelKey, string Icon, string? Href, string? Policy = null, NavSection[]? Children = null)
    {
        public bool IsVisibleTo(System.Security.Claims.ClaimsPrincipal user) =>
            (Policy is null || SecurityPolicies.Allows(user, Policy)) && (Children is null || Children.Any(c => c.IsVisibleTo(user)));
    }
}
