using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RedStation.Data.Alerts;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Data.Live;

/// <summary>
/// The server's one live feed: holds the live state of today in memory (built from the database,
/// then moved forward by every committed event, so that no screen queries the database per event)
/// and fans every event out to its subscribers.
/// <para>
/// The feed numbers the events itself, in the order it applies them: its <see cref="Sequence"/> is this
/// server's. With several servers (<see cref="PublishRemote"/>), events of other servers are applied in the
/// order they arrive, de-duplicated by their origin's own numbering, and a rebuild from the database knows
/// from the origins' marks which events its snapshot already holds.
/// </para>
/// </summary>
public sealed class LiveFeed(CityClock clock, ILogger<LiveFeed> logger) : ILiveEventSink
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscribers = [];
    private LiveState? _state;
    private Subscription[] _snapshotOfSubscribers = [];
    /// <summary>A rebuild asked for and not begun yet; the next rebuild takes it and completes it when done.</summary>
    private TaskCompletionSource? _rebuildAsked;
    private long _sequence;
    private long _generation;
    private LiveLag _lag;
    private LiveHealth _health = new(LiveLag.None, DateTime.MinValue);

    /// <summary>For each other server, the number (its own) of the last of its events the state holds.</summary>
    private Dictionary<string, long> _applied = new(StringComparer.Ordinal);

    /// <summary>The other servers' events that arrived while a rebuild was reading the database.</summary>
    private List<(string Origin, LiveEvent Event)>? _journal;
    private int _rebuilding;

    /// <summary>
    /// Raised (on the thread pool) when the state should be rebuilt: an event for a new city day arrived, another
    /// server's events show a gap, or someone asked (<see cref="RequestRebuildAsync"/>). The feed only asks:
    /// <see cref="LiveFeedService"/>, which holds the <see cref="DomainWriter"/>, performs the rebuild.
    /// </summary>
    internal event Action? RebuildRequested;

    /// <summary>True while a rebuild has been asked for and none has begun since.</summary>
    internal bool RebuildPending
    {
        get
        {
            lock (_gate)
            {
                return _rebuildAsked is not null;
            }
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public bool IsReady => Volatile.Read(ref _state) is not null;

    /// <summary>The city day the live state counts "today" for.</summary>
    public DateOnly Day => State.Day;

    public long Sequence
    {
        get
        {
            lock (_gate)
            {
                return State.Sequence;
            }
        }
    }

    /// <summary>
    /// How many times the state has been built from the database. A subscriber that sees it move after an empty batch
    /// knows the state was replaced (not moved forward event by event): hub clients get a fresh snapshot then.
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Whether the live state can be trusted to be the database's now (see <see cref="LiveLag"/>).</summary>
    public LiveHealth Health
    {
        get
        {
            lock (_gate)
            {
                return _health;
            }
        }
    }

    /// <summary>
    /// Marks (or clears) a reason why the live state may lag behind the database. Subscribers are told with an empty
    /// batch when the health changes, so every screen shows it within its update window.
    /// </summary>
    public void SetLagging(LiveLag reason, bool lagging)
    {
        Subscription[] subscribers;
        lock (_gate)
        {
            var lag = lagging ? _lag | reason : _lag & ~reason;
            if (lag == _lag)
            {
                return;
            }

            var wasLive = _lag == LiveLag.None;
            _lag = lag;
            // "Since" is when the state stopped (or started again) being live, not when one more reason was added.
            _health = new LiveHealth(lag, wasLive != (lag == LiveLag.None) ? clock.UtcNow : _health.Since);
            subscribers = _snapshotOfSubscribers;
            logger.LogDebug("Live state health: {Lag}.", lag);
        }

        Notify(subscribers, []);
    }

    private LiveState State => _state ?? throw new InvalidOperationException("The live feed has not been built yet.");

    /// <summary>
    /// (Re)builds the state of the current city day from the database, between two write batches,
    /// so that it is exactly the state after the last published event.
    /// </summary>
    public async Task RebuildAsync(DomainWriter writer, CancellationToken cancellationToken = default)
    {
        var day = clock.Today;
        TaskCompletionSource? asked;
        lock (_gate)
        {
            // This rebuild reads the database after every request made until now: it answers them.
            asked = _rebuildAsked;
            _rebuildAsked = null;
            // Other servers' events that arrive from now on may or may not be in the snapshot: they are kept,
            // and those the snapshot's marks do not cover are applied again to the new state.
            _journal ??= [];
            _rebuilding++;
        }

        // The first build has no screen to tell; a later one shows as degraded while it reads.
        var rebuilding = IsReady;
        if (rebuilding)
        {
            SetLagging(LiveLag.Rebuilding, true);
        }

        LiveState state;
        try
        {
            // The new state replaces the old one inside the exclusive read, on the writer's loop: no batch
            // of this server can commit between the read and the swap, so none of its events is lost or counted
            // twice. The read is one snapshot of the database, for the other servers' writes.
            state = await writer.ReadExclusiveAsync(
                async (db, writerSequence, ct) =>
                {
                    await using var snapshot = await ReadSnapshot.BeginAsync(db, ct);
                    var marks = await db.LiveOriginMarks.AsNoTracking().ToDictionaryAsync(m => m.OriginId, m => m.Sequence, StringComparer.Ordinal, ct);
                    var built = await LiveState.BuildAsync(db, clock, day, 0, ct);
                    lock (_gate)
                    {
                        Swap(built, writerSequence, marks);
                    }

                    return built;
                },
                cancellationToken);
        }
        catch (Exception ex)
        {
            // Whoever asked learns that it failed and may ask again; nothing stays pending, so the next gap asks anew.
            if (asked is not null)
            {
                asked.TrySetException(ex);
                // Read here so that a request nobody awaits (a gap's) does not end as an unobserved exception.
                _ = asked.Task.Exception;
            }

            throw;
        }
        finally
        {
            lock (_gate)
            {
                if (--_rebuilding == 0)
                {
                    _journal = null;
                }
            }

            if (rebuilding)
            {
                SetLagging(LiveLag.Rebuilding, false);
            }
        }

        logger.LogInformation("Live state for {Day} built at sequence {Sequence} ({Stations} stations).", day, state.Sequence, state.StationCount);
        Subscription[] subscribers;
        lock (_gate)
        {
            subscribers = _snapshotOfSubscribers;
        }

        Notify(subscribers, []);
        asked?.TrySetResult();
    }

    /// <summary>
    /// Asks for a rebuild of the state from the database and completes when a rebuild that began after the request is
    /// done (or fails with it). The feed has no writer: <see cref="LiveFeedService"/> performs the rebuild. Requests made
    /// before a rebuild begins share it.
    /// </summary>
    public Task RequestRebuildAsync(CancellationToken cancellationToken = default)
    {
        Task done;
        bool first;
        lock (_gate)
        {
            first = _rebuildAsked is null;
            _rebuildAsked ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            done = _rebuildAsked.Task;
        }

        if (first)
        {
            RaiseRebuildRequested();
        }

        return done.WaitAsync(cancellationToken);
    }

    private void RaiseRebuildRequested() => ThreadPool.QueueUserWorkItem(_ => RebuildRequested?.Invoke());

    /// <summary>Applies this server's committed events (in commit order, on the writer's thread).</summary>
    public void Publish(IReadOnlyList<LiveEvent> events) => Apply(null, events);

    /// <summary>
    /// Applies another server's committed events, as they arrive (numbered by that server). An event the state
    /// already holds is skipped; a gap in the origin's numbering (events lost on the way) asks for a rebuild.
    /// </summary>
    public void PublishRemote(string origin, IReadOnlyList<LiveEvent> events) => Apply(origin, events);

    /// <summary>True when <paramref name="origin"/> says it has committed more events than this state holds.</summary>
    public bool IsBehind(string origin, long originSequence)
    {
        lock (_gate)
        {
            return originSequence > _applied.GetValueOrDefault(origin);
        }
    }

    private void Apply(string? origin, IReadOnlyList<LiveEvent> events)
    {
        Subscription[] subscribers;
        var rebuild = false;
        var applied = new List<LiveEvent>(events.Count);
        lock (_gate)
        {
            foreach (var liveEvent in events)
            {
                if (origin is not null)
                {
                    var last = _applied.GetValueOrDefault(origin);
                    if (liveEvent.Sequence <= last)
                    {
                        continue;
                    }

                    rebuild |= liveEvent.Sequence > last + 1;
                    _applied[origin] = liveEvent.Sequence;
                    _journal?.Add((origin, liveEvent));
                }

                var local = liveEvent with { Sequence = ++_sequence };
                _state?.Apply(local);
                applied.Add(local);
            }

            if (_state is null || applied.Count == 0)
            {
                return;
            }

            rebuild |= clock.Today != _state.Day;
            rebuild = rebuild && _rebuildAsked is null;
            if (rebuild)
            {
                _rebuildAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            subscribers = _snapshotOfSubscribers;
        }

        Notify(subscribers, applied);
        if (rebuild)
        {
            RaiseRebuildRequested();
        }
    }

    /// <summary>Puts the new state in place, with the other servers' events that arrived after its snapshot.</summary>
    private void Swap(LiveState built, long writerSequence, Dictionary<string, long> marks)
    {
        // On one server the feed's numbering is the writer's; a feed built late (a test's) catches up with it.
        _sequence = Math.Max(_sequence, writerSequence);
        _applied = marks;
        foreach (var (origin, liveEvent) in _journal ?? [])
        {
            if (liveEvent.Sequence > _applied.GetValueOrDefault(origin))
            {
                _applied[origin] = liveEvent.Sequence;
                built.Apply(liveEvent with { Sequence = ++_sequence });
            }
        }

        built.Sequence = _sequence;
        _journal?.Clear();
        _state = built;
        Interlocked.Increment(ref _generation);
    }

    public LiveSnapshot Snapshot(LiveScope scope)
    {
        lock (_gate)
        {
            return State.Snapshot(scope);
        }
    }

    /// <summary>The scope's snapshot as <paramref name="audience"/> may see it: for the public, names masked.</summary>
    public LiveSnapshot Snapshot(LiveScope scope, LiveAudience audience)
    {
        lock (_gate)
        {
            return audience == LiveAudience.Public ? State.PublicSnapshot(scope) : State.Snapshot(scope);
        }
    }

    /// <summary>The named stations' live entries: what a list of stations needs, not a whole snapshot.</summary>
    public IReadOnlyList<StationLive> Stations(IEnumerable<int> stationIds)
    {
        lock (_gate)
        {
            return State.Stations(stationIds);
        }
    }

    /// <summary>The open alerts in a scope, oldest first: what a badge or a banner needs, not a whole snapshot.</summary>
    public IReadOnlyList<AlertLive> Alerts(LiveScope scope)
    {
        lock (_gate)
        {
            return State.Alerts(scope);
        }
    }

    /// <summary>
    /// What every consumer of alerts reads (the badge, the Overview, the desk, the alerts page, the API, the contact points):
    /// the open alerts of a scope as groups, the silenced ones left out, the most severe first, then the oldest.
    /// </summary>
    public IReadOnlyList<AlertGroup> OpenGroups(LiveScope scope)
    {
        var now = clock.UtcNow;
        IReadOnlyList<AlertLive> alerts;
        IReadOnlyList<AlertSilenceLive> silences;
        lock (_gate)
        {
            alerts = State.Alerts(scope);
            silences = State.Silences(scope, now);
        }

        return AlertGroups.Of(AlertGroups.Unsilenced(alerts, silences), now);
    }

    /// <summary>
    /// The same read for alerts a component already holds (a snapshot's, a wall's public ones): grouped, the silenced
    /// ones left out, the most severe first, then the oldest.
    /// </summary>
    public IReadOnlyList<AlertGroup> GroupsOf(IEnumerable<AlertLive> alerts)
    {
        var now = clock.UtcNow;
        return AlertGroups.Of(AlertGroups.Unsilenced(alerts, Silences(LiveScope.All)), now);
    }

    /// <summary>The rules at stations snoozed or muted now, in a scope.</summary>
    public IReadOnlyList<AlertSilenceLive> Silences(LiveScope scope)
    {
        var now = clock.UtcNow;
        lock (_gate)
        {
            return State.Silences(scope, now);
        }
    }

    public IReadOnlyList<OccupancyHeatRow> OccupancyHeat(LiveScope scope, int take)
    {
        lock (_gate)
        {
            return State.OccupancyHeat(scope, take);
        }
    }

    /// <summary>
    /// Calls <paramref name="onEvents"/> with every batch of committed events. An empty batch means "read the feed
    /// again": the state was rebuilt (<see cref="Generation"/> moved) or its <see cref="Health"/> changed. It runs on the writer's thread: it must only hand the work on, never do it.
    /// Dispose the subscription to stop.
    /// </summary>
    public IDisposable Subscribe(Action<IReadOnlyList<LiveEvent>> onEvents)
    {
        var subscription = new Subscription(this, onEvents);
        lock (_gate)
        {
            _subscribers.Add(subscription);
            _snapshotOfSubscribers = [.. _subscribers];
        }

        return subscription;
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscribers.Remove(subscription))
            {
                _snapshotOfSubscribers = [.. _subscribers];
            }
        }
    }

    private void Notify(Subscription[] subscribers, IReadOnlyList<LiveEvent> events)
    {
        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber.OnEvents(events);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A live subscriber failed; the others still get the events.");
            }
        }
    }

    private sealed class Subscription(LiveFeed feed, Action<IReadOnlyList<LiveEvent>> onEvents) : IDisposable
    {
        public Action<IReadOnlyList<LiveEvent>> OnEvents => onEvents;

        public void Dispose() => feed.Unsubscribe(this);
    }
}
