using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RedStation.Dashboard.Localization;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.DutyDesk;

/// <summary>
/// One section of the duty desk. Every write goes through <see cref="WriteAsync{T}"/>: one write at a time
/// (the buttons are disabled while it is in flight, so a double tap cannot send two), and every answer as a
/// snackbar — the success, or the domain's own message in the user's language.
/// </summary>
public abstract class DeskPanelBase : ComponentBase
{
    private object? _loadedVersion;

    [Inject] public required ISnackbar Snackbar { get; init; }

    /// <summary>The base's own strings; the panels' markup has <c>L</c> from the feature's imports.</summary>
    [Inject] public required IStringLocalizer<SharedResource> Strings { get; init; }

    [Inject] public required CityClock Clock { get; init; }

    [Inject] public required ILogger<DeskPanelBase> Logger { get; init; }

    /// <summary>The station the desk runs, live; the page shows a panel only where the user may write.</summary>
    [Parameter, EditorRequired] public required StationLive Station { get; set; }

    /// <summary>True while a write is in flight: every write button of the panel is disabled.</summary>
    protected bool Busy { get; private set; }

    protected static CultureInfo Culture => CultureInfo.CurrentCulture;

    protected string LocalTime(DateTime utc) => Clock.ToLocal(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    protected override async Task OnParametersSetAsync()
    {
        // The lists are read from the database again only when something happened at this station:
        // the live entry's counters move with every event here, whoever wrote it.
        var version = (Station.StationId, Station.LastEventAt, Station.Today, Station.OpenWishes, Station.ClaimedWishes, Station.OpenCases, Station.OnDuty.Count);
        if (!Equals(version, _loadedVersion))
        {
            _loadedVersion = version;
            await LoadAsync();
        }
    }

    /// <summary>Reads the panel's lists; called when the panel appears and after each change at the station.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Runs one write; returns its value, or default after showing why it was refused.</summary>
    protected async Task<T?> WriteAsync<T>(Func<Task<Result<T>>> write, Func<T, string> success)
    {
        if (Busy)
        {
            return default;
        }

        Busy = true;
        try
        {
            var result = await write();
            if (result.Error is { } error)
            {
                Snackbar.Add(error.Message, Severity.Error);
                return default;
            }

            Snackbar.Add(success(result.Value!), Severity.Success);
            await LoadAsync();
            return result.Value;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A refusal is a Result; an exception is the database failing. Nothing was written.
            Logger.LogError(ex, "A duty-desk write at station {StationId} failed.", Station.StationId);
            Snackbar.Add(Strings["Desk.WriteFailed"], Severity.Error);
            return default;
        }
        finally
        {
            Busy = false;
        }
    }
}
