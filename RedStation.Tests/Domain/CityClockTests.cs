using Microsoft.Extensions.Options;
using RedStation.Data;
using RedStation.Data.Time;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain;

public sealed class CityClockTests
{
    [Fact]
    public void Today_FollowsTheCityNotUtc()
    {
        // 2026-11-27 17:30 UTC is already 01:30 on the 28th in Ningde.
        var clock = new CityClock(new ManualTimeProvider(new DateTimeOffset(2026, 11, 27, 17, 30, 0, TimeSpan.Zero)), Options.Create(new RedStationOptions()));

        Assert.Equal(new DateOnly(2026, 11, 28), clock.Today);
        Assert.Equal(new DateTime(2026, 11, 27, 16, 0, 0, DateTimeKind.Utc), clock.StartOfDayUtc(clock.Today));
    }

    [Fact]
    public void DayRange_FollowsTheConfiguredZone()
    {
        var clock = new CityClock(new ManualTimeProvider(DateTimeOffset.UnixEpoch), Options.Create(new RedStationOptions { TimeZone = "Europe/London" }));

        var (start, end) = clock.DayRangeUtc(new DateOnly(2026, 7, 1));

        Assert.Equal(new DateTime(2026, 6, 30, 23, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(TimeSpan.FromHours(24), end - start);
    }
}
