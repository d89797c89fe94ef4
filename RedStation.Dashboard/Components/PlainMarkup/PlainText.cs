namespace RedStation.Dashboard.Components;

/// <summary><c>MudText</c>'s classes for a typography (<c>mud-typography mud-typography-h6</c>).</summary>
internal static class PlainText
{
    public const string H6 = "mud-typography mud-typography-h6";

    public const string Body2 = "mud-typography mud-typography-body2";

    public const string Caption = "mud-typography mud-typography-caption";
}
