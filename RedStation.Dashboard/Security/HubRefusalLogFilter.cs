using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace RedStation.Dashboard.Security;

/// <summary>
/// The outermost hub filter, and the one place where a failed hub call is logged. A refusal (a <see cref="HubException"/>:
/// an unknown topic, a scope the caller may not watch, too many invocations) is the caller's mistake, not the server's:
/// it is logged at Information, without a stack trace, shortened, and at most
/// <see cref="RateLimitOptions.HubRefusalLogPermitLimit"/> times per <see cref="RateLimitOptions.HubRefusalLogWindow"/>
/// for the whole server, so that an outsider cannot flood the log; the next entry after a window says how many were left
/// out. Any other exception is a fault and is logged at Error with its exception. The refusal still reaches the client.
/// </summary>
/// <remarks>
/// SignalR logs every exception a hub method throws, <see cref="HubException"/> included, at Error with the stack trace
/// (<c>DefaultHubDispatcher</c>'s FailedInvokingHubMethod); that category is silenced in
/// <see cref="Infrastructure.HostingHardening"/>, since this filter has already said everything it would.
/// A singleton: the budget is the server's.
/// </remarks>
public sealed partial class HubRefusalLogFilter(IOptionsMonitor<RateLimitOptions> options, TimeProvider time, ILogger<HubRefusalLogFilter> logger) : IHubFilter
{
    /// <summary>The longest refusal reason written to the log; the hub's own messages are far shorter.</summary>
    public const int MaxLoggedReasonLength = 120;

    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _logged;
    private int _leftOut;

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException refused)
        {
            Refused(invocationContext.HubMethodName, refused.Message);
            throw;
        }
        catch (Exception failure)
        {
            LogFailed(logger, invocationContext.HubMethodName, failure);
            throw;
        }
    }

    /// <summary>Logs a refusal within the budget: a hub call's, or a connection's (<see cref="HubConnectionLimitFilter"/>).</summary>
    public void Refused(string method, string reason)
    {
        var limits = options.CurrentValue;
        int leftOutBefore;
        bool log;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            leftOutBefore = 0;
            if (now - _windowStart >= limits.HubRefusalLogWindow)
            {
                (leftOutBefore, _leftOut, _logged, _windowStart) = (_leftOut, 0, 0, now);
            }

            log = _logged < limits.HubRefusalLogPermitLimit;
            if (log)
            {
                _logged++;
            }
            else
            {
                _leftOut++;
            }
        }

        if (leftOutBefore > 0)
        {
            LogLeftOut(logger, leftOutBefore);
        }

        if (log)
        {
            LogRefused(logger, method, Shorten(reason));
        }
    }

    private static string Shorten(string reason)
    {
        var printable = new string([.. reason.Take(MaxLoggedReasonLength).Select(c => char.IsControl(c) ? ' ' : c)]);
        return reason.Length > MaxLoggedReasonLength ? printable + "…" : printable;
    }

    [LoggerMessage(1, LogLevel.Information, "Hub call {Method} refused: {Reason}", EventName = "HubCallRefused")]
    private static partial void LogRefused(ILogger logger, string method, string reason);

    [LoggerMessage(2, LogLevel.Information, "{Count} further hub call refusals were not logged (log budget of the window spent).", EventName = "HubCallRefusalsLeftOut")]
    private static partial void LogLeftOut(ILogger logger, int count);

    [LoggerMessage(3, LogLevel.Error, "Hub call {Method} failed.", EventName = "HubCallFailed")]
    private static partial void LogFailed(ILogger logger, string method, Exception exception);
}
