using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

/// <summary>
/// Volunteer import: upload, a preview with every row's problems, then one all-or-nothing write when confirmed.
/// Reading, validation and writing report their progress; the page redraws at most every 100 ms.
/// </summary>
public partial class VolunteerImportPage : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private ImportPreview? _preview;
    private ImportProgress? _progress;
    private ImportOutcome? _outcome;
    private string? _error;
    private bool _busy;
    private bool _onlyErrors;

    [Inject]
    public required VolunteerImportService Import { get; init; }

    private IEnumerable<ImportRow> ShownRows => _preview is null ? [] : _onlyErrors ? _preview.Rows.Where(r => !r.IsValid) : _preview.Rows;

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
            var result = await Import.ReadAsync(stream, file.Name, new PageProgress(this), _cancellation.Token);
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
    private sealed class PageProgress(VolunteerImportPage page) : IProgress<ImportProgress>
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
