using Microsoft.Extensions.Options;
using RedStation.Dashboard.Security;

namespace RedStation.Dashboard.Features.SelfCheckIn;

/// <summary>
/// Counts wrong identity attempts per member number, whatever device they come from: after
/// <see cref="SelfCheckInOptions.VolunteerFailureLimit"/> failures within the window, the number is refused for
/// <see cref="SelfCheckInOptions.VolunteerLockout"/>, so that guessing a volunteer's phone tail from many phones fails too.
/// In memory, per server (<see cref="FailureCounter"/>).
/// </summary>
public sealed class VolunteerAttemptLimiter(IOptionsMonitor<SelfCheckInOptions> options, TimeProvider time)
{
    private readonly FailureCounter _failures = new(time);

    /// <summary>How long the member number is still refused; null when it may try.</summary>
    public TimeSpan? RetryAfter(string memberNumber) => _failures.RetryAfter(memberNumber);

    public void RecordFailure(string memberNumber)
    {
        var settings = options.CurrentValue;
        _failures.RecordFailure(memberNumber, settings.VolunteerFailureLimit, settings.VolunteerFailureWindow, settings.VolunteerLockout);
    }

    /// <summary>A right pair forgets the earlier slips.</summary>
    public void RecordSuccess(string memberNumber) => _failures.Forget(memberNumber);
}
