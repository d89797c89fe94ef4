using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RedStation.Data.Live;
using StackExchange.Redis;

namespace RedStation.Dashboard.Live;

/// <summary>The <c>Redis</c> section: with <see cref="Configuration"/> set, the app servers share their live events.</summary>
public sealed class RedisLiveOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>; empty: one server, no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>The pub/sub channel; servers of one deployment use the same one.</summary>
    public string Channel { get; set; } = "redstation:live";

    /// <summary>How often each server announces the number of its last event, so that a server that missed some notices.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Shares live events between app servers through Redis pub/sub. It is the writer's event sink: every
/// committed event goes to this server's <see cref="LiveFeed"/> and, numbered by this server, to the channel;
/// every other server applies it to its own feed, whose subscribers (Blazor screens, <see cref="HubBroadcaster"/>)
/// see it as if it had been written there.
/// <para>
/// Events lost on the way (Redis down, a server cut off) are caught three ways: a gap in an origin's numbering,
/// a heartbeat announcing more events than the feed holds, and the connection coming back. Each rebuilds the
/// feed from the database, once this server's subscription is proven live by a probe that went round the channel.
/// The relay asks the feed for the rebuild (<see cref="LiveFeed.RequestRebuildAsync"/>) and <see cref="LiveFeedService"/>
/// performs it: the relay is the writer's event sink, so it does not hold the writer.
/// </para>
/// </summary>
public sealed partial class RedisLiveRelay(
    LiveFeed feed,
    LiveServer server,
    IOptions<RedisLiveOptions> options,
    TimeProvider time,
    ILogger<RedisLiveRelay> logger) : BackgroundService, ILiveEventSink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly TimeSpan ProbePatience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeRepeat = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Lock _publishGate = new();
    private readonly SemaphoreSlim _resyncRequested = new(0);
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.Channel);
    private readonly Dictionary<string, TaskCompletionSource> _probes = [];
    private ConnectionMultiplexer? _redis;
    private long _lastPublished;
    private int _resyncPending;
    private int _outage;

    /// <summary>Resynchronisations done since start (for tests and logs).</summary>
    public int Resyncs { get; private set; }

    public bool IsConnected => _redis?.IsConnected == true;

    /// <summary>Called by the writer on its thread, after the commit: hands the events to the feed and the channel, quickly.</summary>
    public void Publish(IReadOnlyList<LiveEvent> events)
    {
        feed.Publish(events);
        if (events.Count == 0)
        {
            return;
        }

        lock (_publishGate)
        {
            // Remembered even when Redis is away: the next heartbeat tells the other servers what they missed.
            _lastPublished = events[^1].Sequence;
            if (_redis is { } redis)
            {
                // Fire and forget keeps the writer's thread free; the multiplexer keeps the order of the messages.
                Send(redis, new RelayMessage(server.Id) { Events = events });
            }
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Until the channel is proven live and the feed resynchronised, other servers' writes may be missing here:
        // screens and hub clients say so. The connection is made in the background, so the server starts and serves
        // its own writes and screens from its database even while Redis is away.
        feed.SetLagging(LiveLag.PeersUnreachable, true);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Stopping may be asked twice (the host, then the server's disposal): the connection is closed once.
        if (Interlocked.Exchange(ref _redis, null) is { } redis)
        {
            await redis.CloseAsync();
            redis.Dispose();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heartbeats = HeartbeatAsync(stoppingToken);
        try
        {
            await ConnectAsync(stoppingToken);
            // Events committed elsewhere between the feed's first build and the subscription are caught here.
            RequestResync();
            while (!stoppingToken.IsCancellationRequested)
            {
                await _resyncRequested.WaitAsync(stoppingToken);
                Interlocked.Exchange(ref _resyncPending, 0);
                await ResyncAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await heartbeats;
    }

    /// <summary>
    /// Connects and subscribes, trying again (at most every <see cref="MaxRetryDelay"/>) for as long as it takes. Once
    /// subscribed, the multiplexer reconnects and resubscribes by itself; each restored connection asks for a resync.
    /// </summary>
    private async Task ConnectAsync(CancellationToken stoppingToken)
    {
        var configuration = ConfigurationOptions.Parse(options.Value.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= $"redstation-{server.Id[..8]}";
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        redis.ConnectionFailed += (_, e) =>
        {
            feed.SetLagging(LiveLag.PeersUnreachable, true);
            // The multiplexer fails again at each reconnection attempt: one warning per outage, not one per attempt.
            if (Interlocked.Exchange(ref _outage, 1) == 0)
            {
                LogConnectionFailed(logger, e.EndPoint?.ToString(), e.ConnectionType, e.FailureType);
            }
        };
        redis.ConnectionRestored += (_, e) =>
        {
            Interlocked.Exchange(ref _outage, 0);
            LogConnectionRestored(logger, e.EndPoint?.ToString(), e.ConnectionType);
            RequestResync();
        };
        _redis = redis;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var queue = await redis.GetSubscriber().SubscribeAsync(_channel);
                queue.OnMessage(message => Receive(message.Message));
                LogStarted(logger, server.Id, options.Value.Channel, redis.IsConnected);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                if (attempt == 0)
                {
                    // One warning, not one per attempt: the server runs on, alone, until Redis answers.
                    LogUnreachable(logger, options.Value.Configuration!, ex.Message);
                }

                await Task.Delay(TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, TimeSpan.FromSeconds(attempt + 1).Ticks)), time, stoppingToken);
            }
        }
    }

    private void RequestResync()
    {
        if (Interlocked.Exchange(ref _resyncPending, 1) == 0)
        {
            _resyncRequested.Release();
        }
    }

    /// <summary>Waits until a probe of this server comes back through the channel, then rebuilds the feed from the database.</summary>
    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ProbeAsync(stoppingToken);
                // The feed asks; LiveFeedService (which holds the writer this relay is the sink of) rebuilds.
                await feed.RequestRebuildAsync(stoppingToken);
                if (IsConnected)
                {
                    feed.SetLagging(LiveLag.PeersUnreachable, false);
                }

                Resyncs++;
                LogResynced(logger, feed.Sequence);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogResyncFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task ProbeAsync(CancellationToken stoppingToken)
    {
        var redis = _redis ?? throw new InvalidOperationException("Not connected to Redis.");
        var id = Guid.NewGuid().ToString("N");
        var echo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_probes)
        {
            _probes[id] = echo;
        }

        try
        {
            // Right after Redis returns, the publishing connection may be back before the subscription is: a probe sent
            // then is lost. It is sent again every ProbeRepeat until one comes back, instead of waiting out the patience.
            var deadline = time.GetUtcNow() + ProbePatience;
            while (true)
            {
                await redis.GetSubscriber().PublishAsync(_channel, Serialize(new RelayMessage(server.Id) { Probe = id }));
                var wait = TimeSpan.FromTicks(Math.Clamp((deadline - time.GetUtcNow()).Ticks, 0, ProbeRepeat.Ticks));
                try
                {
                    await echo.Task.WaitAsync(wait, time, stoppingToken);
                    return;
                }
                catch (TimeoutException) when (time.GetUtcNow() < deadline)
                {
                }
            }
        }
        finally
        {
            lock (_probes)
            {
                _probes.Remove(id);
            }
        }
    }

    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var redis = _redis;
                if (redis?.IsConnected != true)
                {
                    continue;
                }

                lock (_publishGate)
                {
                    if (_lastPublished > 0)
                    {
                        Send(redis, new RelayMessage(server.Id) { Heartbeat = _lastPublished });
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Receive(RedisValue payload)
    {
        RelayMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<RelayMessage>(payload.ToString(), Json);
        }
        catch (JsonException ex)
        {
            LogUnreadable(logger, ex);
            return;
        }

        if (message is null)
        {
            return;
        }

        if (message.Origin == server.Id)
        {
            if (message.Probe is { } probe)
            {
                lock (_probes)
                {
                    _probes.GetValueOrDefault(probe)?.TrySetResult();
                }
            }

            return;
        }

        if (message.Events is { Count: > 0 } events)
        {
            // A gap in the origin's numbering makes the feed ask for a rebuild itself (RebuildRequested).
            feed.PublishRemote(message.Origin, events);
        }
        else if (message.Heartbeat is { } last && feed.IsReady && feed.IsBehind(message.Origin, last))
        {
            LogBehind(logger, message.Origin, last);
            RequestResync();
        }
    }

    private void Send(ConnectionMultiplexer redis, RelayMessage message)
    {
        try
        {
            redis.GetSubscriber().Publish(_channel, Serialize(message), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Lost messages are caught by the receivers (a gap, a heartbeat ahead of them, the connection's return).
            LogSendFailed(logger, ex.Message);
        }
    }

    private static string Serialize(RelayMessage message) => JsonSerializer.Serialize(message, Json);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live events shared through Redis as server {ServerId} on channel {Channel} (connected: {Connected}).")]
    private static partial void LogStarted(ILogger logger, string serverId, string channel, bool connected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} ({ConnectionType}) lost: {FailureType}. Live events of other servers wait until it is back.")]
    private static partial void LogConnectionFailed(ILogger logger, string? endPoint, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {EndPoint} ({ConnectionType}) restored; resynchronising the live state from the database.")]
    private static partial void LogConnectionRestored(ILogger logger, string? endPoint, ConnectionType connectionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis ({Configuration}) cannot be reached: {Reason}. This server serves its own writes and screens, shows them as degraded, and keeps trying in the background.")]
    private static partial void LogUnreachable(ILogger logger, string configuration, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A live message was not sent to Redis: {Reason}.")]
    private static partial void LogSendFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live state resynchronised from the database at sequence {Sequence}.")]
    private static partial void LogResynced(ILogger logger, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resynchronising the live state failed; trying again.")]
    private static partial void LogResyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {Origin} has committed up to event {Sequence}, more than this live state holds; resynchronising.")]
    private static partial void LogBehind(ILogger logger, string origin, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable message on the live channel was ignored.")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    /// <summary>One message on the channel: a batch of events, a heartbeat, or a probe, from <see cref="Origin"/>.</summary>
    internal sealed record RelayMessage(string Origin)
    {
        public IReadOnlyList<LiveEvent>? Events { get; init; }
        public long? Heartbeat { get; init; }
        public string? Probe { get; init; }
    }
}

public static class RedisLiveRelayExtensions
{
    /// <summary>With <c>Redis:Configuration</c> set, live events are shared with the other app servers; otherwise nothing changes.</summary>
    public static IServiceCollection AddRedisLiveRelay(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RedisLiveOptions.SectionName);
        if (string.IsNullOrWhiteSpace(section[nameof(RedisLiveOptions.Configuration)]))
        {
            return services;
        }

        services.AddOptions<RedisLiveOptions>().Bind(section);
        services.Replace(ServiceDescriptor.Singleton(new LiveServer { Distributed = true }));
        services.AddSingleton<RedisLiveRelay>();
        services.Replace(ServiceDescriptor.Singleton<ILiveEventSink>(provider => provider.GetRequiredService<RedisLiveRelay>()));
        services.AddHostedService(provider => provider.GetRequiredService<RedisLiveRelay>());
        return services;
    }
}
