namespace RedStation.Dashboard.Components;

/// <summary><c>MudBadge</c>'s classes (the app bar's alert count): a root around the content, a wrapper, the badge.</summary>
internal static class PlainBadge
{
    public const string Root = "mud-badge-root";

    /// <summary>The wrapper of a badge at the top right (<c>Origin.TopRight</c>).</summary>
    public const string Wrapper = "mud-badge-wrapper mud-badge-top right";

    /// <summary>A <c>Bordered</c>, <c>Overlap</c> badge of <c>Color.Error</c> at the top right, elevation 0.</summary>
    public const string BorderedOverlapError = "mud-badge mud-badge-bordered mud-badge-top right mud-elevation-0 mud-theme-error mud-badge-overlap";
}
