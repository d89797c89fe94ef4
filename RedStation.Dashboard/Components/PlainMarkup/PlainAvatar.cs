using MudBlazor;

namespace RedStation.Dashboard.Components;

/// <summary><c>MudAvatar</c>'s classes (the Overview's tile icons).</summary>
internal static class PlainAvatar
{
    /// <summary>A small <c>Variant.Outlined</c> avatar of that colour, elevation 0.</summary>
    public static string SmallOutlined(Color color) =>
        $"mud-avatar mud-avatar-small mud-avatar-outlined mud-avatar-outlined-{PlainMarkup.ColorName(color)} mud-elevation-0";
}
