namespace RedStation.Data.Entities;

/// <summary>The first answer to a write sent with an <c>Idempotency-Key</c>, replayed to its retries.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>The client's key, scoped by method and path.</summary>
    public required string Key { get; set; }

    /// <summary>A hash of the request; a retry must send the same request.</summary>
    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public required byte[] Body { get; set; }
    public DateTime CreatedAt { get; set; }
}
