using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RedStation.Benchmarks;

/// <summary>The floor: a bare SignalR hub that broadcasts a timestamp, with nothing of RedStation in the way.</summary>
internal sealed class FloorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FloorServer(WebApplication app) => _app = app;

    public Uri HubUrl { get; private set; } = null!;

    public IHubContext<FloorHub> Hub => _app.Services.GetRequiredService<IHubContext<FloorHub>>();

    public static async Task<FloorServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapHub<FloorHub>("/floor");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FloorServer(app) { HubUrl = new Uri(new Uri(address), "/floor") };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed class FloorHub : Hub;
