using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using RedStation.Data.Entities;
using RedStation.Data.Security;

namespace RedStation.Data.Auditing;

/// <summary>
/// Turns what a write changed into <see cref="AuditEntry"/> rows: <see cref="Capture"/> before the save
/// (when the original values are still known), <see cref="Complete"/> after it (when generated keys are).
/// Generic over the model, so a new entity is audited without anyone remembering to.
/// </summary>
internal sealed class AuditRecorder
{
    /// <summary>Never written to the audit trail, only the fact that they changed.</summary>
    private static readonly HashSet<string> Secrets = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "Hash", "Secret",
    };

    /// <summary>Not domain data: the audit itself, replay caches, key material, the live feed's bookkeeping, the analytics summaries and the contact points' delivery log.</summary>
    private static readonly HashSet<Type> NotAudited =
    [
        typeof(AuditEntry), typeof(IdempotencyRecord), typeof(DataProtectionKey), typeof(LiveOriginMark),
        typeof(StationDaySummary), typeof(StationMonthSummary), typeof(AreaDaySummary), typeof(SummaryState),
        typeof(ContactPointDelivery),
    ];

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    private const string Redacted = "***";

    private readonly List<(EntityEntry Entry, AuditChange Change, Dictionary<string, object?>? Before, Dictionary<string, object?>? After)> _captured = [];

    public static AuditRecorder Capture(ChangeTracker tracker)
    {
        var recorder = new AuditRecorder();
        tracker.DetectChanges();
        foreach (var entry in tracker.Entries())
        {
            if (NotAudited.Contains(entry.Metadata.ClrType) || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    recorder._captured.Add((entry, AuditChange.Added, null, null));
                    break;
                case EntityState.Deleted:
                    recorder._captured.Add((entry, AuditChange.Deleted, Values(entry, p => true, original: true), null));
                    break;
                case EntityState.Modified:
                    var changed = entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).Select(p => p.Metadata.Name).ToHashSet();
                    if (changed.Count > 0)
                    {
                        recorder._captured.Add((entry, AuditChange.Modified,
                            Values(entry, changed.Contains, original: true), Values(entry, changed.Contains, original: false)));
                    }

                    break;
            }
        }

        return recorder;
    }

    /// <summary>Builds the entries into <paramref name="entries"/>; call after the change was saved, when generated keys are known.</summary>
    public void Complete(List<AuditEntry> entries, Actor actor, DateTime at)
    {
        foreach (var (entry, change, before, after) in _captured)
        {
            var afterValues = change == AuditChange.Added ? Values(entry, p => true, original: false) : after;
            entries.Add(NewEntry(actor, at, entry.Metadata, KeyOf(entry), change, StationOf(entry), before, afterValues));
        }
    }

    /// <summary>
    /// The entry for a row inserted without the change tracker (<c>WriteScope.InsertAsync</c>), once its key is known:
    /// the same entry a tracked addition of it would get. Null for a type that is not audited.
    /// </summary>
    public static AuditEntry? Added(IEntityType type, object entity, Actor actor, DateTime at)
    {
        if (NotAudited.Contains(type.ClrType))
        {
            return null;
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties())
        {
            values[property.Name] = Secrets.Contains(property.Name) ? Redacted : property.GetGetter().GetClrValue(entity);
        }

        var key = type.FindPrimaryKey() is { } primaryKey
            ? string.Join('/', primaryKey.Properties.Select(p => Convert.ToString(values[p.Name], CultureInfo.InvariantCulture)))
            : string.Empty;
        var station = entity is Station s ? s.Id : values.GetValueOrDefault("StationId") as int?;
        return NewEntry(actor, at, type, key, AuditChange.Added, station, null, values);
    }

    private static AuditEntry NewEntry(
        Actor actor, DateTime at, IEntityType type, string key, AuditChange change, int? stationId,
        Dictionary<string, object?>? before, Dictionary<string, object?>? after) => new()
    {
        At = at,
        ActorKind = actor.Kind,
        ActorId = Truncate(actor.Id, 100),
        ActorName = Truncate(actor.Name, TextLimits.Name),
        Entity = type.ClrType.Name,
        EntityKey = Truncate(key, 200),
        Change = change,
        StationId = stationId,
        Before = before is null ? null : JsonSerializer.Serialize(before, Json),
        After = after is null ? null : JsonSerializer.Serialize(after, Json),
    };

    private static Dictionary<string, object?> Values(EntityEntry entry, Func<string, bool> include, bool original)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (include(name))
            {
                values[name] = Secrets.Contains(name) ? Redacted : original ? property.OriginalValue : property.CurrentValue;
            }
        }

        return values;
    }

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        return key is null
            ? string.Empty
            : string.Join('/', key.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));
    }

    private static int? StationOf(EntityEntry entry)
    {
        if (entry.Entity is Station station)
        {
            return station.Id;
        }

        return entry.Metadata.FindProperty("StationId") is { } property && entry.Property(property.Name).CurrentValue is int id ? id : null;
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
