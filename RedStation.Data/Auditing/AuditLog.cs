using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Data.Auditing;

/// <summary>Which audit entries to read. Every filter is optional; dates are the city's days, both inclusive.</summary>
public sealed record AuditQuery
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public ActorKind? ActorKind { get; init; }

    /// <summary>Part of the actor's name (user name, key or token name).</summary>
    public string? Actor { get; init; }

    /// <summary>An entity type name, as <see cref="AuditLog.GetEntitiesAsync"/> lists them.</summary>
    public string? Entity { get; init; }

    public int? StationId { get; init; }
    public AuditChange? Change { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>One audit entry as the audit page lists it.</summary>
public sealed record AuditRow(
    long Id,
    DateTime At,
    ActorKind ActorKind,
    string ActorId,
    string ActorName,
    string Entity,
    string EntityKey,
    AuditChange Change,
    int? StationId,
    string? StationName);

/// <summary>One property of a changed row: its value before and after, as JSON text (null when absent).</summary>
public sealed record AuditValue(string Property, string? Before, string? After);

public sealed record AuditDetail(AuditRow Row, IReadOnlyList<AuditValue> Values);

/// <summary>
/// Reads the audit trail, newest first. Pages are offsets over <c>ORDER BY At DESC, Id DESC</c>, which SQLite walks
/// backwards along the <c>At</c> index (or <c>(StationId, At)</c> when filtered by station), so a page costs its
/// offset in index steps, never a sort of the whole table.
/// </summary>
public sealed class AuditLog(IDbContextFactory<RedStationDbContext> contextFactory, CityClock clock)
{
    public const int MaxPageSize = 200;

    public async Task<PagedResult<AuditRow>> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entries = Filter(db.AuditEntries.AsNoTracking(), query);
        var total = await entries.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var items = await Project(db, entries
                .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
                .Skip(Math.Max(query.Page, 0) * pageSize)
                .Take(pageSize))
            .ToListAsync(cancellationToken);
        return new PagedResult<AuditRow>(items, total);
    }

    /// <summary>One entry with its before and after values side by side, property by property.</summary>
    public async Task<AuditDetail?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.AuditEntries.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        var row = await Project(db, db.AuditEntries.AsNoTracking().Where(a => a.Id == id)).FirstAsync(cancellationToken);
        var before = Parse(entry.Before);
        var after = Parse(entry.After);
        var values = before.Keys.Concat(after.Keys.Where(k => !before.ContainsKey(k)))
            .Select(name => new AuditValue(name, before.GetValueOrDefault(name), after.GetValueOrDefault(name)))
            .ToList();
        return new AuditDetail(row, values);
    }

    /// <summary>The entity types that can appear in the trail: the model's, by name.</summary>
    public async Task<IReadOnlyList<string>> GetEntitiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return db.Model.GetEntityTypes()
            .Where(t => !t.IsOwned() && !t.HasSharedClrType && t.ClrType != typeof(AuditEntry))
            .Select(t => t.ClrType.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery query)
    {
        if (query.From is { } from)
        {
            var start = clock.StartOfDayUtc(from);
            entries = entries.Where(a => a.At >= start);
        }

        if (query.To is { } to)
        {
            var end = clock.StartOfDayUtc(to.AddDays(1));
            entries = entries.Where(a => a.At < end);
        }

        if (query.ActorKind is { } kind)
        {
            entries = entries.Where(a => a.ActorKind == kind);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            entries = entries.Where(a => a.ActorName.Contains(actor));
        }

        if (!string.IsNullOrWhiteSpace(query.Entity))
        {
            var entity = query.Entity.Trim();
            entries = entries.Where(a => a.Entity == entity);
        }

        if (query.StationId is { } stationId)
        {
            entries = entries.Where(a => a.StationId == stationId);
        }

        if (query.Change is { } change)
        {
            entries = entries.Where(a => a.Change == change);
        }

        return entries;
    }

    private static IQueryable<AuditRow> Project(RedStationDbContext db, IQueryable<AuditEntry> entries) =>
        entries.Select(a => new AuditRow(
            a.Id, a.At, a.ActorKind, a.ActorId, a.ActorName, a.Entity, a.EntityKey, a.Change, a.StationId,
            db.Stations.Where(s => s.Id == a.StationId).Select(s => s.Name).FirstOrDefault()));

    /// <summary>The recorded values as display text: strings as they are, everything else as its JSON.</summary>
    private static Dictionary<string, string?> Parse(string? json)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return values;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
        }

        return values;
    }
}
