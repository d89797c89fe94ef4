using System.Globalization;
using Microsoft.Extensions.Localization;
using RedStation.Dashboard.Localization;
using RedStation.Data.Analytics;

namespace RedStation.Dashboard.Features.Analytics;

/// <summary>One table of figures as exported: a sheet in a workbook, or a CSV file.</summary>
public sealed record ExportTable(string Key, string Title, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows);

/// <summary>
/// Turns the analytics answers into the tables that are exported, with headers in the reader's language. Every
/// section of the page exports from here, so a file holds exactly what the service answered for the same filter.
/// </summary>
public sealed class AnalyticsTables(AnalyticsService analytics, IStringLocalizer<SharedResource> l)
{
    /// <summary>The sections that can be exported one by one, in the order of the monthly report's sheets.</summary>
    public static IReadOnlyList<string> Sections { get; } =
        ["trend", "heatmap", "stations", "volunteers", "teams", "districts", "targets", "wishes", "mediation"];

    public async Task<ExportTable?> BuildAsync(string section, AnalyticsFilter filter, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        await LoadDistrictNamesAsync(cancellationToken);
        return section switch
        {
            "trend" => Trend(await analytics.GetTrendAsync(filter, query.Grain, cancellationToken)),
            "heatmap" => HeatMap(await analytics.GetHeatMapAsync(filter, query.Measure, cancellationToken)),
            "stations" => Stations(await analytics.GetRankingsAsync(filter, cancellationToken)),
            "volunteers" => Volunteers(await analytics.GetRankingsAsync(filter, cancellationToken)),
            "teams" => Teams(await analytics.GetRankingsAsync(filter, cancellationToken)),
            "districts" => Districts(await analytics.GetRankingsAsync(filter, cancellationToken)),
            "targets" => Targets(await analytics.GetTargetsAsync(filter, cancellationToken)),
            "wishes" => Wishes(await analytics.GetWishesAsync(filter, cancellationToken)),
            "mediation" => Mediation(await analytics.GetMediationAsync(filter, cancellationToken)),
            _ => null,
        };
    }

    public async Task<IReadOnlyList<ExportTable>> BuildAllAsync(AnalyticsFilter filter, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        await LoadDistrictNamesAsync(cancellationToken);
        var rankings = await analytics.GetRankingsAsync(filter, cancellationToken);
        return
        [
            Trend(await analytics.GetTrendAsync(filter, query.Grain, cancellationToken)),
            HeatMap(await analytics.GetHeatMapAsync(filter, query.Measure, cancellationToken)),
            Stations(rankings),
            Volunteers(rankings),
            Teams(rankings),
            Districts(rankings),
            Targets(await analytics.GetTargetsAsync(filter, cancellationToken)),
            Wishes(await analytics.GetWishesAsync(filter, cancellationToken)),
            Mediation(await analytics.GetMediationAsync(filter, cancellationToken)),
        ];
    }

    public ExportTable Trend(TrendReport report) => new("trend", l["Analytics.Trends"],
        [l["Analytics.Col.From"], l["Analytics.Col.To"], l["Analytics.Metric.CheckIns"], l["Analytics.Metric.Hours"], l["Analytics.Metric.Activities"],
         l["Analytics.Metric.Attendance"], l["Analytics.Col.PreviousCheckIns"], l["Analytics.Col.PreviousHours"], l["Analytics.Col.PreviousActivities"],
         l["Analytics.Col.PreviousAttendance"]],
        [.. report.Points.Select(p => new object?[]
        {
            Day(p.Start), Day(p.End), p.CheckIns, p.VolunteerHours, p.Activities, p.Attendance,
            p.PreviousCheckIns, p.PreviousVolunteerHours, p.PreviousActivities, p.PreviousAttendance,
        })]);

    public ExportTable HeatMap(HeatMapReport report) => new("heatmap",
        report.Measure == HeatMapMeasure.CheckIns ? l["Analytics.PeakTimes.CheckIns"] : l["Analytics.PeakTimes.HeadCount"],
        [l["Analytics.Col.Weekday"], .. Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture) + ":00")],
        [.. HeatMapReport.WeekdayOrder.Select((day, i) => new object?[] { WeekdayName(day) }.Concat(report.Values[i].Cast<object?>()).ToArray())]);

    public ExportTable Stations(RankingsReport report) => new("stations", l["Analytics.Rank.Stations"],
        [l["Column.Code"], l["Column.Name"], l["Column.District"], l["Column.Kind"], l["Analytics.Metric.CheckIns"], l["Analytics.Metric.Hours"],
         l["Analytics.Metric.Activities"], l["Analytics.Metric.Attendance"]],
        [.. report.Stations.Select(s => new object?[]
        {
            s.Code, s.Name, Bilingual.Pick(s.DistrictName, s.DistrictNameEn), l[$"StationKind.{s.Kind}"].Value, s.CheckIns, s.VolunteerHours, s.Activities, s.Attendance,
        })]);

    public ExportTable Volunteers(RankingsReport report) => new("volunteers", l["Analytics.Rank.Volunteers"],
        [l["Analytics.Col.VolunteerId"], l["Column.Name"], l["Column.District"], l["Analytics.Col.Sessions"], l["Analytics.Metric.Hours"], l["Analytics.Col.Stations"]],
        [.. report.Volunteers.Select(v => new object?[] { v.VolunteerId, v.Name, Bilingual.Pick(v.DistrictName, v.DistrictNameEn), v.Sessions, v.Hours, v.Stations })]);

    public ExportTable Teams(RankingsReport report) => new("teams", l["Analytics.Rank.Teams"],
        [l["Column.Name"], l["Analytics.Col.Volunteers"], l["Analytics.Col.Sessions"], l["Analytics.Metric.Hours"]],
        [.. report.Teams.Select(t => new object?[] { t.DisplayName(), t.Volunteers, t.Sessions, t.Hours })]);

    public ExportTable Districts(RankingsReport report) => new("districts", l["Analytics.Rank.Districts"],
        [l["Column.District"], l["Analytics.Metric.CheckIns"], l["Analytics.Metric.Hours"], l["Analytics.Metric.Activities"], l["Analytics.Metric.Attendance"]],
        [.. report.Districts.Select(d => new object?[] { d.DisplayName(), d.CheckIns, d.VolunteerHours, d.Activities, d.Attendance })]);

    public ExportTable Targets(TargetsReport report) => new("targets", l["Analytics.Targets"],
        [l["Column.District"], l["Analytics.Col.OpenStations"], l["Analytics.Col.PlannedStations"], l["Analytics.Col.ServedVolunteers"], l["Analytics.Col.RegisteredVolunteers"]],
        [.. report.Districts.Select(d => new object?[] { d.DisplayName(), d.OpenStations, d.PlannedStations, d.ServedVolunteers, d.RegisteredVolunteers }),
         [l["Analytics.Col.Total"].Value, report.OpenStations, report.PlannedStations, report.ServedVolunteers, report.RegisteredVolunteers]]);

    public ExportTable Wishes(WishReport report) => new("wishes", l["Analytics.Wishes"],
        [l["Analytics.Col.Group"], l["Analytics.Wish.Posted"], l["Analytics.Wish.Claimed"], l["Analytics.Wish.Fulfilled"], l["Analytics.Wish.Cancelled"],
         l["Analytics.Wish.Overdue"], l["Analytics.Wish.HoursToClaim"], l["Analytics.Wish.HoursToFulfil"]],
        [.. new[] { report.Total }.Concat(report.ByCategory).Select(w => WishRow(WishLabel(w.Key), w)),
         .. report.ByDistrict.Select(w => WishRow(DistrictLabel(w.Key), w))]);

    public ExportTable Mediation(MediationReport report) => new("mediation", l["Analytics.Mediation"],
        [l["Analytics.Col.Group"], l["Analytics.Mediation.Cases"], l["Analytics.Mediation.Open"], l["Analytics.Mediation.Resolved"],
         l["Analytics.Mediation.Referred"], l["Analytics.Mediation.DaysToClose"]],
        [.. new[] { report.Total }.Concat(report.ByCategory).Select(m => MediationRow(MediationLabel(m.Key), m)),
         .. report.ByDistrict.Select(m => MediationRow(DistrictLabel(m.Key), m))]);

    /// <summary>District names for the breakdowns keyed by district id.</summary>
    public IReadOnlyDictionary<string, (string Name, string NameEn)> DistrictNames { get; set; } = new Dictionary<string, (string, string)>();

    public async Task LoadDistrictNamesAsync(CancellationToken cancellationToken)
    {
        var options = await analytics.GetFilterOptionsAsync(cancellationToken);
        DistrictNames = options.Districts.ToDictionary(d => d.Id.ToString(CultureInfo.InvariantCulture), d => (d.Name, d.NameEn));
    }

    public string WishLabel(string key) => key == "all" ? l["Analytics.Col.Total"] : l[$"WishCategory.{key}"];

    public string MediationLabel(string key) => key == "all" ? l["Analytics.Col.Total"] : l[$"MediationCategory.{key}"];

    public string DistrictLabel(string key) =>
        DistrictNames.TryGetValue(key, out var name) ? Bilingual.Pick(name.Name, name.NameEn) : key;

    public string WeekdayName(DayOfWeek day) => CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedDayName(day);

    private static object?[] WishRow(string label, WishBreakdown w) =>
        [label, w.Posted, w.Claimed, w.Fulfilled, w.Cancelled, w.Overdue, w.AverageHoursToClaim, w.AverageHoursToFulfil];

    private static object?[] MediationRow(string label, MediationBreakdown m) =>
        [label, m.Cases, m.Open, m.Resolved, m.Referred, m.AverageDaysToClose];

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
