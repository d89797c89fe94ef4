using RedStation.Data.Entities;

namespace RedStation.Data.Analytics;

/// <summary>Peak times: check-ins or the average head count in each weekday × hour cell of a period (the day summaries).</summary>
internal sealed class PeakTimesQuery(AnalyticsReader reader)
{
    public async Task<HeatMapReport> GetHeatMapAsync(AnalyticsFilter filter, HeatMapMeasure measure, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await reader.OpenAsync(cancellationToken);
        var scope = await reader.ScopeAsync(db, filter, cancellationToken);
        var totals = new double[7][];
        var samples = new double[7][];
        for (var d = 0; d < 7; d++)
        {
            totals[d] = new double[24];
            samples[d] = new double[24];
        }

        var rows = scope.ByStation
            ? await AnalyticsReader.HoursByDayAsync(AnalyticsReader.StationDays(db, scope, filter.From, filter.To), measure, cancellationToken)
            : await AnalyticsReader.HoursByDayAsync(AnalyticsReader.AreaDays(db, filter, filter.From, filter.To), measure, cancellationToken);
        foreach (var row in rows)
        {
            for (var h = 0; h < DaySummary.Hours; h++)
            {
                totals[row.Weekday][h] += row.Totals[h];
                samples[row.Weekday][h] += row.Samples?[h] ?? row.Totals[h];
            }
        }

        var values = totals.Select((day, d) => day.Select((total, h) => measure == HeatMapMeasure.CheckIns
            ? total
            : samples[d][h] == 0 ? 0 : Math.Round(total / samples[d][h], 1)).ToArray()).ToArray();
        return new HeatMapReport(measure, values);
    }
}
