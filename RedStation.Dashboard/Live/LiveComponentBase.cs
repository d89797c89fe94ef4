using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Live;

/// <summary>
/// A screen that shows the live feed: it subscribes (a <see cref="LiveSubscription"/>) once it knows its
/// <see cref="Scope"/>, re-reads the feed's in-memory <see cref="LiveSnapshot"/> when events arrive (bursts coalesced,
/// never a database query per event) and releases the subscription when disposed.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private LiveSubscription? _live;

    [Inject] public required LiveFeed Feed { get; init; }

    [Inject] public required IOptions<LiveScreenOptions> LiveOptions { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    /// <summary>The part of the network on screen.</summary>
    protected LiveScope Scope { get; private set; } = LiveScope.All;

    /// <summary>
    /// The part of the network the screen opens on, subscribed to when it is initialized: the whole network unless the
    /// screen says otherwise. A screen whose scope depends on who opens it says null and calls <see cref="StartLive"/>
    /// once it knows — or never, when it refuses them: it then holds no subscription and reads no snapshot.
    /// </summary>
    protected virtual LiveScope? OpeningScope => LiveScope.All;

    /// <summary>Who the screen is for: a public screen (a wall) reads the public projection, names masked in the data.</summary>
    protected virtual LiveAudience Audience => LiveAudience.Staff;

    /// <summary>The latest snapshot of <see cref="Scope"/>; set before the first render, or by <see cref="StartLive"/>.</summary>
    protected LiveSnapshot Snapshot { get; private set; } = null!;

    /// <summary>Whether the feed could be trusted when <see cref="Snapshot"/> was read: the screen's indicator shows it.</summary>
    protected LiveHealth Health { get; private set; } = null!;

    /// <summary>When (UTC) the screen last read the feed: the time its indicator gives for "live".</summary>
    protected DateTime UpdatedAt { get; private set; }

    private LiveSubscription Live => _live ??= new LiveSubscription(InvokeAsync, DispatchExceptionAsync);

    protected override void OnInitialized()
    {
        if (OpeningScope is { } scope)
        {
            StartLive(scope);
        }
        else
        {
            // Nothing subscribed yet: the indicator still tells the feed's health.
            Health = Feed.Health;
            UpdatedAt = Time.GetUtcNow().UtcDateTime;
        }
    }

    /// <summary>Subscribes, and shows <paramref name="scope"/>: for a screen without an <see cref="OpeningScope"/>, once.</summary>
    protected void StartLive(LiveScope scope)
    {
        Scope = scope;
        // The classification runs on the writer's thread: it only hands on. An empty batch (a rebuild) updates too. An
        // alert is shown at once, not at the end of the window that coalesces the steady stream of check-ins.
        Live.Start(Feed, LiveOptions.Value.UpdateWindow, Time, events =>
        {
            OnLiveEvents(events);
            return events.Any(LiveSubscription.IsUrgent) ? LiveUpdate.Urgent : LiveUpdate.Coalesced;
        },
        () =>
        {
            Refresh();
            StateHasChanged();
        });
        Refresh();
    }

    /// <summary>Shows another part of the network from now on.</summary>
    protected void ChangeScope(LiveScope scope)
    {
        Scope = scope;
        Refresh();
    }

    /// <summary>
    /// Runs work that comes from outside the circuit (a timer, an event handed on) on it, unless the screen is gone; its
    /// exception reaches the error boundary or the circuit instead of vanishing with a task nobody awaits.
    /// </summary>
    protected Task RunOnCircuitAsync(Action work) => Live.RunAsync(work);

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

    public void Dispose()
    {
        _live?.Dispose();
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a derived screen holds.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
