namespace RedStation.Data.Entities;

/// <summary>A dispute brought to a station's mediation room (矛盾调处).</summary>
public sealed class MediationCase
{
    public long Id { get; set; }
    public int StationId { get; set; }
    public Station? Station { get; set; }
    public MediationCategory Category { get; set; }
    public int PartyCount { get; set; }
    public required string Summary { get; set; }
    public MediationStatus Status { get; set; }
    public string? Mediator { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>The agreement reached, or where and why the case was referred.</summary>
    public string? Outcome { get; set; }

    /// <summary>Optimistic concurrency token: bumped on every transition.</summary>
    public int Version { get; set; }
}

public enum MediationCategory
{
    PublicAffairs = 0,
    PublicSecurity = 1,
    OwnersAndProperty = 2,
    External = 3,
}

public enum MediationStatus
{
    Open = 0,
    Resolved = 1,
    Referred = 2,
}
