namespace RedStation.Dashboard.Components;

/// <summary><c>MudPaper</c>'s classes (the Overview's tiles).</summary>
internal static class PlainPaper
{
    /// <summary>An <c>Outlined</c> paper.</summary>
    public const string Outlined = "mud-paper mud-paper-outlined";
}
