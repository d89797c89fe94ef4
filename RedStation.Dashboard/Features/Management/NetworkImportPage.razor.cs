using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

/// <summary>
/// Network import (districts, communities, stations — one sheet at a time, chosen on the page): upload, a preview
/// with every row's problems and whether it creates or updates, then one write when confirmed, all rows or the valid
/// ones only. Reading, validation and writing report their progress; the page redraws at most every 100 ms.
/// </summary>
public partial class NetworkImportPage : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private NetworkImportPreview? _preview;
    private NetworkSheet _sheet;
    private ImportProgress? _progress;
    private NetworkImportOutcome? _outcome;
    private string? _error;
    private bool _busy;
    private bool _onlyErrors;

    [Inject]
    public required NetworkImportService Import { get; init; }

    /// <summary>The sheet the page opens on (<c>?sheet=units</c>), as a link from the setup or units page names it.</summary>
    [SupplyParameterFromQuery(Name = "sheet")]
    public string? InitialSheet { get; set; }

    protected override void OnInitialized()
    {
        if (Enum.TryParse<NetworkSheet>(InitialSheet, ignoreCase: true, out var sheet) && Enum.IsDefined(sheet))
        {
            _sheet = sheet;
        }
    }

    private IEnumerable<NetworkImportRow> ShownRows => _preview is null ? [] : _onlyErrors ? _preview.Rows.Where(r => !r.IsValid) : _preview.Rows;

    private async Task OnFileChosenAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        Reset();
        _busy = true;
        try
        {
            // The service stops reading past its size limit, whatever the browser sends.
            await using var stream = file.OpenReadStream(maxAllowedSize: long.MaxValue, _cancellation.Token);
            var result = await Import.ReadAsync(stream, file.Name, _sheet, new PageProgress(this), _cancellation.Token, file.Size);
            _error = result.Error?.Message;
            _preview = result.Value;
            _onlyErrors = _preview?.InvalidCount > 0;
        }
        finally
        {
            _busy = false;
            _progress = null;
        }
    }

    private async Task ImportAsync(bool skipInvalid)
    {
        if (_preview is null)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            var result = await Import.ImportAsync(_preview, skipInvalid, new PageProgress(this), _cancellation.Token);
            _error = result.Error?.Message;
            _outcome = result.Value;
        }
        finally
        {
            _busy = false;
            _progress = null;
        }
    }

    private void OnSheetChanged(NetworkSheet sheet)
    {
        _sheet = sheet;
        Reset();
    }

    private void Reset()
    {
        (_preview, _outcome, _error, _progress) = (null, null, null, null);
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Progress from the service (on any thread, the writer's included): kept, and drawn at most every 100 ms.</summary>
    private sealed class PageProgress(NetworkImportPage page) : IProgress<ImportProgress>
    {
        private long _lastDrawn;

        public void Report(ImportProgress value)
        {
            page._progress = value;
            var now = Environment.TickCount64;
            if (now - Interlocked.Read(ref _lastDrawn) < 100 && value.Done < value.Total)
            {
                return;
            }

            Interlocked.Exchange(ref _lastDrawn, now);
            _ = page.InvokeAsync(page.StateHasChanged);
        }
    }
}
