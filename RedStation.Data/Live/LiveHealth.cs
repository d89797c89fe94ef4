namespace RedStation.Data.Live;

/// <summary>Why a server's live state may lag behind the database (several at once are possible).</summary>
[Flags]
public enum LiveLag
{
    None = 0,

    /// <summary>The other app servers cannot be heard (Redis lost or not reached yet): their writes are not arriving.</summary>
    PeersUnreachable = 1,

    /// <summary>The live state is being rebuilt from the database.</summary>
    Rebuilding = 2,
}

/// <summary>
/// Whether this server's live state can be trusted to be the database's right now: <see cref="IsLive"/>, or degraded
/// for the <see cref="Lag"/>'s reasons since <see cref="Since"/> (UTC). Screens and hub clients show it.
/// </summary>
public sealed record LiveHealth(LiveLag Lag, DateTime Since)
{
    public bool IsLive => Lag == LiveLag.None;

    /// <summary>What a hub client reads: <c>live</c> or <c>degraded</c>.</summary>
    public string State => IsLive ? "live" : "degraded";
}
