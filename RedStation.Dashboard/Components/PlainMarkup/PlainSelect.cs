namespace RedStation.Dashboard.Components;

/// <summary>
/// <c>MudSelect</c>'s classes with <c>Variant.Outlined</c> and <c>Margin.Dense</c> around a native select (the Overview's
/// district picker): the control, its input container, the input, the outlined border and the label.
/// </summary>
internal static class PlainSelect
{
    public const string Control = "mud-input-control mud-input-control-margin-dense mud-select";

    public const string InputContainer = "mud-input-control-input-container";

    /// <summary>The input, its label shrunk above it (a value is always shown).</summary>
    public const string Input = "mud-input mud-input-outlined mud-shrink mud-input-margin-dense";

    /// <summary>
    /// Added to <see cref="Input"/> by the picker for its width (MudBlazor's <c>.mud-input.mud-input-full-width</c>); MudSelect
    /// 9 no longer puts it on its input, so it is the one class here that <c>PlainMarkupTests</c> does not compare.
    /// </summary>
    public const string FullWidth = "mud-input-full-width";

    public const string Border = "mud-input-outlined-border";

    public const string Label = "mud-input-label mud-input-label-animated mud-input-label-outlined mud-input-label-margin-dense mud-input-label-inputcontrol";
}
