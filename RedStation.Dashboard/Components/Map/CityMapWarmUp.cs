using System.Diagnostics;

namespace RedStation.Dashboard.Components.Map;

/// <summary>
/// Builds the <see cref="CityMap"/> (read, project, simplify: a fraction of a second, seconds on a busy machine)
/// right after start-up, off the request path, so that the first Overview does not wait for it. A missing
/// boundary file then stops the app at start with the loader's message, rather than failing a page later.
/// </summary>
internal sealed class CityMapWarmUp(IServiceProvider services, ILogger<CityMapWarmUp> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var stopwatch = Stopwatch.StartNew();
        var map = services.GetRequiredService<CityMap>();
        logger.LogInformation("Built the city map: {Areas} areas, {Points} points, in {Milliseconds} ms.",
            map.Areas.Count, map.PointCount, stopwatch.ElapsedMilliseconds);
    }, stoppingToken);
}
