namespace RedStation.Data.Entities;

/// <summary>
/// An integration key created in Admin: the server keeps only its SHA-256 and a short prefix to recognise
/// it by; the key itself is shown once, on creation.
/// </summary>
public sealed class IntegrationKey
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the key, shown in lists so that a holder can tell which key is theirs.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the key.</summary>
    public required byte[] Hash { get; set; }

    /// <summary><c>read</c> and/or <c>write</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>When not empty, the key writes only at these stations.</summary>
    public List<int> Stations { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsActive => RevokedAt is null;
}
