namespace RedStation.Screenshots;

/// <summary>What the command was asked for: where the PNGs go, and an already running app to shoot instead of a fresh one.</summary>
public static class ScreenshotOptions
{
    /// <summary>The output folder (by default <c>docs/screenshots</c> of the checkout the command runs in).</summary>
    public static string Folder { get; set; } = Path.GetFullPath(Path.Combine("docs", "screenshots"));

    /// <summary>A running app's address (<c>--url</c>); null to start a fresh one with the demo network.</summary>
    public static string? Url { get; set; }

    /// <summary>The output folder, created if missing.</summary>
    public static string CreateFolder()
    {
        Directory.CreateDirectory(Folder);
        return Folder;
    }
}
