using MudBlazor;

namespace RedStation.Dashboard.Features.WallDisplay;

/// <summary>
/// The wall's theme: the app's dark palette on a deeper, near-black background, so that the red of the
/// programme and the bands of the occupancy board carry across a hall, and a screen left on all day glows less.
/// </summary>
internal static class WallTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteDark = new PaletteDark
        {
            Primary = "#EF5350",
            Secondary = "#FFB300",
            Tertiary = "#4FC3F7",
            Info = "#4FC3F7",
            Success = "#66BB6A",
            Warning = "#FFA726",
            Error = "#FF5252",
            Background = "#0B0E14",
            Surface = "#141A24",
            AppbarBackground = "#0B0E14",
            TextPrimary = "rgba(255,255,255,0.92)",
            TextSecondary = "rgba(255,255,255,0.66)",
            LinesDefault = "rgba(255,255,255,0.14)",
            DrawerBackground = "#0B0E14",
        },
    };
}
