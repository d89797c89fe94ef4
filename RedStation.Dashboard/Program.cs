using RedStation.Dashboard.Api;
using RedStation.Dashboard.Components;
using RedStation.Dashboard.Features.Analytics;
using RedStation.Dashboard.Features.Admin;
using RedStation.Dashboard.Features.Management;
using RedStation.Dashboard.Features.SelfCheckIn;
using RedStation.Dashboard.Infrastructure;
using RedStation.Dashboard.Live;
using RedStation.Dashboard.Security;
using RedStation.Data;
using RedStation.Data.Persistence;

// `restore <backup-file>` replaces the SQLite database and exits; anything else starts the app.
if (args is ["restore", ..])
{
    return RestoreCommand.Run(args[1..]);
}

return await StartupGuard.RunAsync(async context =>
{
    // Without ICU the pinyin initials would be wrong without a word: say so and stop, before anything else.
    StartupGuard.CheckPinyinCollation();
    var builder = WebApplication.CreateBuilder(args);
    context.DatabaseFile = DatabaseServiceCollectionExtensions.SqliteFilePath(builder.Configuration, DataFolder(builder.Environment));
    // A taken port is found before the database is migrated and seeded (minutes for the demo seed), not after.
    StartupGuard.CheckAddresses(builder.Configuration);

    builder.Services.AddRedStationData(builder.Configuration, DataFolder(builder.Environment));
    builder.Services.AddDashboardUi();
    builder.Services.AddPublicLinks(builder.Configuration);
    builder.Services.AddDashboardHealthChecks();
    builder.Services.AddLiveUpdates();
    builder.Services.AddRedisLiveRelay(builder.Configuration);
    builder.Services.AddDatabaseBackups(builder.Configuration);
    builder.Services.AddLiveScreens(builder.Configuration);
    builder.Services.AddIntegrationApi();
    builder.Services.AddDashboardSecurity(builder.Configuration);
    builder.Services.AddSelfCheckIn(builder.Configuration);
    builder.Services.AddAnalytics();
    builder.Services.AddHostingHardening(builder.Configuration, builder.Environment);

    var app = builder.Build();
    context.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RedStation.Startup");
    // The settings validated at start (ValidateOnStart) are checked before the database is migrated and seeded.
    app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();

    await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    await app.InitializeSecurityAsync();

    app.UseTrustedForwardedHeaders();

    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/error", createScopeForErrors: true);
    }

    app.UseDashboardLocalization();
    app.UseDashboardSecurity();
    app.UseAntiforgery();
    app.MapStaticAssets().AllowAnonymous();
    app.MapDashboardEndpoints();
    app.MapAccountEndpoints();
    app.MapDisplayEndpoints();
    app.MapManagementEndpoints();
    app.MapIntegrationApi();
    app.MapAnalyticsExports();
    app.MapLiveHub();
    app.MapBackupEndpoints();
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

    await app.RunAsync();
});

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program
{
    /// <summary>Where the SQLite file goes when no connection string names one.</summary>
    internal static string DataFolder(IHostEnvironment environment) => Path.Combine(environment.ContentRootPath, "App_Data");
}
