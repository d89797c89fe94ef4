namespace RedStation.Data.Entities;

/// <summary>
/// How far one app server's live events have been committed: written by that server's writer in the same
/// transaction as the writes, when live events are shared between servers. A server rebuilding its live
/// state from the database reads the marks in the same snapshot, and so knows which of the events that still
/// reach it afterwards are already counted.
/// </summary>
public sealed class LiveOriginMark
{
    /// <summary>The writing server's id for this run (a new one at every start).</summary>
    public required string OriginId { get; set; }

    /// <summary>The sequence number of the last event it committed.</summary>
    public long Sequence { get; set; }

    public DateTime UpdatedAt { get; set; }
}
