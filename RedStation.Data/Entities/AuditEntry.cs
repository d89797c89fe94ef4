using RedStation.Data.Security;

namespace RedStation.Data.Entities;

/// <summary>How an audited row changed.</summary>
public enum AuditChange
{
    Added,
    Modified,
    Deleted,
}

/// <summary>
/// One changed row of one write: who, when, what, and the values before and after. Written by the
/// <see cref="Services.DomainWriter"/> in the same transaction (and savepoint) as the change itself, so
/// a change without its audit entry — or an entry for a change that never committed — cannot exist.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public ActorKind ActorKind { get; set; }
    public required string ActorId { get; set; }
    public required string ActorName { get; set; }

    /// <summary>The entity's type name, e.g. <c>DutySession</c>.</summary>
    public required string Entity { get; set; }

    /// <summary>The row's key as text.</summary>
    public required string EntityKey { get; set; }

    public AuditChange Change { get; set; }

    /// <summary>The station the row belongs to, when it belongs to one: what the audit page filters by.</summary>
    public int? StationId { get; set; }

    /// <summary>JSON object of the changed properties' old values (all of them for a deleted row); secrets redacted.</summary>
    public string? Before { get; set; }

    /// <summary>JSON object of the changed properties' new values (all of them for an added row); secrets redacted.</summary>
    public string? After { get; set; }
}
