namespace RedStation.Dashboard.Components.Layout;

/// <summary>The light/dark choice, remembered in a cookie that the layout's JS module writes.</summary>
internal static class ThemePreference
{
    public const string CookieName = "RedStation.Theme";
    public const string CascadingName = "InitialDarkMode";
    public const string Dark = "dark";
    public const string Light = "light";

    public static bool IsDark(HttpContext? context) =>
        context?.Request.Cookies[CookieName] == Dark;
}
