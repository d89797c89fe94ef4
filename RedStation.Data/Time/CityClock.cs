using Microsoft.Extensions.Options;

namespace RedStation.Data.Time;

/// <summary>
/// The city's wall clock. Instants are UTC everywhere; "today" and per-day figures follow the
/// city's time zone (<c>RedStation:TimeZone</c>), whatever zone the server's clock is in.
/// </summary>
public sealed class CityClock
{
    private readonly TimeProvider _time;

    public CityClock(TimeProvider time, IOptions<RedStationOptions> options)
    {
        _time = time;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
    }

    public TimeZoneInfo Zone { get; }

    public TimeProvider TimeProvider => _time;

    /// <summary>
    /// Now, to the microsecond: the precision PostgreSQL stores (SQLite keeps .NET's 100 ns ticks), so that an instant
    /// held in the live state equals the same instant read back from either database.
    /// </summary>
    public DateTime UtcNow
    {
        get
        {
            var now = _time.GetUtcNow().UtcDateTime;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        }
    }

    public DateTime LocalNow => ToLocal(UtcNow);

    public DateOnly Today => DateOnly.FromDateTime(LocalNow);

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);

    public DateTime ToUtc(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    /// <summary>The UTC instant at which the given city day starts.</summary>
    public DateTime StartOfDayUtc(DateOnly day) => ToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The half-open UTC range [start, end) of a city day.</summary>
    public (DateTime Start, DateTime End) DayRangeUtc(DateOnly day) =>
        (StartOfDayUtc(day), StartOfDayUtc(day.AddDays(1)));
}
