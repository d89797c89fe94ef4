namespace RedStation.Dashboard.Components;

/// <summary><c>MudIconButton</c>'s classes (the app bar's buttons and the alert badge's link): a button or link around a label span.</summary>
internal static class PlainIconButton
{
    /// <summary>The button of <c>Color.Inherit</c>.</summary>
    public const string Inherit = "mud-button-root mud-icon-button mud-inherit-text hover:mud-inherit-hover mud-ripple mud-ripple-icon";

    /// <summary>Added for <c>Edge.Start</c> (the drawer's toggle).</summary>
    public const string EdgeStart = "mud-icon-button-edge-start";

    /// <summary>The span around the icon.</summary>
    public const string Label = "mud-icon-button-label";
}
