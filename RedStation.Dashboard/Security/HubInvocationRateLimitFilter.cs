using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace RedStation.Dashboard.Security;

/// <summary>
/// Counts a connection's hub method invocations in fixed windows and refuses those beyond
/// <see cref="RateLimitOptions.HubInvocationPermitLimit"/> per <see cref="RateLimitOptions.HubInvocationWindow"/> with a
/// <see cref="HubException"/> (the client's invocation fails; the connection stays open). The count lives in the
/// connection's own <see cref="HubCallerContext.Items"/>, so it ends with the connection.
/// </summary>
public sealed class HubInvocationRateLimitFilter(IOptionsMonitor<RateLimitOptions> options, TimeProvider time) : IHubFilter
{
    private static readonly object WindowKey = new();

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var limits = options.CurrentValue;
        var items = invocationContext.Context.Items;
        Window window;
        lock (items)
        {
            if (!items.TryGetValue(WindowKey, out var existing) || existing is not Window found)
            {
                found = new Window();
                items[WindowKey] = found;
            }

            window = found;
        }

        if (!window.TryTake(time.GetUtcNow(), limits.HubInvocationPermitLimit, limits.HubInvocationWindow))
        {
            throw new HubException(
                $"Too many invocations on this connection: at most {limits.HubInvocationPermitLimit} per {limits.HubInvocationWindow.TotalSeconds:0} s.");
        }

        return next(invocationContext);
    }

    /// <summary>One connection's current window; invocations of a connection may run in parallel, hence the lock.</summary>
    private sealed class Window
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _start = DateTimeOffset.MinValue;
        private int _count;

        public bool TryTake(DateTimeOffset now, int limit, TimeSpan length)
        {
            lock (_lock)
            {
                if (now - _start >= length)
                {
                    _start = now;
                    _count = 0;
                }

                if (_count >= limit)
                {
                    return false;
                }

                _count++;
                return true;
            }
        }
    }
}
