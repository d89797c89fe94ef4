using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RedStation.Dashboard.Security;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Live;

/// <summary>The client methods a hub client receives; each event payload carries sequence, stationId, districtId and at.</summary>
public interface ILiveClient
{
    Task Snapshot(LiveSnapshot snapshot);
    Task Status(LiveStatus status);
    Task VolunteerCheckedIn(VolunteerCheckedIn payload);
    Task VolunteerCheckedOut(VolunteerCheckedOut payload);
    Task DutyUndone(DutyUndone payload);
    Task ActivityLogged(ActivityLogged payload);
    Task ActivityEnded(ActivityEnded payload);
    Task OccupancyChanged(OccupancyChanged payload);
    Task WishChanged(WishChanged payload);
    Task MediationChanged(MediationChanged payload);
    Task AlertRaised(AlertRaised payload);
    Task AlertCleared(AlertCleared payload);
    Task AlertAcknowledged(AlertAcknowledged payload);
    Task StationChanged(StationChanged payload);
    Task CatalogChanged(CatalogChanged payload);
}

/// <summary>
/// The live hub at <c>/hubs/live</c>, for clients outside Blazor (other wall-display software,
/// kiosks, other systems). Thin: topics map to groups; the events come from <see cref="HubBroadcaster"/>.
/// Every reader may connect: a person's cookie, a key with <c>read</c>, or a wall display's cookie. People and
/// keys may subscribe to any topic; a wall display only to its own scope and what lies inside it, and it hears
/// everything as the public does (<see cref="HubGroup"/>: names masked).
/// </summary>
[Authorize(Policy = SecurityPolicies.Read)]
public sealed class LiveHub(LiveFeed feed, HubSubscriptions subscriptions, HubBroadcaster broadcaster) : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";

    /// <summary>
    /// Whether a request to the hub opens a connection: a negotiation, or a connection without an id (a WebSocket client
    /// that skips negotiation). Requests of an established connection (long polling's polls and sends) carry its id.
    /// </summary>
    public static bool IsConnectionAttempt(HttpRequest request) =>
        request.Path.Value?.EndsWith("/negotiate", StringComparison.Ordinal) == true || !request.Query.ContainsKey("id");

    /// <summary>
    /// Joins a topic (<c>all</c>, <c>district:{id}</c>, <c>station:{id}</c>) and answers with the server's
    /// <c>Status</c> and the topic's <c>Snapshot</c>. The client joins before the snapshot is taken, so an event may
    /// arrive twice: skip events whose sequence is not above the snapshot's.
    /// </summary>
    public async Task Subscribe(string? topic)
    {
        var user = Context.User ?? new System.Security.Claims.ClaimsPrincipal();
        var scope = Parse(topic);
        if (!StationAccess.CanWatch(user, scope, DistrictOf))
        {
            throw new HubException($"This display may not watch '{scope}'.");
        }

        var group = new HubGroup(scope, HubGroup.AudienceOf(user));
        subscriptions.Add(Context.ConnectionId, group);
        await Groups.AddToGroupAsync(Context.ConnectionId, group.ToString());
        await Clients.Caller.Status(broadcaster.Status());
        await Clients.Caller.Snapshot(feed.Snapshot(scope, group.Audience));
    }

    public Task Unsubscribe(string? topic)
    {
        var group = new HubGroup(Parse(topic), HubGroup.AudienceOf(Context.User ?? new System.Security.Claims.ClaimsPrincipal()));
        subscriptions.Remove(Context.ConnectionId, group);
        return Groups.RemoveFromGroupAsync(Context.ConnectionId, group.ToString());
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        subscriptions.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private int? DistrictOf(int stationId) =>
        feed.Snapshot(LiveScope.Station(stationId)).Stations.FirstOrDefault(s => s.StationId == stationId)?.DistrictId;

    /// <summary>The longest topic taken (and repeated in a refusal); real ones are under 20 characters.</summary>
    public const int MaxTopicLength = 64;

    private const string TopicHelp = "use 'all', 'district:{id}' or 'station:{id}'.";

    // A refusal repeats a short printable topic, to help the caller; never a long or odd one, which would only carry an
    // outsider's payload into the answer and the log.
    private static LiveScope Parse(string? topic) =>
        topic is not null && topic.Length <= MaxTopicLength && LiveScope.TryParse(topic, out var scope)
            ? scope
            : throw new HubException(topic is not null && topic.Length <= MaxTopicLength && topic.All(c => c is >= ' ' and <= '~')
                ? $"Unknown topic '{topic}': {TopicHelp}"
                : $"Unknown topic: {TopicHelp}");
}
