using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// A real HTTP receiver on loopback (Kestrel, a free port) standing in for a WeCom or DingTalk robot or a webhook: it keeps
/// every request (address, headers, body) and answers as <see cref="Answer"/> says — a status and a body, possibly after
/// waiting for the test.
/// </summary>
public sealed class LocalReceiver : IAsyncDisposable
{
    public const string RobotOk = """{"errcode":0,"errmsg":"ok"}""";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly Channel<ReceivedRequest> _arrivals = Channel.CreateUnbounded<ReceivedRequest>();
    private int _count;

    private LocalReceiver(WebApplication app) => _app = app;

    /// <summary>Given the request's number (1, 2, …), the status and body to answer with; 200 and a robot's "ok" unless set.</summary>
    public Func<int, Task<(int Status, string Body)>> Answer { get; set; } = _ => Task.FromResult((200, RobotOk));

    public string BaseAddress { get; private set; } = string.Empty;

    public IReadOnlyList<ReceivedRequest> Received => _received.ToList();

    public string Url(string pathAndQuery) => BaseAddress + pathAndQuery.TrimStart('/');

    public static async Task<LocalReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new LocalReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/";
        return receiver;
    }

    /// <summary>The next request to arrive (before it is answered), waiting at most <paramref name="within"/> for it.</summary>
    public async Task<ReceivedRequest> NextArrivalAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        return await _arrivals.Reader.ReadAsync(timeout.Token);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var request = new ReceivedRequest(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Request.ContentType,
            await reader.ReadToEndAsync());
        _received.Enqueue(request);
        _arrivals.Writer.TryWrite(request);
        var (status, body) = await Answer(Interlocked.Increment(ref _count));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <param name="Query">The query string's values, decoded.</param>
public sealed record ReceivedRequest(
    string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body);
