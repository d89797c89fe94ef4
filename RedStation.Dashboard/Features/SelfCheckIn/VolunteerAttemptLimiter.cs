using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace RedStation.Dashboard.Features.SelfCheckIn;

/// <summary>
/// Counts wrong identity attempts per member number, whatever device they come from: after
/// <see cref="SelfCheckInOptions.VolunteerFailureLimit"/> failures within the window, the number is refused for
/// <see cref="SelfCheckInOptions.VolunteerLockout"/>, so that guessing a volunteer's phone tail from many phones fails too.
/// </summary>
/// <remarks>
/// In memory, per server: a restart forgets the counts, and several servers would each count their own attempts
/// (the limit then multiplies by the number of servers). Enough for one city's server; a shared store would be the
/// next step for a farm.
/// </remarks>
public sealed class VolunteerAttemptLimiter(IOptionsMonitor<SelfCheckInOptions> options, TimeProvider time)
{
    /// <summary>Beyond this many member numbers tracked, stale entries are swept on the next failure.</summary>
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, Attempts> _attempts = new(StringComparer.Ordinal);

    /// <summary>How long the member number is still refused; null when it may try.</summary>
    public TimeSpan? RetryAfter(string memberNumber)
    {
        if (!_attempts.TryGetValue(memberNumber, out var attempts))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (attempts)
        {
            return attempts.LockedUntil is { } until && until > now ? until - now : null;
        }
    }

    public void RecordFailure(string memberNumber)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        if (_attempts.Count > SweepThreshold)
        {
            Sweep(now, settings.VolunteerFailureWindow);
        }

        var attempts = _attempts.GetOrAdd(memberNumber, _ => new Attempts());
        lock (attempts)
        {
            attempts.Failures.RemoveAll(at => at <= now - settings.VolunteerFailureWindow);
            attempts.Failures.Add(now);
            if (attempts.Failures.Count >= settings.VolunteerFailureLimit)
            {
                attempts.LockedUntil = now + settings.VolunteerLockout;
                attempts.Failures.Clear();
            }
        }
    }

    /// <summary>A right pair forgets the earlier slips.</summary>
    public void RecordSuccess(string memberNumber) => _attempts.TryRemove(memberNumber, out _);

    private void Sweep(DateTimeOffset now, TimeSpan window)
    {
        foreach (var (key, attempts) in _attempts)
        {
            lock (attempts)
            {
                if (attempts.LockedUntil is not { } until || until <= now)
                {
                    attempts.Failures.RemoveAll(at => at <= now - window);
                    if (attempts.Failures.Count == 0)
                    {
                        _attempts.TryRemove(key, out _);
                    }
                }
            }
        }
    }

    private sealed class Attempts
    {
        public List<DateTimeOffset> Failures { get; } = [];
        public DateTimeOffset? LockedUntil { get; set; }
    }
}
