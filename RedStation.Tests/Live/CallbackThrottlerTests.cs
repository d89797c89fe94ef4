using Microsoft.Extensions.Time.Testing;
using RedStation.Dashboard.Live;

namespace RedStation.Tests.Live;

/// <summary>The throttle between the live feed and a screen, on a fake clock: no test waits for real time.</summary>
public sealed class CallbackThrottlerTests : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero));
    private readonly CallbackThrottler _throttler;
    private int _runs;

    public CallbackThrottlerTests() =>
        _throttler = new CallbackThrottler(() => { Interlocked.Increment(ref _runs); return Task.CompletedTask; }, Window, _time);

    public void Dispose() => _throttler.Dispose();

    [Fact]
    public void BurstOfSignals_WithinTheWindow_RunsAtMostTwice()
    {
        for (var i = 0; i < 1_000; i++)
        {
            _throttler.Signal();
        }

        Assert.Equal(1, _runs);

        _time.Advance(Window);
        Assert.Equal(2, _runs);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _runs);
    }

    [Fact]
    public void Signal_AfterAQuietWindow_RunsAtOnce()
    {
        _throttler.Signal();
        Assert.Equal(1, _runs);

        _time.Advance(Window);
        _throttler.Signal();

        Assert.Equal(2, _runs);
    }

    [Fact]
    public void Signal_InsideTheWindow_WaitsForTheEndOfIt()
    {
        _throttler.Signal();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _throttler.Signal();

        _time.Advance(TimeSpan.FromMilliseconds(149));
        Assert.Equal(1, _runs);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _runs);
    }

    [Fact]
    public void UrgentSignal_InsideTheWindow_RunsAtOnce_InsteadOfTheScheduledRun()
    {
        _throttler.Signal();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _throttler.Signal();
        Assert.Equal(1, _runs);

        _throttler.Signal(urgent: true);
        Assert.Equal(2, _runs);

        _time.Advance(Window);
        Assert.Equal(2, _runs);
    }

    [Fact]
    public void UrgentSignal_DuringARun_RunsRightAfterIt_WhileAnOrdinaryOneWaitsForTheWindow()
    {
        var release = new TaskCompletionSource();
        var runs = 0;
        using var throttler = new CallbackThrottler(() => { runs++; return runs == 1 ? release.Task : Task.CompletedTask; }, Window, _time);

        throttler.Signal();
        throttler.Signal(urgent: true);
        release.SetResult();

        Assert.Equal(2, runs);
    }

    [Fact]
    public void OrdinarySignal_DuringARun_WaitsForTheWindowAfterIt()
    {
        var release = new TaskCompletionSource();
        var runs = 0;
        using var throttler = new CallbackThrottler(() => { runs++; return runs == 1 ? release.Task : Task.CompletedTask; }, Window, _time);

        throttler.Signal();
        throttler.Signal();
        release.SetResult();
        Assert.Equal(1, runs);

        _time.Advance(Window);
        Assert.Equal(2, runs);
    }

    [Fact]
    public void Signal_DuringARun_RunsOnceMoreAfterIt()
    {
        var release = new TaskCompletionSource();
        var runs = 0;
        using var throttler = new CallbackThrottler(() => { runs++; return release.Task; }, Window, _time);

        throttler.Signal();
        throttler.Signal();
        throttler.Signal();
        Assert.Equal(1, runs);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, runs);

        release.SetResult();
        Assert.Equal(2, runs);
    }

    [Fact]
    public void Dispose_StopsAPendingRun()
    {
        _throttler.Signal();
        _throttler.Signal();

        _throttler.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));
        _throttler.Signal();

        Assert.Equal(1, _runs);
    }
}
