namespace RedStation.Data.Live;

/// <summary>
/// This app server's identity among the servers that share live events (through Redis). Its id is new at
/// every start, because the writer's event numbering starts again at every start.
/// </summary>
public sealed class LiveServer
{
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// True when other servers see this one's events: the writer then records, in each batch's transaction,
    /// the sequence number of the last event it commits (<see cref="Entities.LiveOriginMark"/>).
    /// </summary>
    public bool Distributed { get; init; }
}
