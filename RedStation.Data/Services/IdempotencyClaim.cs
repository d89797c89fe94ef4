namespace RedStation.Data.Services;

/// <summary>An answer as its retries get it replayed.</summary>
public sealed record IdempotentAnswer(int StatusCode, string? ContentType, byte[] Body);

/// <summary>What became of an <see cref="IdempotencyClaim"/>.</summary>
public enum IdempotencyClaimState
{
    /// <summary>No write has run under it yet.</summary>
    Open,

    /// <summary>A write stood with the reservation in its savepoint; later writes of the same request do not reserve again.</summary>
    Reserved,

    /// <summary>Another request holds the key (committed first, on any server): the write was refused and wrote nothing.</summary>
    Taken,
}

/// <summary>
/// A request's claim on an <c>Idempotency-Key</c>, made ambient for the writes it queues the way
/// <see cref="Security.ActorContext"/> carries the actor. The <see cref="DomainWriter"/> captures it when a write is queued
/// and, when that write stands, inserts the reservation (an <see cref="Entities.IdempotencyRecord"/>) inside the write's
/// savepoint: a refused write rolls it back with everything else, a committed write commits it, and the reservation's
/// unique key refuses a second write under the same key — from this server or another — without writing anything.
/// </summary>
public sealed class IdempotencyClaim(string principal, string clientKey, string endpoint, string requestHash)
{
    private static readonly AsyncLocal<IdempotencyClaim?> Ambient = new();

    public static IdempotencyClaim? Current => Ambient.Value;

    public string Principal => principal;

    public string ClientKey => clientKey;

    public string Endpoint => endpoint;

    public string RequestHash => requestHash;

    /// <summary>
    /// How the caller will answer the write's value. When set, the writer records that answer in the reservation inside
    /// the write, so the answer commits with the change: a process killed before answering loses neither, and a retry
    /// gets the real answer. Set it only for a request that makes one write.
    /// </summary>
    public Func<object?, Task<IdempotentAnswer>>? Answer { get; set; }

    /// <summary>Set by the writer from its loop; read by the request after its write completed.</summary>
    public IdempotencyClaimState State { get; internal set; }

    /// <summary>Whether the writer recorded the <see cref="Answer"/> with the write.</summary>
    public bool AnswerRecorded { get; internal set; }

    /// <summary>Makes <paramref name="claim"/> current until the result is disposed.</summary>
    public static IDisposable Begin(IdempotencyClaim claim)
    {
        var previous = Ambient.Value;
        Ambient.Value = claim;
        return new Restore(previous);
    }

    private sealed class Restore(IdempotencyClaim? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
