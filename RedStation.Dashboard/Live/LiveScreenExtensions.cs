namespace RedStation.Dashboard.Live;

public static class LiveScreenExtensions
{
    /// <summary>Options of the live screens (the <c>Live</c> section); the feed itself is registered with the data layer.</summary>
    public static IServiceCollection AddLiveScreens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveScreenOptions>().Bind(configuration.GetSection(LiveScreenOptions.SectionName));
        services.AddOptions<Features.WallDisplay.WallDisplayOptions>().Bind(configuration.GetSection(Features.WallDisplay.WallDisplayOptions.SectionName));
        return services;
    }
}
