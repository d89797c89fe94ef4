using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using RedStation.Data.Analytics;
using RedStation.Data.Entities;

namespace RedStation.Dashboard.Features.Analytics;

public enum DatePreset
{
    Today,
    Days7,
    Days30,
    Quarter,
    Year,
    Custom,
}

/// <summary>
/// The analytics filter as it travels in a URL (<c>?preset=days30&amp;district=2&amp;kind=Park&amp;grain=Week</c>), so that a
/// view can be shared or reloaded and an export asks for exactly what the page shows. Presets resolve against the
/// city's today; <see cref="DatePreset.Custom"/> carries its own <c>from</c> and <c>to</c> (yyyy-MM-dd).
/// </summary>
public sealed record AnalyticsQuery(
    DatePreset Preset = DatePreset.Days30,
    DateOnly? From = null,
    DateOnly? To = null,
    int? DistrictId = null,
    StationKind? Kind = null,
    TrendGrain Grain = TrendGrain.Day,
    HeatMapMeasure Measure = HeatMapMeasure.CheckIns)
{
    private const string DateFormat = "yyyy-MM-dd";

    public AnalyticsFilter ToFilter(DateOnly today, int? stationId = null)
    {
        var (from, to) = Preset switch
        {
            DatePreset.Today => (today, today),
            DatePreset.Days7 => (today.AddDays(-6), today),
            DatePreset.Quarter => (new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1), today),
            DatePreset.Year => (new DateOnly(today.Year, 1, 1), today),
            DatePreset.Custom when From is { } f && To is { } t => (f, t),
            _ => (today.AddDays(-29), today),
        };
        return new AnalyticsFilter(from, to, DistrictId, Kind, stationId).Normalized();
    }

    public static AnalyticsQuery Parse(string? preset, string? from, string? to, string? district, string? kind, string? grain, string? measure)
    {
        static DateOnly? Date(string? text) =>
            DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        static T? Enum<T>(string? text) where T : struct, System.Enum =>
            System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value : null;

        var query = new AnalyticsQuery(
            Enum<DatePreset>(preset) ?? DatePreset.Days30,
            Date(from),
            Date(to),
            int.TryParse(district, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d > 0 ? d : null,
            Enum<StationKind>(kind),
            Enum<TrendGrain>(grain) ?? TrendGrain.Day,
            Enum<HeatMapMeasure>(measure) ?? HeatMapMeasure.CheckIns);

        // A custom range without both ends is the default range.
        return query.Preset == DatePreset.Custom && (query.From is null || query.To is null) ? query with { Preset = DatePreset.Days30 } : query;
    }

    public static AnalyticsQuery FromQueryString(IQueryCollection query) =>
        Parse(query["preset"], query["from"], query["to"], query["district"], query["kind"], query["grain"], query["measure"]);

    /// <summary>The query string (with its leading '?') that <see cref="Parse"/> reads back to this query.</summary>
    public string ToQueryString()
    {
        var values = new Dictionary<string, string?> { ["preset"] = Preset.ToString().ToLowerInvariant() };
        if (Preset == DatePreset.Custom)
        {
            values["from"] = From?.ToString(DateFormat, CultureInfo.InvariantCulture);
            values["to"] = To?.ToString(DateFormat, CultureInfo.InvariantCulture);
        }

        if (DistrictId is { } district)
        {
            values["district"] = district.ToString(CultureInfo.InvariantCulture);
        }

        if (Kind is { } kind)
        {
            values["kind"] = kind.ToString();
        }

        if (Grain != TrendGrain.Day)
        {
            values["grain"] = Grain.ToString();
        }

        if (Measure != HeatMapMeasure.CheckIns)
        {
            values["measure"] = Measure.ToString();
        }

        return QueryHelpers.AddQueryString(string.Empty, values);
    }
}
