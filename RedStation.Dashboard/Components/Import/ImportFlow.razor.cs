using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Components.Import;

/// <summary>
/// The one import flow of the Management pages (volunteers, the network's sheets, a workbook of sheets): choose a file,
/// read and check it through the page's service with its progress shown, preview every row with its problems (one grid
/// per sheet), then write it when confirmed — all rows, or the valid ones only when asked — and show the outcome.
/// Progress arrives on any thread (the writer's included) and is drawn at most every 100 ms. What differs per page is
/// given as parameters: how to read and write, how a preview becomes grids, and how an outcome reads.
/// </summary>
public partial class ImportFlow<TPreview, TOutcome> : IDisposable
    where TPreview : class
    where TOutcome : class
{
    private readonly CancellationTokenSource _cancellation = new();
    private TPreview? _preview;
    private IReadOnlyList<ImportGrid> _grids = [];
    private ImportProgress? _progress;
    private TOutcome? _outcome;
    private string? _error;
    private bool _busy;
    private bool _onlyErrors;

    /// <summary>Reads and checks the chosen file; writes nothing.</summary>
    [Parameter, EditorRequired]
    public required Func<ImportUpload, IProgress<ImportProgress>, CancellationToken, Task<Result<TPreview>>> Read { get; set; }

    /// <summary>Writes a preview; the flag says to write its valid rows only.</summary>
    [Parameter, EditorRequired]
    public required Func<TPreview, bool, IProgress<ImportProgress>, CancellationToken, Task<Result<TOutcome>>> Write { get; set; }

    /// <summary>The preview as grids to draw, one per sheet.</summary>
    [Parameter, EditorRequired]
    public required Func<TPreview, IReadOnlyList<ImportGrid>> Grids { get; set; }

    /// <summary>The name of the file a preview was read from.</summary>
    [Parameter, EditorRequired]
    public required Func<TPreview, string> FileName { get; set; }

    /// <summary>The confirm button's text for so many valid rows.</summary>
    [Parameter, EditorRequired]
    public required Func<int, string> ConfirmText { get; set; }

    /// <summary>What the success message says about an outcome.</summary>
    [Parameter, EditorRequired]
    public required RenderFragment<TOutcome> Outcome { get; set; }

    /// <summary>Shown under the success message (the initial passwords' download, once).</summary>
    [Parameter]
    public RenderFragment<TOutcome>? AfterOutcome { get; set; }

    /// <summary>The page's own text and choices above the file chooser; the context says whether an import is running.</summary>
    [Parameter]
    public RenderFragment<bool>? ChildContent { get; set; }

    [Parameter]
    public string Accept { get; set; } = ".csv,.xlsx";

    private IEnumerable<ImportGridRow> ShownRows(ImportGrid grid) => _onlyErrors ? grid.Rows.Where(r => !r.IsValid) : grid.Rows;

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
            var result = await Read(new ImportUpload(stream, file.Name, file.Size), new FlowProgress(this), _cancellation.Token);
            _error = result.Error?.Message;
            _preview = result.Value;
            _grids = _preview is null ? [] : Grids(_preview);
            _onlyErrors = _grids.Any(g => g.ValidCount < g.Rows.Count);
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
            var result = await Write(_preview, skipInvalid, new FlowProgress(this), _cancellation.Token);
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
        (_preview, _grids, _outcome, _error, _progress) = (null, [], null, null, null);
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Progress from the service (on any thread, the writer's included): kept, and drawn at most every 100 ms.</summary>
    private sealed class FlowProgress(ImportFlow<TPreview, TOutcome> flow) : IProgress<ImportProgress>
    {
        private long _lastDrawn;

        public void Report(ImportProgress value)
        {
            flow._progress = value;
            var now = Environment.TickCount64;
            if (now - Interlocked.Read(ref _lastDrawn) < 100 && value.Done < value.Total)
            {
                return;
            }

            Interlocked.Exchange(ref _lastDrawn, now);
            _ = flow.InvokeAsync(flow.StateHasChanged);
        }
    }
}
