using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Data.Analytics;

/// <summary>
/// Where a raw row goes in the summaries, and what it adds there: the one definition shared by the write path
/// (<see cref="SummaryMaintainer"/>, with −1 for what a change takes away), the rebuild (<see cref="SummaryRebuilder"/>)
/// and the seeder. Keyed by station and city day; the areas (district × kind) are the sums of their stations.
/// </summary>
internal sealed class SummaryBook(CityClock clock)
{
    public Dictionary<(int StationId, DateOnly Day), StationDaySummary> Stations { get; } = [];

    public bool IsEmpty => Stations.Count == 0;

    public void AddSession(int stationId, DateTime checkedInAt, DateTime? checkedOutAt, int sign)
    {
        var local = clock.ToLocal(checkedInAt);
        var row = Row(stationId, local);
        row.CheckIns += sign;
        row.CheckInsByHour[local.Hour] += sign;
        if (checkedOutAt is { } checkedOut)
        {
            row.ClosedSessionTicks += sign * (checkedOut - checkedInAt).Ticks;
        }
        else
        {
            row.OpenSessions += sign;
            row.OpenCheckInMilliseconds += sign * Milliseconds(checkedInAt);
        }
    }

    public void AddActivity(int stationId, DateTime startsAt, int attendance, int sign)
    {
        var row = Row(stationId, clock.ToLocal(startsAt));
        row.Activities += sign;
        row.Attendance += sign * attendance;
    }

    public void AddHeadCount(int stationId, DateTime at, int count, int sign)
    {
        var local = clock.ToLocal(at);
        var row = Row(stationId, local);
        row.HeadCountByHour[local.Hour] += sign * count;
        row.HeadCountSamplesByHour[local.Hour] += sign;
    }

    /// <summary>The station rows summed into their areas; <paramref name="areaOf"/> gives each station's district and kind.</summary>
    public Dictionary<(int DistrictId, StationKind Kind, DateOnly Day), AreaDaySummary> Areas(
        IReadOnlyDictionary<int, (int DistrictId, StationKind Kind)> areaOf)
    {
        var areas = new Dictionary<(int, StationKind, DateOnly), AreaDaySummary>();
        foreach (var ((stationId, day), row) in Stations)
        {
            var (districtId, kind) = areaOf[stationId];
            AddTo(areas, districtId, kind, row, 1);
        }

        return areas;
    }

    public static void AddTo(Dictionary<(int DistrictId, StationKind Kind, DateOnly Day), AreaDaySummary> areas,
        int districtId, StationKind kind, DaySummary row, int sign)
    {
        if (!areas.TryGetValue((districtId, kind, row.Day), out var area))
        {
            area = new AreaDaySummary { DistrictId = districtId, Kind = kind, Day = row.Day, Weekday = row.Weekday };
            areas.Add((districtId, kind, row.Day), area);
        }

        area.Add(row, sign);
    }

    /// <summary>Station day rows summed into their stations' months (the month rows keep no hourly figures).</summary>
    public static Dictionary<(int StationId, DateOnly Month), StationMonthSummary> Months(IEnumerable<StationDaySummary> days)
    {
        var months = new Dictionary<(int, DateOnly), StationMonthSummary>();
        foreach (var day in days)
        {
            var key = (day.StationId, StationMonthSummary.MonthOf(day.Day));
            if (!months.TryGetValue(key, out var month))
            {
                month = new StationMonthSummary { StationId = key.StationId, Month = key.Item2 };
                months.Add(key, month);
            }

            month.Add(day, 1);
        }

        return months;
    }

    /// <summary>Milliseconds since the Unix epoch: open sessions' check-ins are summed in these (ticks would overflow a long).</summary>
    public static long Milliseconds(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>The hours of summed sessions: the closed ones' recorded length, the open ones' time up to <paramref name="nowUtc"/>.</summary>
    public static double Hours(long closedTicks, long openSessions, long openCheckInMilliseconds, DateTime nowUtc) =>
        ((double)closedTicks / TimeSpan.TicksPerHour) + ((openSessions * Milliseconds(nowUtc)) - openCheckInMilliseconds) / 3_600_000.0;

    public static int WeekdayOf(DateOnly day) => ((int)day.DayOfWeek + 6) % 7;

    private StationDaySummary Row(int stationId, DateTime local)
    {
        var day = DateOnly.FromDateTime(local);
        if (!Stations.TryGetValue((stationId, day), out var row))
        {
            row = new StationDaySummary { StationId = stationId, Day = day, Weekday = WeekdayOf(day) };
            Stations.Add((stationId, day), row);
        }

        return row;
    }
}
