using MudBlazor;

namespace RedStation.Dashboard.Components.Layout;

/// <summary>The party red of the Red Stations, in light and dark.</summary>
internal static class RedStationTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#C62828",
            Secondary = "#F9A825",
            AppbarBackground = "#B71C1C",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#EF5350",
            Secondary = "#FFCA28",
            AppbarBackground = "#3A0D0D",
        },
    };
}
