using RedStation.Data.Time;

namespace RedStation.Data.Alerts;

/// <summary>The snoozes an organiser picks from, and the mute (until lifted).</summary>
public enum AlertSnooze
{
    OneHour,
    FourHours,
    UntilTomorrowMorning,
    SevenDays,
    Mute,
}

public static class AlertSnoozes
{
    /// <summary>The city's morning a "until tomorrow" snooze ends at.</summary>
    public static readonly TimeOnly Morning = new(8, 0);

    /// <summary>When a choice ends, by the city clock; null for a mute.</summary>
    public static DateTime? Until(AlertSnooze choice, CityClock clock) => choice switch
    {
        AlertSnooze.OneHour => clock.UtcNow.AddHours(1),
        AlertSnooze.FourHours => clock.UtcNow.AddHours(4),
        AlertSnooze.UntilTomorrowMorning => clock.ToUtc(clock.Today.AddDays(1).ToDateTime(Morning)),
        AlertSnooze.SevenDays => clock.UtcNow.AddDays(7),
        _ => null,
    };
}
