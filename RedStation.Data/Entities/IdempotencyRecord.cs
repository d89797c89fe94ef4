namespace RedStation.Data.Entities;

/// <summary>
/// A write sent with an <c>Idempotency-Key</c>: reserved in the same transaction as the write itself (so it exists if
/// and only if the write committed), with the answer its retries get replayed.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>Who sent it (<c>{ActorKind}:{actor id}</c>): keys are scoped to their caller.</summary>
    public required string Principal { get; set; }

    /// <summary>The <c>Idempotency-Key</c> the client chose.</summary>
    public required string ClientKey { get; set; }

    /// <summary>The method and path it was sent to; the same key on another endpoint is refused.</summary>
    public required string Endpoint { get; set; }

    /// <summary>A hash of the request body; a retry must send the same request.</summary>
    public required string RequestHash { get; set; }

    /// <summary>The answer's status; null while the answer is not recorded (see <see cref="Body"/>).</summary>
    public int? StatusCode { get; set; }

    public string? ContentType { get; set; }

    /// <summary>
    /// The answer's body. Recorded inside the write when its caller said how it answers (every API write does);
    /// otherwise after the answer was produced, so a process killed in between leaves a reservation without one.
    /// </summary>
    public byte[]? Body { get; set; }

    public DateTime CreatedAt { get; set; }
}
