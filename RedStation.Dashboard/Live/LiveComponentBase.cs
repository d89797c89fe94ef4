using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Live;

/// <summary>
/// A screen that shows the live feed: it subscribes when initialized, re-reads the feed's in-memory
/// <see cref="LiveSnapshot"/> when events arrive (bursts coalesced by a <see cref="CallbackThrottler"/>,
/// never a database query per event) and releases the subscription when disposed.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private IDisposable? _subscription;
    private CallbackThrottler? _throttler;
    private bool _disposed;

    [Inject] public required LiveFeed Feed { get; init; }

    [Inject] public required IOptions<LiveScreenOptions> LiveOptions { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    /// <summary>The part of the network on screen.</summary>
    protected LiveScope Scope { get; private set; } = LiveScope.All;

    /// <summary>Who the screen is for: a public screen (a wall) reads the public projection, names masked in the data.</summary>
    protected virtual LiveAudience Audience => LiveAudience.Staff;

    /// <summary>The latest snapshot of <see cref="Scope"/>; set before the first render.</summary>
    protected LiveSnapshot Snapshot { get; private set; } = null!;

    /// <summary>Whether the feed could be trusted when <see cref="Snapshot"/> was read: the screen's indicator shows it.</summary>
    protected LiveHealth Health { get; private set; } = null!;

    /// <summary>When (UTC) the screen last read the feed: the time its indicator gives for "live".</summary>
    protected DateTime UpdatedAt { get; private set; }

    protected override void OnInitialized()
    {
        _throttler = new CallbackThrottler(RefreshFromFeedAsync, LiveOptions.Value.UpdateWindow, Time);
        // Runs on the writer's thread: it only signals. An empty batch (a rebuild) signals too. An alert is shown at once,
        // not at the end of the window that coalesces the steady stream of check-ins.
        _subscription = Feed.Subscribe(events =>
        {
            OnLiveEvents(events);
            _throttler.Signal(urgent: events.Any(IsUrgent));
        });
        Refresh();
    }

    /// <summary>An event a person must see at once: an alert raised or cleared (rare by construction — rules are damped), or a group snoozed, muted or shown again.</summary>
    internal static bool IsUrgent(LiveEvent e) => e is AlertRaised or AlertCleared or AlertSilenceChanged;

    /// <summary>Shows another part of the network from now on.</summary>
    protected void ChangeScope(LiveScope scope)
    {
        Scope = scope;
        Refresh();
    }

    /// <summary>
    /// Sees every batch of events as it comes, on the writer's (or the relay's) thread, before the coalesced render: for
    /// what a snapshot does not hold (a wall's playlist changed). It must only hand the work on, never do it.
    /// </summary>
    protected virtual void OnLiveEvents(IReadOnlyList<LiveEvent> events)
    {
    }

    /// <summary>Called with every new <see cref="Snapshot"/>, before the render; derive view data here.</summary>
    protected virtual void OnSnapshot()
    {
    }

    private void Refresh()
    {
        Snapshot = Feed.Snapshot(Scope, Audience);
        // A change of health alone arrives as an empty batch, like a rebuild: this re-read is what shows it.
        Health = Feed.Health;
        UpdatedAt = Time.GetUtcNow().UtcDateTime;
        OnSnapshot();
    }

    private async Task RefreshFromFeedAsync()
    {
        try
        {
            await InvokeAsync(() =>
            {
                if (_disposed)
                {
                    return;
                }

                Refresh();
                StateHasChanged();
            });
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _throttler?.Dispose();
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a derived screen holds.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
