namespace RedStation.Data.Entities;

/// <summary>
/// Admits one wall screen: read-only, limited to a live scope (<c>all</c>, <c>district:{id}</c> or
/// <c>station:{id}</c>). The display link carries the token, which is exchanged for a cookie; the server
/// keeps only its SHA-256. Revoking it ends the screen at its next request.
/// </summary>
public sealed class DisplayToken
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required byte[] Hash { get; set; }

    /// <summary>The live scope the screen may show, as in <see cref="Live.LiveScope"/>.</summary>
    public required string Scope { get; set; }

    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsActive => RevokedAt is null;
}
