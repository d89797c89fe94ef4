using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RedStation.Dashboard.Live;
using RedStation.Data;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Tests.Live;

/// <summary>
/// The one way a component hears the live feed, on a fake clock and a feed told only of its health (an empty batch,
/// as after a rebuild): the component's dispatcher is a list here, its error boundary another.
/// </summary>
public sealed class LiveSubscriptionTests : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero));
    private readonly LiveFeed _feed;
    private readonly List<Exception> _dispatched = [];
    private readonly LiveSubscription _subscription;
    private int _invoked;

    public LiveSubscriptionTests()
    {
        _feed = new LiveFeed(new CityClock(_time, Options.Create(new RedStationOptions())), NullLogger<LiveFeed>.Instance);
        _subscription = new LiveSubscription(
            work =>
            {
                Interlocked.Increment(ref _invoked);
                return work();
            },
            ex =>
            {
                _dispatched.Add(ex);
                return Task.CompletedTask;
            });
    }

    public void Dispose() => _subscription.Dispose();

    [Fact]
    public void ABatch_RunsTheUpdate_ThroughTheComponentsDispatcher()
    {
        var updates = 0;
        _subscription.Start(_feed, Window, _time, _ => LiveUpdate.Coalesced, () => updates++);

        _feed.SetLagging(LiveLag.Rebuilding, true);

        Assert.Equal(1, updates);
        Assert.Equal(1, _invoked);
        Assert.Empty(_dispatched);
    }

    [Fact]
    public void ABatchThatChangesNothingShown_RunsNoUpdate()
    {
        var updates = 0;
        _subscription.Start(_feed, Window, _time, _ => LiveUpdate.None, () => updates++);

        _feed.SetLagging(LiveLag.Rebuilding, true);
        _time.Advance(Window * 4);

        Assert.Equal(0, updates);
        Assert.Equal(0, _invoked);
    }

    [Fact]
    public void AnUpdateThatThrows_ReachesTheErrorBoundary()
    {
        var boom = new InvalidOperationException("the update failed");
        _subscription.Start(_feed, Window, _time, _ => LiveUpdate.Coalesced, () => throw boom);

        _feed.SetLagging(LiveLag.Rebuilding, true);

        Assert.Same(boom, Assert.Single(_dispatched));
    }

    [Fact]
    public async Task WorkFromATimer_ThatThrows_ReachesTheErrorBoundary()
    {
        var boom = new InvalidOperationException("the tick failed");

        await _subscription.RunAsync(() => throw boom);

        Assert.Same(boom, Assert.Single(_dispatched));
    }

    [Fact]
    public async Task Disposing_Unsubscribes_AndWorkArrivingAfterwards_DoesNothing()
    {
        var before = _feed.SubscriberCount;
        var updates = 0;
        _subscription.Start(_feed, Window, _time, _ => LiveUpdate.Coalesced, () => updates++);
        Assert.Equal(before + 1, _feed.SubscriberCount);
        Assert.True(_subscription.IsStarted);

        _subscription.Dispose();
        await _subscription.RunAsync(() => updates++);
        _feed.SetLagging(LiveLag.Rebuilding, true);

        Assert.Equal(before, _feed.SubscriberCount);
        Assert.False(_subscription.IsStarted);
        Assert.Equal(0, updates);
    }
}
