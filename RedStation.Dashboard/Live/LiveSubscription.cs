using RedStation.Data.Live;

namespace RedStation.Dashboard.Live;

/// <summary>What a batch of live events asks of the component that hears it.</summary>
public enum LiveUpdate
{
    /// <summary>Nothing it shows has changed.</summary>
    None,

    /// <summary>Update at the end of the window that coalesces the steady stream (check-ins, occupancy).</summary>
    Coalesced,

    /// <summary>Update as soon as the current update (if any) ends: the rare event a person must see at once (an alert).</summary>
    Urgent,
}

/// <summary>
/// A component's subscription to the <see cref="LiveFeed"/>: the one way a screen, a badge or a page hears of events.
/// Events arrive on the writer's (or the relay's) thread, where they are only classified and signal a
/// <see cref="CallbackThrottler"/>; the component's update then runs on its circuit (its <c>InvokeAsync</c>), an
/// exception in it reaches the component's error boundary or circuit (its <c>DispatchExceptionAsync</c>), and nothing
/// runs once the subscription is disposed. Work from any other thread (a timer) goes through <see cref="RunAsync(Action)"/>
/// for the same reasons.
/// </summary>
/// <remarks>
/// Composed into components rather than inherited, so that a component which reads no snapshot (the alert badge, the
/// alerts page) subscribes the same way as the snapshot screens of <see cref="LiveComponentBase"/>. It is started once
/// the component knows what it shows, and never when it shows nothing: a refused screen holds no subscription.
/// </remarks>
/// <param name="invokeAsync">The component's <c>InvokeAsync</c>: runs work on its circuit's dispatcher.</param>
/// <param name="dispatchExceptionAsync">The component's <c>DispatchExceptionAsync</c>: hands an exception to its error boundary, or ends its circuit.</param>
public sealed class LiveSubscription(Func<Func<Task>, Task> invokeAsync, Func<Exception, Task> dispatchExceptionAsync) : IDisposable
{
    private IDisposable? _subscription;
    private CallbackThrottler? _throttler;
    private volatile bool _disposed;

    /// <summary>An event a person must see at once: an alert raised or cleared (rare by construction — rules are damped), or a group snoozed, muted or shown again.</summary>
    public static bool IsUrgent(LiveEvent e) => e is AlertRaised or AlertCleared or AlertSilenceChanged;

    /// <summary>Whether <see cref="Start(LiveFeed, TimeSpan, TimeProvider, Func{IReadOnlyList{LiveEvent}, LiveUpdate}, Func{Task})"/> subscribed (and the subscription is not disposed).</summary>
    public bool IsStarted => _subscription is not null && !_disposed;

    /// <summary>Subscribes to <paramref name="feed"/>; call once, on the component's circuit.</summary>
    /// <param name="feed">The live feed.</param>
    /// <param name="window">The shortest time between two coalesced updates (<see cref="LiveScreenOptions.UpdateWindow"/>).</param>
    /// <param name="time">The clock and timers of the throttle.</param>
    /// <param name="classify">
    /// Runs on the writer's thread with every batch (an empty one means "read the feed again": a rebuild or a change of
    /// health): it must only look at the events, or hand work on, never do it.
    /// </param>
    /// <param name="update">The component's update, on its circuit: re-read what it shows and render.</param>
    public void Start(LiveFeed feed, TimeSpan window, TimeProvider time, Func<IReadOnlyList<LiveEvent>, LiveUpdate> classify, Func<Task> update)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_subscription is not null)
        {
            throw new InvalidOperationException("The live subscription is already started.");
        }

        var throttler = new CallbackThrottler(() => RunAsync(update), window, time);
        _throttler = throttler;
        _subscription = feed.Subscribe(events =>
        {
            var wanted = classify(events);
            if (wanted != LiveUpdate.None)
            {
                throttler.Signal(urgent: wanted == LiveUpdate.Urgent);
            }
        });
    }

    /// <inheritdoc cref="Start(LiveFeed, TimeSpan, TimeProvider, Func{IReadOnlyList{LiveEvent}, LiveUpdate}, Func{Task})"/>
    public void Start(LiveFeed feed, TimeSpan window, TimeProvider time, Func<IReadOnlyList<LiveEvent>, LiveUpdate> classify, Action update) =>
        Start(feed, window, time, classify, () =>
        {
            update();
            return Task.CompletedTask;
        });

    /// <inheritdoc cref="RunAsync(Func{Task})"/>
    public Task RunAsync(Action work) => RunAsync(() =>
    {
        work();
        return Task.CompletedTask;
    });

    /// <summary>
    /// Runs <paramref name="work"/> on the component's circuit unless the subscription is disposed by then; an exception
    /// goes to the component's error boundary instead of vanishing with a task nobody awaits.
    /// </summary>
    public async Task RunAsync(Func<Task> work)
    {
        try
        {
            await invokeAsync(async () =>
            {
                if (!_disposed)
                {
                    await work();
                }
            });
        }
        catch (Exception ex)
        {
            await dispatchExceptionAsync(ex);
        }
    }

    /// <summary>Unsubscribes; an update already on its way does nothing.</summary>
    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _throttler?.Dispose();
    }
}
