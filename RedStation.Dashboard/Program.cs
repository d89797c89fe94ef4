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

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRedStationData(builder.Configuration, Path.Combine(builder.Environment.ContentRootPath, "App_Data"));
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

app.Run();

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
