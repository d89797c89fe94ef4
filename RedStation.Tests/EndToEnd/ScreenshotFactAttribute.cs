namespace RedStation.Tests.EndToEnd;

/// <summary>
/// A test that only runs on request: it writes the documentation screenshots rather than checking behaviour.
/// Run it with <c>REDSTATION_SCREENSHOTS=docs/screenshots dotnet test RedStation.Tests --filter Category=Screenshots</c>;
/// set <c>REDSTATION_SCREENSHOTS_URL</c> to shoot an already running app instead of a freshly seeded one.
/// </summary>
public sealed class ScreenshotFactAttribute : FactAttribute
{
    public const string FolderVariable = "REDSTATION_SCREENSHOTS";
    public const string UrlVariable = "REDSTATION_SCREENSHOTS_URL";

    public ScreenshotFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(FolderVariable)))
        {
            Skip = $"Takes documentation screenshots; set {FolderVariable} to the output folder to run it.";
        }
    }
}
