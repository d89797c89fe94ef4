using System.Globalization;
using RedStation.Dashboard.Security;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Analytics;

/// <summary>
/// The exports: <c>GET /analytics/export/{section}.{csv|xlsx}</c> with the page's own query string, and the monthly
/// report <c>GET /analytics/report/{yyyy-MM}.xlsx</c> (one sheet per section). Organisers and administrators only.
/// </summary>
public static class AnalyticsEndpoints
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services) =>
        services.AddTransient<AnalyticsTables>();

    public static IEndpointRouteBuilder MapAnalyticsExports(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/analytics").RequireAuthorization(SecurityPolicies.SeeAnalytics);
        group.MapGet("/export/{section}.{format}", ExportAsync);
        group.MapGet("/report/{month}.xlsx", MonthlyReportAsync);
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(
        string section, string format, HttpContext http, AnalyticsTables tables, CityClock clock, CancellationToken cancellationToken)
    {
        if (format is not ("csv" or "xlsx") || !AnalyticsTables.Sections.Contains(section))
        {
            return Results.NotFound();
        }

        var query = AnalyticsQuery.FromQueryString(http.Request.Query);
        var filter = query.ToFilter(clock.Today);
        var table = (await tables.BuildAsync(section, filter, query, cancellationToken))!;
        var name = FormattableString.Invariant($"redstation-{section}-{filter.From:yyyyMMdd}-{filter.To:yyyyMMdd}");
        return format == "csv"
            ? Results.File(AnalyticsFiles.Csv(table), AnalyticsFiles.CsvContentType, name + ".csv")
            : Results.File(AnalyticsFiles.Xlsx([table]), AnalyticsFiles.XlsxContentType, name + ".xlsx");
    }

    private static async Task<IResult> MonthlyReportAsync(
        string month, HttpContext http, AnalyticsTables tables, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            return Results.NotFound();
        }

        var query = AnalyticsQuery.FromQueryString(http.Request.Query) with
        {
            Preset = DatePreset.Custom, From = first, To = first.AddMonths(1).AddDays(-1),
        };
        var all = await tables.BuildAllAsync(query.ToFilter(first), query, cancellationToken);
        return Results.File(AnalyticsFiles.Xlsx(all), AnalyticsFiles.XlsxContentType, $"redstation-report-{month}.xlsx");
    }
}
