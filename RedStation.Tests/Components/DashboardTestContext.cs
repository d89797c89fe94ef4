using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using RedStation.Dashboard.Localization;
using RedStation.Data;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Components;

/// <summary>
/// The one bUnit base class: MudBlazor services, the dashboard's localization, loose JS interop (MudBlazor
/// calls into JS for layout details that do not matter here) and a real migrated SQLite database holding
/// <see cref="StationGridNetwork"/>.
/// </summary>
public abstract class DashboardTestContext : BunitContext, IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await StationGridNetwork.InsertAsync(Database.Get<IDbContextFactory<RedStationDbContext>>());

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
    }

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
