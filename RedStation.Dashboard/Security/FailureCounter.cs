using System.Collections.Concurrent;

namespace RedStation.Dashboard.Security;

/// <summary>
/// Counts failures per key (a member number, a user name and address, an address): after <c>limit</c> failures within
/// <c>window</c>, the key is refused for <c>lockout</c>. The one counter behind every attempt limit of the app.
/// </summary>
/// <remarks>
/// In memory, per server: a restart forgets the counts, and several servers would each count their own attempts
/// (the limit then multiplies by the number of servers). Enough for one city's server; a shared store would be the
/// next step for a farm.
/// </remarks>
public sealed class FailureCounter(TimeProvider time)
{
    /// <summary>Beyond this many keys tracked, stale entries are swept on the next failure.</summary>
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, Attempts> _attempts = new(StringComparer.Ordinal);

    /// <summary>How long the key is still refused; null when it may try.</summary>
    public TimeSpan? RetryAfter(string key)
    {
        if (!_attempts.TryGetValue(key, out var attempts))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (attempts)
        {
            return attempts.LockedUntil is { } until && until > now ? until - now : null;
        }
    }

    /// <summary>When the key has been refused since, while it is; null when it may try.</summary>
    public DateTimeOffset? LockedSince(string key)
    {
        if (!_attempts.TryGetValue(key, out var attempts))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (attempts)
        {
            return attempts.LockedUntil is { } until && until > now ? attempts.LockedAt : null;
        }
    }

    /// <summary>Counts a failure; answers the lockout it set off, if this failure was the one too many.</summary>
    public FailureLockout? RecordFailure(string key, int limit, TimeSpan window, TimeSpan lockout)
    {
        var now = time.GetUtcNow();
        if (_attempts.Count > SweepThreshold)
        {
            Sweep(now, window);
        }

        var attempts = _attempts.GetOrAdd(key, _ => new Attempts());
        lock (attempts)
        {
            attempts.Failures.RemoveAll(at => at <= now - window);
            attempts.Failures.Add(now);
            if (attempts.Failures.Count >= limit)
            {
                var failures = attempts.Failures.Count;
                attempts.LockedAt = now;
                attempts.LockedUntil = now + lockout;
                attempts.Failures.Clear();
                return new FailureLockout(failures, now, now + lockout);
            }
        }

        return null;
    }

    /// <summary>A success forgets the earlier slips.</summary>
    public void Forget(string key) => _attempts.TryRemove(key, out _);

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
        public DateTimeOffset? LockedAt { get; set; }
        public DateTimeOffset? LockedUntil { get; set; }
    }
}

/// <summary>A lockout a failure set off: after how many failures, from when until when.</summary>
public sealed record FailureLockout(int Failures, DateTimeOffset Since, DateTimeOffset Until);
