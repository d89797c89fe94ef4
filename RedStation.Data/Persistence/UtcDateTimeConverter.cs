using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RedStation.Data.Persistence;

/// <summary>SQLite keeps no DateTimeKind: values are written as UTC and read back marked as UTC.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
