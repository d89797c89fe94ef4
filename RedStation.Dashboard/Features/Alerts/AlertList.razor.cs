using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Data.Alerts;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Alerts;

public partial class AlertList
{
    private bool _busy;

    [Inject] public required AlertService AlertService { get; init; }

    [Inject] public required CityClock Clock { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required ILogger<AlertList> Logger { get; init; }

    [Parameter, EditorRequired] public required IReadOnlyList<AlertLive> Alerts { get; set; }

    /// <summary>The name of a station, from the live state the page already holds.</summary>
    [Parameter, EditorRequired] public required Func<int, string> StationName { get; set; }

    /// <summary>Whether the viewer may acknowledge this alert (the page knows the viewer's role and stations).</summary>
    [Parameter] public Func<AlertLive, bool> CanAcknowledge { get; set; } = _ => false;

    /// <summary>Show which station each alert is at; a page about one station leaves it out.</summary>
    [Parameter] public bool ShowStation { get; set; } = true;

    private async Task AcknowledgeAsync(AlertLive alert)
    {
        if (_busy || !CanAcknowledge(alert))
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await AlertService.AcknowledgeAsync(alert.AlertId);
            Snackbar.Add(result.Error?.Message ?? L["Alert.Acknowledged"], result.Succeeded ? Severity.Success : Severity.Error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Acknowledging alert {AlertId} failed.", alert.AlertId);
            Snackbar.Add(L["Desk.WriteFailed"], Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
