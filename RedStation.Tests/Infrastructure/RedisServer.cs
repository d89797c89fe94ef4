using System.Diagnostics;

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> of the machine on a random loopback port, without persistence, for one test.
/// It can be stopped and started again on the same port, as an outage. Disposing stops it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The app's <c>Redis:Configuration</c> for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,connectRetry=1";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(ExternalProgram.FreePort());
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(ExternalProgram.Require("redis-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await ExternalProgram.WaitForPortAsync(Port, TimeSpan.FromSeconds(20));
    }

    /// <summary>Kills the server: every connection drops at once, as in a crash.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
