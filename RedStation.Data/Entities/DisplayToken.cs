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

    /// <summary>
    /// The panels the screen rotates through, as <see cref="DisplayPlaylist.Format"/> writes them; null for the default.
    /// Organisers and administrators change it; the screen picks the change up live.
    /// </summary>
    public string? Playlist { get; set; }

    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsActive => RevokedAt is null;
}
