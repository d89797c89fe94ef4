using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RedStation.Data.Alerts;
using RedStation.Data.Alerts.Notifications;
using RedStation.Data.Auditing;
using RedStation.Data.Entities;
using RedStation.Data.Geography;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Seeding;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Data;

public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "RedStation";

    /// <summary>
    /// Registers the database, the city clock and the domain services.
    /// </summary>
    /// <param name="dataFolder">Where the SQLite file goes when no connection string is configured (see <see cref="DatabaseServiceCollectionExtensions"/>).</param>
    public static IServiceCollection AddRedStationData(this IServiceCollection services, IConfiguration configuration, string dataFolder)
    {
        services.AddOptions<RedStationOptions>().Bind(configuration.GetSection(RedStationOptions.SectionName));
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.SectionName));
        services.AddLocalization();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CityClock>();

        services.AddRedStationDatabase(configuration, dataFolder);

        services.AddSingleton<DomainErrors>();
        services.AddSingleton<LiveServer>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<ILiveEventSink>(provider => provider.GetRequiredService<LiveFeed>());
        services.AddSingleton<KpiTrends>();
        services.AddSingleton<DomainWriter>();
        services.AddHostedService<LiveFeedService>();
        services.AddSingleton<DutyService>();
        services.AddSingleton<SelfCheckInService>();
        services.AddSingleton<AutoCheckOutService>();
        services.AddHostedService<AutoCheckOutHostedService>();
        services.AddSingleton<OccupancyService>();
        services.AddSingleton<ActivityService>();
        services.AddSingleton<WishService>();
        services.AddSingleton<MediationService>();
        services.AddSingleton<StationDirectory>();
        services.AddSingleton<VolunteerDirectory>();
        services.AddSingleton<Analytics.AnalyticsService>();
        services.AddSingleton<Analytics.SummaryRebuilder>();
        services.AddSingleton<Analytics.SessionLedger>();
        services.AddHostedService<Analytics.SessionLedgerPreload>();
        services.AddSingleton<DeskDirectory>();
        services.AddSingleton<HighlightsDirectory>();
        services.AddSingleton<PublicFiguresDirectory>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<IntegrationKeyService>();
        services.AddSingleton<BaselineService>();
        services.AddSingleton<DisplayTokenService>();
        services.AddSingleton<SignInLockoutService>();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName));
        services.AddSingleton<AlertService>();
        services.AddSingleton<AlertLog>();
        services.AddHostedService<AlertMonitor>();
        services.AddAlertNotifications(configuration);
        services.AddSingleton<StationAdminService>();
        services.AddSingleton<UnitService>();
        services.AddSingleton<VolunteerAdminService>();
        services.AddSingleton<CatalogService>();
        services.AddSingleton<VolunteerImportService>();
        services.AddSingleton<NetworkImportService>();
        services.AddStaffManagement();

        // The boundary file is read on first use: by the demo seeder (stations inside their district) and the map.
        services.AddSingleton(_ => CityBoundaries.FromFile(CityBoundaries.DefaultPath));
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }

    /// <summary>
    /// Contact points and the messages sent to them: the HTTP client (with its timeout), the notifier and its background
    /// loop. The alerts page link and the silences have answers of their own here; the Dashboard registers its link builder.
    /// </summary>
    private static IServiceCollection AddAlertNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.SectionName));
        // The notifier applies NotificationOptions.Timeout per attempt; HttpClient's own timeout is only a backstop.
        services.AddHttpClient(NotificationOptions.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(2))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.TryAddSingleton<IAlertSilences, LiveAlertSilences>();
        services.TryAddSingleton<IAlertLinks, NoAlertLinks>();
        services.AddSingleton<ContactPointService>();
        services.AddSingleton<AlertMessages>();
        services.AddSingleton<AlertNotifier>();
        services.AddHostedService<AlertNotificationService>();
        return services;
    }

    /// <summary>
    /// The people service and the audit reader. The password hasher and the name normalizer are Identity's own,
    /// registered here as singletons (the Dashboard's Identity then keeps them), so that the singleton
    /// <see cref="StaffService"/> never holds a scoped service; the password rules are <see cref="StaffIdentityPolicy"/>.
    /// </summary>
    private static IServiceCollection AddStaffManagement(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<StaffUser>, PasswordHasher<StaffUser>>();
        services.AddSingleton<ILookupNormalizer, UpperInvariantLookupNormalizer>();
        services.AddOptions<IdentityOptions>().Configure(StaffIdentityPolicy.Configure);
        services.AddSingleton<StaffService>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<SetupDirectory>();
        services.AddSingleton<AuditLog>();
        return services;
    }
}
