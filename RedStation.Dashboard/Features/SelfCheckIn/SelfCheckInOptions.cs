namespace RedStation.Dashboard.Features.SelfCheckIn;

/// <summary>The <c>Security:SelfCheckIn</c> section: the limits on the volunteers' self check-in page.</summary>
public sealed class SelfCheckInOptions
{
    public const string SectionName = "Security:SelfCheckIn";

    /// <summary>
    /// Check-in and check-out attempts (form posts) allowed per client IP address per <see cref="DeviceWindow"/>.
    /// Generous on purpose: a queue of volunteers on a station's Wi-Fi shares one address.
    /// </summary>
    public int DevicePermitLimit { get; set; } = 20;

    public TimeSpan DeviceWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Short links (<c>/c/{code}</c>, typed from the poster) opened per client IP address per <see cref="DeviceWindow"/>:
    /// a budget that makes guessing codes at speed pointless, with room for a queue on one Wi-Fi.
    /// </summary>
    public int ShortLinkPermitLimit { get; set; } = 30;

    /// <summary>Wrong member number / phone tail pairs allowed per member number within <see cref="VolunteerFailureWindow"/>.</summary>
    public int VolunteerFailureLimit { get; set; } = 5;

    public TimeSpan VolunteerFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a member number is refused, from any device, once it reached <see cref="VolunteerFailureLimit"/>.</summary>
    public TimeSpan VolunteerLockout { get; set; } = TimeSpan.FromMinutes(15);
}
