namespace RedStation.Dashboard.Components;

/// <summary><c>MudButton</c>'s classes: a button or link around a label span, with an optional start icon.</summary>
internal static class PlainButton
{
    /// <summary><c>Variant.Text</c>, <c>Color.Inherit</c>, medium (the app bar's language switch).</summary>
    public const string TextInherit = "mud-button-root mud-button mud-button-text mud-button-text-inherit mud-button-text-size-medium mud-ripple";

    /// <summary><c>Variant.Filled</c>, <c>Color.Primary</c>, medium.</summary>
    public const string FilledPrimary = "mud-button-root mud-button mud-button-filled mud-button-filled-primary mud-button-filled-size-medium mud-ripple";

    /// <summary>The span around the content.</summary>
    public const string Label = "mud-button-label";

    /// <summary>The span around a <c>StartIcon</c> of a medium button.</summary>
    public const string StartIcon = "mud-button-icon-start mud-button-icon-size-medium";
}
