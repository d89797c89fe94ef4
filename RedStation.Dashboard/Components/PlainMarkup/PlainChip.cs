using MudBlazor;

namespace RedStation.Dashboard.Components;

/// <summary><c>MudChip</c>'s classes (the live indicator): a container, the chip, its icon and its content span.</summary>
internal static class PlainChip
{
    public const string Container = "mud-chip-container";

    /// <summary>The chip's icon (an SVG of <see cref="PlainMarkup.Icon"/> with <c>Size.Small</c>).</summary>
    public const string Icon = "mud-chip-icon";

    public const string Content = "mud-chip-content";

    /// <summary>A small <c>Variant.Text</c> chip of that colour.</summary>
    public static string SmallText(Color color) => $"mud-chip mud-chip-text mud-chip-size-small mud-chip-color-{PlainMarkup.ColorName(color)}";
}
