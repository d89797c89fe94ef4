namespace RedStation.Dashboard.Live;

/// <summary>
/// Coalesces bursts of signals into few callbacks: a throttle with a leading and a trailing edge. The
/// first signal after a quiet window runs the callback at once; signals inside the window after it run
/// it once more, at the end of the window. Runs never overlap: a signal during a run schedules one more.
/// </summary>
/// <remarks>
/// The callback always runs on a timer thread, never on the thread that signals: the live feed signals
/// from the database writer's thread, which must not wait for a render. (Aspire's CallbackThrottler
/// has the same shape.)
/// </remarks>
public sealed class CallbackThrottler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Func<Task> _callback;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long? _lastRunAt;
    private bool _scheduled;
    private bool _running;
    private bool _pending;
    private bool _pendingUrgent;
    private bool _disposed;

    /// <param name="callback">What to run; it handles its own exceptions (nobody awaits it).</param>
    /// <param name="window">The shortest time between the starts of two runs.</param>
    /// <param name="time">The clock and timers; tests pass a fake one.</param>
    public CallbackThrottler(Func<Task> callback, TimeSpan window, TimeProvider time)
    {
        _callback = callback;
        _window = window;
        _time = time;
        _timer = time.CreateTimer(_ => _ = RunAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Asks for a run; cheap and non-blocking, safe from any thread.</summary>
    /// <param name="urgent">
    /// Run as soon as the current run (if any) ends, without waiting for the window: for the rare signal a person must
    /// see at once (an alert), never for the steady stream the window exists to coalesce.
    /// </param>
    public void Signal(bool urgent = false)
    {
        TimeSpan due;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_running)
            {
                _pending = true;
                _pendingUrgent |= urgent;
                return;
            }

            if (_scheduled && !urgent)
            {
                // A run is already on its way and will see whatever this signal is about.
                return;
            }

            due = urgent ? TimeSpan.Zero : DueIn();
            _scheduled = true;
        }

        // Outside the lock: a timer due now may fire on this very thread (as a fake clock's does).
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private TimeSpan DueIn()
    {
        if (_lastRunAt is not { } last)
        {
            return TimeSpan.Zero;
        }

        var left = _window - _time.GetElapsedTime(last);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private async Task RunAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _scheduled = false;
            _running = true;
            _lastRunAt = _time.GetTimestamp();
        }

        try
        {
            await _callback();
        }
        finally
        {
            bool again;
            bool urgent;
            lock (_gate)
            {
                _running = false;
                again = _pending && !_disposed;
                urgent = _pendingUrgent;
                _pending = false;
                _pendingUrgent = false;
            }

            if (again)
            {
                Signal(urgent);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }
}
