using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using RedStation.Dashboard.Components.Map;
using RedStation.Dashboard.Live;
using RedStation.Dashboard.Localization;
using RedStation.Data;
using RedStation.Data.Geography;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Components;

/// <summary>
/// The one bUnit base class: MudBlazor services, the dashboard's localization, loose JS interop (MudBlazor
/// calls into JS for layout details that do not matter here) and a real migrated SQLite database holding
/// <see cref="StationGridNetwork"/>, with the live feed built over it.
/// </summary>
public abstract class DashboardTestContext : BunitContext, IAsyncLifetime
{
    /// <summary>
    /// How long a WaitFor waits for a render (bUnit's default is 1 s, a latency budget in disguise: on a busy CI machine
    /// a database write behind a tap takes longer). A bound on a render that never comes, not a measure of speed.
    /// </summary>
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    protected TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DefaultWaitTimeout = WaitTimeout;
        Database = await TestDatabase.CreateFromTemplateAsync(
            "station-grid", database => StationGridNetwork.InsertAsync(database.Get<IDbContextFactory<RedStationDbContext>>()));

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.PopoverOptions.CheckForPopoverProvider = false;
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Services.AddLocalization();
        Services.AddTransient<MudLocalizer, DashboardMudLocalizer>();
        Services.AddSingleton(Database.Get<StationDirectory>());
        Services.AddSingleton(Database.Get<RedStation.Data.Alerts.AlertService>());
        Services.AddSingleton(Database.Get<RedStation.Data.Alerts.Notifications.ContactPointService>());
        Services.AddSingleton(Database.Get<RedStation.Data.Alerts.Notifications.AlertNotifier>());

        // The live screens: the data layer's feed, built over the same database, and its clock.
        await Database.Get<LiveFeed>().RebuildAsync(Database.Get<DomainWriter>());
        Services.AddSingleton(Database.Get<LiveFeed>());
        Services.AddSingleton(Database.Get<CityClock>());
        Services.AddSingleton(Database.Get<KpiTrends>());
        Services.AddSingleton(Database.Get<TimeProvider>());
        Services.AddOptions<LiveScreenOptions>();
        // No public address configured, as in Development: links are built on the page's own address.
        Services.AddOptions<RedStation.Dashboard.Infrastructure.PublicLinkOptions>();
        Services.AddSingleton<RedStation.Dashboard.Infrastructure.PublicLinks>();
        Services.AddSingleton(SharedCityMap.Value);
    }

    /// <summary>The dashboard's screens run as interactive server components; a test of a prerender sets its own.</summary>
    protected void UseInteractiveRenderer() => SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

    /// <summary>The city's projected map, built once for the whole test run as the app builds it once per process.</summary>
    internal static readonly Lazy<CityMap> SharedCityMap = new(() => new CityMap(CityBoundaries.FromFile(CityBoundaries.DefaultPath)));

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>
    /// The culture of the test's execution context, as the request localization middleware sets it for a circuit.
    /// It flows into the renderer's async continuations with the execution context.
    /// </summary>
    protected static void UseCulture(string name)
    {
        var culture = CultureInfo.GetCultureInfo(name);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }
}
