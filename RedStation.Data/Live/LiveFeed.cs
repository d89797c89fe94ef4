using Microsoft.Extensions.Logging;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Data.Live;

/// <summary>
/// The server's one live feed: holds the live state of today in memory (built from the database,
/// then moved forward by every committed event, so that no screen queries the database per event)
/// and fans every event out to its subscribers.
/// </summary>
public sealed class LiveFeed(CityClock clock, ILogger<LiveFeed> logger) : ILiveEventSink
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscribers = [];
    private LiveState? _state;
    private Subscription[] _snapshotOfSubscribers = [];
    private bool _rebuildRequested;

    /// <summary>Raised (off the writer's thread) when an event for a new city day arrives and the state should be rebuilt.</summary>
    internal event Action? RebuildRequested;

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

    private LiveState State => _state ?? throw new InvalidOperationException("The live feed has not been built yet.");

    /// <summary>
    /// (Re)builds the state of the current city day from the database, between two write batches,
    /// so that it is exactly the state after the last published event.
    /// </summary>
    public async Task RebuildAsync(DomainWriter writer, CancellationToken cancellationToken = default)
    {
        var day = clock.Today;

        // The new state replaces the old one inside the exclusive read, on the writer's loop: no batch
        // can commit between the read and the swap, so no event is lost or counted twice.
        var state = await writer.ReadExclusiveAsync(
            async (db, sequence, ct) =>
            {
                var built = await LiveState.BuildAsync(db, clock, day, sequence, ct);
                lock (_gate)
                {
                    _state = built;
                    _rebuildRequested = false;
                }

                return built;
            },
            cancellationToken);

        logger.LogInformation("Live state for {Day} built at sequence {Sequence} ({Stations} stations).", day, state.Sequence, state.StationCount);
        Subscription[] subscribers;
        lock (_gate)
        {
            subscribers = _snapshotOfSubscribers;
        }

        Notify(subscribers, []);
    }

    public void Publish(IReadOnlyList<LiveEvent> events)
    {
        Subscription[] subscribers;
        var newDay = false;
        lock (_gate)
        {
            if (_state is null)
            {
                return;
            }

            foreach (var liveEvent in events)
            {
                _state.Apply(liveEvent);
            }

            var today = clock.Today;
            if (today != _state.Day && !_rebuildRequested)
            {
                _rebuildRequested = newDay = true;
            }

            subscribers = _snapshotOfSubscribers;
        }

        Notify(subscribers, events);
        if (newDay)
        {
            ThreadPool.QueueUserWorkItem(_ => RebuildRequested?.Invoke());
        }
    }

    public LiveSnapshot Snapshot(LiveScope scope)
    {
        lock (_gate)
        {
            return State.Snapshot(scope);
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

    public IReadOnlyList<OccupancyHeatRow> OccupancyHeat(LiveScope scope, int take)
    {
        lock (_gate)
        {
            return State.OccupancyHeat(scope, take);
        }
    }

    /// <summary>
    /// Calls <paramref name="onEvents"/> with every batch of committed events (an empty batch means the
    /// state was rebuilt). It runs on the writer's thread: it must only hand the work on, never do it.
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
