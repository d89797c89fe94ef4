using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedStation.Dashboard.Api;

/// <summary>
/// A request field refused by the API's own reading rules; <see cref="ApiExceptionHandler"/> answers it with a
/// problem naming the field. <paramref name="requirement"/> completes "'field' …".
/// </summary>
internal sealed class InvalidFieldException(string requirement) : JsonException(requirement);

/// <summary>
/// Instants must carry their offset. System.Text.Json reads <c>2026-05-01T09:00:00</c> as the server's local time, so an
/// integrator in Ningde meaning 09:00 city time lands 8 hours off on a server that runs in UTC; refused instead, so the
/// sender says which instant it means. Written as System.Text.Json writes it (ISO 8601 with the offset).
/// </summary>
internal sealed class InstantJsonConverter : JsonConverter<DateTimeOffset>
{
    public const string Requirement = "must be an instant with a UTC offset (ISO 8601, e.g. 2026-05-01T09:00:00+08:00 or 2026-05-01T01:00:00Z)";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Without an offset (or a Z) the reader gives an Unspecified DateTime; a date alone is one too.
        if (reader.TokenType != JsonTokenType.String
            || !reader.TryGetDateTime(out var parsed)
            || parsed.Kind == DateTimeKind.Unspecified
            || !reader.TryGetDateTimeOffset(out var instant))
        {
            throw new InvalidFieldException(Requirement);
        }

        return instant;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
