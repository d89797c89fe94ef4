using System.Diagnostics;
using System.Globalization;

namespace RedStation.Benchmarks;

/// <summary>
/// The machine's <c>redis-server</c> on a loopback port, without persistence (as the tests' <c>RedisServer</c>): it can
/// be killed and started again on the same port, which is the outage the Redis benchmark measures.
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private const string Program = "/usr/bin/redis-server";
    private Process? _process;

    private RedisProcess(int port) => Port = port;

    public int Port { get; }

    /// <summary>The app's <c>Redis:Configuration</c> for this server (the tests' value).</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,connectRetry=1";

    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess(Loopback.FreePort());
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Starts the server and returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(File.Exists(Program) ? Program : "redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Loopback.WaitForPortAsync(Port, TimeSpan.FromSeconds(20));
    }

    /// <summary>SIGKILL: every connection drops at once, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
