using RedStation.Data.Entities;

namespace RedStation.Data.Analytics;

/// <summary>
/// What the analytics answer for: the city days <see cref="From"/> to <see cref="To"/> (both included, in the
/// city's time zone), narrowed to a district, a kind of station or one station when set.
/// </summary>
public sealed record AnalyticsFilter(DateOnly From, DateOnly To, int? DistrictId = null, StationKind? Kind = null, int? StationId = null)
{
    /// <summary>The longest range analytics answer for (two years), so that a typo cannot ask for a century.</summary>
    public const int MaxDays = 732;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The period of equal length just before this one, with the same narrowing: the overlay on trends.</summary>
    public AnalyticsFilter Previous => this with { From = From.AddDays(-Days), To = From.AddDays(-1) };

    public bool IsNarrowed => DistrictId is not null || Kind is not null || StationId is not null;

    /// <summary>The same filter with its range put right: from ≤ to, and no longer than <see cref="MaxDays"/>.</summary>
    public AnalyticsFilter Normalized()
    {
        var (from, to) = From <= To ? (From, To) : (To, From);
        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            from = to.AddDays(-(MaxDays - 1));
        }

        return this with { From = from, To = to };
    }
}

public enum TrendGrain
{
    Day = 0,
    Week = 1,
    Month = 2,
}

public enum HeatMapMeasure
{
    /// <summary>Volunteers checking in, counted by the hour they checked in.</summary>
    CheckIns = 0,

    /// <summary>The average head-count recorded by the head-count changes in that hour.</summary>
    HeadCount = 1,
}

/// <summary>One bucket of a trend: the city days it covers and the figures of this period and of the previous one.</summary>
public sealed record TrendPoint(
    DateOnly Start,
    DateOnly End,
    int CheckIns,
    double VolunteerHours,
    int Activities,
    int Attendance,
    int PreviousCheckIns,
    double PreviousVolunteerHours,
    int PreviousActivities,
    int PreviousAttendance);

public sealed record TrendReport(TrendGrain Grain, IReadOnlyList<TrendPoint> Points)
{
    public int CheckIns => Points.Sum(p => p.CheckIns);
    public double VolunteerHours => Points.Sum(p => p.VolunteerHours);
    public int Activities => Points.Sum(p => p.Activities);
    public int Attendance => Points.Sum(p => p.Attendance);
    public int PreviousCheckIns => Points.Sum(p => p.PreviousCheckIns);
    public double PreviousVolunteerHours => Points.Sum(p => p.PreviousVolunteerHours);
    public int PreviousActivities => Points.Sum(p => p.PreviousActivities);
    public int PreviousAttendance => Points.Sum(p => p.PreviousAttendance);
}

/// <summary>A weekday × hour grid in city time: <c>Values[weekday][hour]</c>, Monday first (index 0) to Sunday (6).</summary>
public sealed record HeatMapReport(HeatMapMeasure Measure, double[][] Values)
{
    public static IReadOnlyList<DayOfWeek> WeekdayOrder { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public double At(DayOfWeek day, int hour) => Values[((int)day + 6) % 7][hour];
}

public sealed record StationRanking(
    int StationId, string Code, string Name, int DistrictId, string DistrictName, string DistrictNameEn, StationKind Kind,
    int CheckIns, double VolunteerHours, int Activities, int Attendance);

public sealed record VolunteerRanking(int VolunteerId, string Name, string DistrictName, string DistrictNameEn, int Sessions, double Hours, int Stations);

public sealed record TeamRanking(int TeamId, string Name, string NameEn, int Volunteers, int Sessions, double Hours) : IBilingualName;

public sealed record DistrictRanking(int DistrictId, string Name, string NameEn, int CheckIns, double VolunteerHours, int Activities, int Attendance) : IBilingualName;

public sealed record RankingsReport(
    IReadOnlyList<StationRanking> Stations,
    IReadOnlyList<VolunteerRanking> Volunteers,
    IReadOnlyList<TeamRanking> Teams,
    IReadOnlyList<DistrictRanking> Districts);

/// <summary>Red Stations open against planned (shared venues are not part of the target), and volunteers who served.</summary>
public sealed record DistrictTarget(int DistrictId, string Name, string NameEn, int OpenStations, int PlannedStations, int ServedVolunteers, int RegisteredVolunteers) : IBilingualName;

public sealed record TargetsReport(IReadOnlyList<DistrictTarget> Districts)
{
    public int OpenStations => Districts.Sum(d => d.OpenStations);
    public int PlannedStations => Districts.Sum(d => d.PlannedStations);
    public int ServedVolunteers => Districts.Sum(d => d.ServedVolunteers);
    public int RegisteredVolunteers => Districts.Sum(d => d.RegisteredVolunteers);
}

/// <summary>Wishes posted in the period and what became of them; ages in hours (null when nothing to average).</summary>
public sealed record WishBreakdown(
    string Key, int Posted, int Claimed, int Fulfilled, int Cancelled, int Overdue,
    double? AverageHoursToClaim, double? AverageHoursToFulfil);

public sealed record WishReport(WishBreakdown Total, IReadOnlyList<WishBreakdown> ByCategory, IReadOnlyList<WishBreakdown> ByDistrict);

public sealed record MediationBreakdown(string Key, int Cases, int Open, int Resolved, int Referred, double? AverageDaysToClose);

public sealed record MediationReport(MediationBreakdown Total, IReadOnlyList<MediationBreakdown> ByCategory, IReadOnlyList<MediationBreakdown> ByDistrict);

public sealed record StationProfile(
    int Id, string Code, string Name, StationKind Kind, StationStatus Status, int Capacity, TimeOnly OpensAt, TimeOnly ClosesAt,
    string CommunityName, int DistrictId, string DistrictName, string DistrictNameEn, string? HostUnit);

public sealed record ActivityLine(long Id, string Title, string TypeName, string TypeNameEn, DateTime StartsAt, DateTime EndsAt, int Attendance, int StationId, string StationName);

public sealed record WishLine(long Id, WishCategory Category, string Title, WishStatus Status, DateTime PostedAt, DateTime? ClaimedAt, DateTime? FulfilledAt);

public sealed record MediationLine(long Id, MediationCategory Category, MediationStatus Status, DateTime OpenedAt, DateTime? ClosedAt);

public sealed record StationVolunteerLine(int VolunteerId, string Name, int Sessions, double Hours, DateTime LastServedAt);

public sealed record StationHistory(
    StationProfile Station,
    IReadOnlyList<ActivityLine> Activities,
    IReadOnlyList<StationVolunteerLine> Volunteers,
    IReadOnlyList<WishLine> Wishes,
    IReadOnlyList<MediationLine> MediationCases);

/// <summary>A volunteer as analytics show them: never the full phone number, only its last four digits.</summary>
public sealed record VolunteerProfile(
    int Id, string Name, string MemberNumber, string? PhoneTail, string WorkUnit, string CommunityName, string DistrictName, string DistrictNameEn,
    DateTime RegisteredAt, IReadOnlyList<string> Teams);

public sealed record VolunteerStationLine(int StationId, string StationName, int Sessions, double Hours);

public sealed record SessionLine(long Id, int StationId, string StationName, DateTime CheckedInAt, DateTime? CheckedOutAt, double Hours, bool ClosedAutomatically);

public sealed record VolunteerHistory(
    VolunteerProfile Volunteer,
    int Sessions,
    double Hours,
    IReadOnlyList<VolunteerStationLine> Stations,
    IReadOnlyList<SessionLine> RecentSessions,
    int WishesFulfilled);

/// <summary>
/// The programme's figures since <paramref name="Since"/>, its historical baseline included (see
/// <see cref="AnalyticsService.GetProgrammeTotalsAsync"/>).
/// </summary>
/// <param name="Since">The programme's first day: the baseline's start, or the caller's fallback when there is none.</param>
/// <param name="RecordedFrom">The first day whose records the figures count: the day after the baseline's last for the network, else <paramref name="Since"/>.</param>
/// <param name="StationsBuiltOutside">Red Stations built that are not entered as stations (the baseline's; in <paramref name="RedStationsOpen"/> and <paramref name="RedStationsPlanned"/>).</param>
/// <param name="IncludesBaseline">Whether a baseline's figures are part of these.</param>
public sealed record ProgrammeTotals(
    DateOnly Since,
    DateOnly RecordedFrom,
    int CheckIns,
    double Hours,
    int Volunteers,
    int WishesFulfilled,
    int WishesClaimed,
    int DisputesSettled,
    int RedStationsOpen,
    int RedStationsPlanned,
    int StationsBuiltOutside,
    bool IncludesBaseline);

public sealed record AnalyticsFilterOptions(IReadOnlyList<Services.DistrictOption> Districts);
