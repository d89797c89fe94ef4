using System.Globalization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

/// <summary>
/// A summary's 24 hourly figures stored as one text column, "0,3,12,…". Not a JSON primitive collection: the city's
/// peak-times grid reads ~21,000 area days for a year, and parsing their JSON arrays through EF cost ~10 µs a row
/// (hundreds of milliseconds); this format parses in a fraction of that, and reads the same on every provider.
/// </summary>
internal static class HourlyColumns
{
    private static readonly ValueConverter<int[], string> Converter = new(v => Format(v), s => Parse(s));

    private static readonly ValueComparer<int[]> Comparer = new(
        (a, b) => a!.SequenceEqual(b!),
        v => v.Aggregate(0, (hash, x) => HashCode.Combine(hash, x)),
        v => v.ToArray());

    public static void Configure<T>(EntityTypeBuilder<T> builder)
        where T : DaySummary
    {
        builder.Property(s => s.CheckInsByHour).HasConversion(Converter, Comparer).HasMaxLength(MaxLength);
        builder.Property(s => s.HeadCountByHour).HasConversion(Converter, Comparer).HasMaxLength(MaxLength);
        builder.Property(s => s.HeadCountSamplesByHour).HasConversion(Converter, Comparer).HasMaxLength(MaxLength);
    }

    /// <summary>24 figures of up to 11 characters and their separators.</summary>
    private const int MaxLength = DaySummary.Hours * 12;

    public static string Format(int[] values) => string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    public static int[] Parse(string text)
    {
        var values = new int[DaySummary.Hours];
        var span = text.AsSpan();
        for (var h = 0; h < values.Length && !span.IsEmpty; h++)
        {
            var comma = span.IndexOf(',');
            var item = comma < 0 ? span : span[..comma];
            values[h] = int.Parse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            span = comma < 0 ? [] : span[(comma + 1)..];
        }

        return values;
    }
}
