using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Security;

namespace RedStation.Tests.Security;

/// <summary>
/// The hub filter that holds a connection's slot: what keeps the count true when two connections race past the
/// pipeline's check, and when a connection's start fails.
/// </summary>
public sealed class HubConnectionLimitFilterTests
{
    [Fact]
    public async Task AConnectionBeyondTheLimit_IsAbortedWithoutReachingTheHub_AndADisconnectionFreesTheSlot()
    {
        using var services = Services(perKey: 1);
        var filter = services.GetRequiredService<HubConnectionLimitFilter>();
        var reached = 0;
        Task Next(HubLifetimeContext _)
        {
            reached++;
            return Task.CompletedTask;
        }

        var first = Lifetime(services, Key("key:1"));
        var second = Lifetime(services, Key("key:1"));
        var otherKey = Lifetime(services, Key("key:2"));

        await filter.OnConnectedAsync(first, Next);
        await filter.OnConnectedAsync(second, Next);
        await filter.OnConnectedAsync(otherKey, Next);

        Assert.Equal(2, reached);
        Assert.False(((FakeCaller)first.Context).Aborted);
        Assert.True(((FakeCaller)second.Context).Aborted);
        Assert.False(((FakeCaller)otherKey.Context).Aborted);

        // The aborted connection held no slot: its disconnection frees nothing; the first one's does.
        await filter.OnDisconnectedAsync(second, null, (_, _) => Task.CompletedTask);
        var third = Lifetime(services, Key("key:1"));
        await filter.OnConnectedAsync(third, Next);
        Assert.True(((FakeCaller)third.Context).Aborted);

        await filter.OnDisconnectedAsync(first, null, (_, _) => Task.CompletedTask);
        var fourth = Lifetime(services, Key("key:1"));
        await filter.OnConnectedAsync(fourth, Next);
        Assert.False(((FakeCaller)fourth.Context).Aborted);
    }

    [Fact]
    public async Task AConnectionWhoseStartFails_GivesItsSlotBack()
    {
        using var services = Services(perKey: 1);
        var filter = services.GetRequiredService<HubConnectionLimitFilter>();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            filter.OnConnectedAsync(Lifetime(services, Key("key:1")), _ => throw new InvalidOperationException("start failed")));

        var next = Lifetime(services, Key("key:1"));
        await filter.OnConnectedAsync(next, _ => Task.CompletedTask);
        Assert.False(((FakeCaller)next.Context).Aborted);
    }

    private static ServiceProvider Services(int perKey)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddOptions<RateLimitOptions>().Configure(o => o.HubConnectionsPerKey = perKey);
        services.AddSingleton<HubRefusalLogFilter>().AddSingleton<HubConnectionLimiter>().AddSingleton<HubConnectionLimitFilter>();
        return services.BuildServiceProvider();
    }

    private static ClaimsPrincipal Key(string actorId) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, actorId), new Claim(SecurityClaims.ActorId, actorId)], SecurityClaims.ApiKeyScheme));

    private static HubLifetimeContext Lifetime(IServiceProvider services, ClaimsPrincipal user) =>
        new(new FakeCaller(user), services, new EmptyHub());

    private sealed class EmptyHub : Hub;

    private sealed class FakeCaller(ClaimsPrincipal user) : HubCallerContext
    {
        public bool Aborted { get; private set; }

        public override string ConnectionId { get; } = Guid.NewGuid().ToString("N");

        public override string? UserIdentifier => null;

        public override ClaimsPrincipal? User => user;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort() => Aborted = true;
    }
}
