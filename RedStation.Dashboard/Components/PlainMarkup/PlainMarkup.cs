using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace RedStation.Dashboard.Components;

/// <summary>
/// MudBlazor's look without its components, for live screens that many circuits hold open: a component costs a circuit
/// two render-tree buffers and its parameter state (kilobytes each), a piece of markup one frame. Only for what is
/// static (an icon, a caption); anything interactive stays a MudBlazor component.
/// <para>
/// Every MudBlazor class written by hand lives in this folder, one piece per component imitated (this one: <c>MudIcon</c>;
/// <see cref="PlainIconButton"/>, <see cref="PlainButton"/>, <see cref="PlainChip"/>, <see cref="PlainPaper"/>,
/// <see cref="PlainAvatar"/>, <see cref="PlainBadge"/>, <see cref="PlainSelect"/>, <see cref="PlainNav"/>,
/// <see cref="PlainText"/>), and <c>PlainMarkupTests</c> renders the real component beside each: a MudBlazor upgrade
/// that renames a class fails a test, not a wall screen.
/// </para>
/// </summary>
internal static class PlainMarkup
{
    private static readonly ConcurrentDictionary<(string Icon, Color Color, Size Size, string? Class), MarkupString> Icons = new();

    /// <summary>The SVG that <c>&lt;MudIcon Icon Color Size Class /&gt;</c> renders, made once per icon, colour and size.</summary>
    public static MarkupString Icon(string icon, Color color = Color.Inherit, Size size = Size.Medium, string? cssClass = null) =>
        Icons.GetOrAdd((icon, color, size, cssClass), key =>
        {
            var colour = key.Color switch
            {
                Color.Inherit => string.Empty,
                Color.Default => " mud-icon-default",
                _ => $" mud-{key.Color.ToString().ToLowerInvariant()}-text",
            };
            var extra = key.Class is null ? string.Empty : " " + key.Class;
            return new MarkupString(
                $"<svg class=\"mud-icon-root{colour} mud-svg-icon mud-icon-size-{key.Size.ToString().ToLowerInvariant()}{extra}\" " +
                $"focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{key.Icon}</svg>");
        });

    /// <summary>MudBlazor's CSS name of a colour, e.g. <c>success</c>.</summary>
    public static string ColorName(Color color) => color.ToString().ToLowerInvariant();
}
