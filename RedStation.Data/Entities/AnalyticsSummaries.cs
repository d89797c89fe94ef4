namespace RedStation.Data.Entities;

/// <summary>
/// One city day of analytics figures, kept up to date with the rows they summarise (see
/// <see cref="Analytics.SummaryMaintainer"/>) so that a year of history is read in tens of thousands of rows,
/// not millions. The definitions are those of <see cref="Analytics.AnalyticsService"/>: a session counts on the
/// city day and hour its volunteer checked in, with all its time (also past midnight); an activity on the day it
/// starts; a head-count change on the hour it was recorded.
/// </summary>
/// <remarks>
/// A session still under way has no length yet: it is counted in <see cref="OpenSessions"/> and
/// <see cref="OpenCheckInMilliseconds"/>, and its time "up to now" is worked out when the figures are read.
/// A row with nothing to count does not exist (the maintainer removes it), so a rebuild from the raw rows gives the
/// very same rows.
/// </remarks>
public abstract class DaySummary : ISummaryRow<DaySummary>
{
    public const int Hours = 24;

    public DateOnly Day { get; set; }

    /// <summary>The day's weekday, Monday 0 to Sunday 6: the peak-times grid groups by it.</summary>
    public int Weekday { get; set; }

    /// <summary>Sessions begun that day (closed or not).</summary>
    public int CheckIns { get; set; }

    /// <summary>The summed length, in ticks, of the sessions begun that day and already closed.</summary>
    public long ClosedSessionTicks { get; set; }

    public int OpenSessions { get; set; }

    /// <summary>The sum of the open sessions' check-in instants, in milliseconds since the Unix epoch (UTC).</summary>
    public long OpenCheckInMilliseconds { get; set; }

    public int Activities { get; set; }

    public int Attendance { get; set; }

    /// <summary>Check-ins by the city hour they happened, 0–23.</summary>
    public int[] CheckInsByHour { get; set; } = new int[Hours];

    /// <summary>The head-counts recorded in each city hour, summed (the peak-times grid shows their average).</summary>
    public int[] HeadCountByHour { get; set; } = new int[Hours];

    /// <summary>How many head-count changes were recorded in each city hour.</summary>
    public int[] HeadCountSamplesByHour { get; set; } = new int[Hours];

    /// <summary>Nothing counted: no session, activity or head-count change contributes to this day.</summary>
    public bool IsEmpty => CheckIns == 0 && Activities == 0 && HeadCountSamplesByHour.All(s => s == 0);

    /// <summary>Adds <paramref name="other"/>'s figures, times <paramref name="sign"/> (−1 takes them away).</summary>
    public void Add(DaySummary other, int sign)
    {
        CheckIns += sign * other.CheckIns;
        ClosedSessionTicks += sign * other.ClosedSessionTicks;
        OpenSessions += sign * other.OpenSessions;
        OpenCheckInMilliseconds += sign * other.OpenCheckInMilliseconds;
        Activities += sign * other.Activities;
        Attendance += sign * other.Attendance;

        // New arrays rather than changes in place: the change tracker then sees a changed value for certain.
        CheckInsByHour = Sum(CheckInsByHour, other.CheckInsByHour, sign);
        HeadCountByHour = Sum(HeadCountByHour, other.HeadCountByHour, sign);
        HeadCountSamplesByHour = Sum(HeadCountSamplesByHour, other.HeadCountSamplesByHour, sign);
    }

    /// <summary>Same day, same figures (the key aside).</summary>
    public bool SameFigures(DaySummary other) =>
        Day == other.Day && Weekday == other.Weekday && CheckIns == other.CheckIns && ClosedSessionTicks == other.ClosedSessionTicks
        && OpenSessions == other.OpenSessions && OpenCheckInMilliseconds == other.OpenCheckInMilliseconds
        && Activities == other.Activities && Attendance == other.Attendance
        && CheckInsByHour.SequenceEqual(other.CheckInsByHour) && HeadCountByHour.SequenceEqual(other.HeadCountByHour)
        && HeadCountSamplesByHour.SequenceEqual(other.HeadCountSamplesByHour);

    private static int[] Sum(int[] left, int[] right, int sign)
    {
        var sum = new int[Hours];
        for (var h = 0; h < Hours; h++)
        {
            sum[h] = left[h] + (sign * right[h]);
        }

        return sum;
    }
}

/// <summary>One station's figures for one city day: what a single station's analytics read.</summary>
public sealed class StationDaySummary : DaySummary
{
    public int StationId { get; set; }
}

/// <summary>
/// The figures of all the stations of one district and kind for one city day: what the city, a district or a kind
/// of station read (at most 10 districts × 8 kinds rows a day). A station that changes district or kind takes its
/// figures along (see <see cref="Analytics.SummaryMaintainer"/>).
/// </summary>
public sealed class AreaDaySummary : DaySummary
{
    public int DistrictId { get; set; }

    public StationKind Kind { get; set; }
}

/// <summary>
/// One station's figures for one calendar month of the city (<see cref="Month"/> is its first day): the sums of its
/// <see cref="StationDaySummary"/> rows, without the hourly figures. Station rankings over a long period read the whole
/// months from here and only the days of the months cut by the period's ends from the day rows — a year of the network
/// is ~5,400 rows here against 165,000 day rows. Kept by the same save as the day rows
/// (<see cref="Analytics.SummaryMaintainer"/>); a month with nothing to count has no row.
/// </summary>
public sealed class StationMonthSummary : ISummaryRow<StationMonthSummary>
{
    public int StationId { get; set; }

    /// <summary>The first day of the city month.</summary>
    public DateOnly Month { get; set; }

    public int CheckIns { get; set; }

    public long ClosedSessionTicks { get; set; }

    public int OpenSessions { get; set; }

    public long OpenCheckInMilliseconds { get; set; }

    public int Activities { get; set; }

    public int Attendance { get; set; }

    /// <summary>No session and no activity: head-count changes alone do not make a month row.</summary>
    public bool IsEmpty => CheckIns == 0 && Activities == 0;

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>Adds a day's figures, times <paramref name="sign"/> (−1 takes them away).</summary>
    public void Add(DaySummary day, int sign) =>
        Add(day.CheckIns, day.ClosedSessionTicks, day.OpenSessions, day.OpenCheckInMilliseconds, day.Activities, day.Attendance, sign);

    /// <summary>Adds another month's figures, times <paramref name="sign"/>.</summary>
    public void Add(StationMonthSummary other, int sign) =>
        Add(other.CheckIns, other.ClosedSessionTicks, other.OpenSessions, other.OpenCheckInMilliseconds, other.Activities, other.Attendance, sign);

    private void Add(int checkIns, long closedSessionTicks, int openSessions, long openCheckInMilliseconds, int activities, int attendance, int sign)
    {
        CheckIns += sign * checkIns;
        ClosedSessionTicks += sign * closedSessionTicks;
        OpenSessions += sign * openSessions;
        OpenCheckInMilliseconds += sign * openCheckInMilliseconds;
        Activities += sign * activities;
        Attendance += sign * attendance;
    }

    /// <summary>Same station, month and figures.</summary>
    public bool SameFigures(StationMonthSummary other) =>
        StationId == other.StationId && Month == other.Month && CheckIns == other.CheckIns && ClosedSessionTicks == other.ClosedSessionTicks
        && OpenSessions == other.OpenSessions && OpenCheckInMilliseconds == other.OpenCheckInMilliseconds
        && Activities == other.Activities && Attendance == other.Attendance;
}

/// <summary>A summary row as the maintainer keeps it: changes added or taken away, and gone when nothing is left.</summary>
/// <typeparam name="TDelta">What a change to the row is: a day's figures, or a month's.</typeparam>
internal interface ISummaryRow<in TDelta>
{
    /// <summary>Nothing counted: such a row is not stored.</summary>
    bool IsEmpty { get; }

    /// <summary>Adds <paramref name="delta"/>'s figures, times <paramref name="sign"/> (−1 takes them away).</summary>
    void Add(TDelta delta, int sign);
}

/// <summary>
/// Row 1: which version of the summaries' definitions the stored rows follow. Missing or older: the summaries are rebuilt
/// from the raw rows at start-up (<see cref="Analytics.SummaryRebuilder"/>). Row 2
/// (<see cref="Analytics.SessionLedger.GenerationRow"/>): the generation of the sessions older than the
/// <see cref="Analytics.SessionLedger"/>'s horizon, raised by every save that changes one of them.
/// </summary>
public sealed class SummaryState
{
    public int Id { get; set; }

    public int Version { get; set; }

    public DateTime RebuiltAt { get; set; }
}
