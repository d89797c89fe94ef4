using System.Collections.Concurrent;
using System.Security.Claims;
using RedStation.Dashboard.Security;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Live;

/// <summary>
/// A hub group: a scope as one audience sees it. Staff groups are named by their topic (<c>all</c>,
/// <c>district:3</c>); a public audience (wall displays) has groups of its own (<c>public:all</c>, …), which only ever
/// receive the public projection of the events, so no full name is ever sent to a display's connection.
/// </summary>
public readonly record struct HubGroup(LiveScope Scope, LiveAudience Audience)
{
    public static LiveAudience AudienceOf(ClaimsPrincipal user) =>
        StationAccess.IsDisplay(user) ? LiveAudience.Public : LiveAudience.Staff;

    public override string ToString() => Audience == LiveAudience.Public ? $"public:{Scope}" : Scope.ToString();
}

/// <summary>
/// Which hub groups have members, so that the broadcaster can send each of them a fresh snapshot when the server's
/// live state is rebuilt (SignalR itself does not list a group's members).
/// </summary>
public sealed class HubSubscriptions
{
    private readonly ConcurrentDictionary<string, HashSet<HubGroup>> _byConnection = new(StringComparer.Ordinal);

    public void Add(string connectionId, HubGroup group)
    {
        var groups = _byConnection.GetOrAdd(connectionId, _ => []);
        lock (groups)
        {
            groups.Add(group);
        }
    }

    public void Remove(string connectionId, HubGroup group)
    {
        if (_byConnection.TryGetValue(connectionId, out var groups))
        {
            lock (groups)
            {
                groups.Remove(group);
            }
        }
    }

    public void RemoveConnection(string connectionId) => _byConnection.TryRemove(connectionId, out _);

    /// <summary>Every group with at least one member now.</summary>
    public IReadOnlyCollection<HubGroup> Active()
    {
        var active = new HashSet<HubGroup>();
        foreach (var groups in _byConnection.Values)
        {
            lock (groups)
            {
                active.UnionWith(groups);
            }
        }

        return active;
    }
}
