namespace RedStation.Dashboard.Components;

/// <summary><c>MudNavMenu</c>'s, <c>MudNavLink</c>'s and <c>MudNavGroup</c>'s classes (the drawer).</summary>
internal static class PlainNav
{
    public const string Menu = "mud-navmenu mud-navmenu-default mud-navmenu-margin-none";

    /// <summary>The element around a link.</summary>
    public const string Item = "mud-nav-item";

    public const string Link = "mud-nav-link mud-ripple";

    /// <summary>The link of the page shown (NavLink adds <c>active</c>).</summary>
    public const string LinkActive = "mud-nav-link mud-ripple active";

    public const string LinkDisabled = "mud-nav-link mud-nav-link-disabled";

    /// <summary>A link's or a group's icon, default colour.</summary>
    public const string Icon = "mud-nav-link-icon mud-nav-link-icon-default";

    public const string Text = "mud-nav-link-text";

    public const string Group = "mud-nav-group";

    /// <summary>A group's button; <see cref="Expanded"/> is added while it is open.</summary>
    public const string GroupButton = "mud-nav-link mud-ripple";

    public const string Expanded = "mud-expanded";

    /// <summary>The group's arrow; <see cref="ExpandIconOpen"/> while it is open.</summary>
    public const string ExpandIcon = "mud-nav-link-expand-icon";

    public const string ExpandIconOpen = "mud-nav-link-expand-icon mud-transform";

    /// <summary>The group's collapse; <see cref="CollapseEntered"/> is added while it is open.</summary>
    public const string Collapse = "mud-collapse-container mud-navgroup-collapse";

    public const string CollapseEntered = "mud-collapse-entered";

    public const string CollapseWrapper = "mud-collapse-wrapper";

    public const string CollapseWrapperInner = "mud-collapse-wrapper-inner";
}
