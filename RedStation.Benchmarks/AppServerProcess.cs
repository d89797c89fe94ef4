using System.Diagnostics;
using System.Text;

namespace RedStation.Benchmarks;

/// <summary>
/// The app as an OS process of its own (<c>dotnet RedStation.Dashboard.dll</c> from the Dashboard's build output, as
/// the tests' <c>AppProcess</c>), on a fixed loopback port over a given SQLite file, so that a benchmark can kill it
/// for real (SIGKILL) and start it again where its browsers expect it. Development environment: the build output serves
/// its static assets (blazor.web.js, styles, scripts) only there, from the static web assets' manifest.
/// </summary>
internal sealed class AppServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the app and returns at once, before it answers (see <see cref="WaitUntilHealthyAsync"/>).</summary>
    public static AppServerProcess Start(int port, string databasePath, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = DashboardOutput, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(DashboardOutput, "RedStation.Dashboard.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings:RedStation"] = $"Data Source={databasePath}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Security:ApiKeys:0:Name"] = "benchmark",
            ["Security:ApiKeys:0:Key"] = BenchmarkApp.ApiKey,
            ["Security:ApiKeys:0:Scopes:0"] = "read",
            ["Security:ApiKeys:0:Scopes:1"] = "write",
            // Every benchmark hub client connects with the one benchmark key.
            ["Security:HubConnectionsPerKey"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var app = new AppServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Polls <c>/healthz</c> every 20 ms; returns when (a <see cref="Stopwatch"/> timestamp) it first answered 200.</summary>
    public async Task<long> WaitUntilHealthyAsync(TimeSpan patience)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return Stopwatch.GetTimestamp();
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The app did not answer /healthz within {patience.TotalSeconds:F0} s:\n{Output}");
    }

    /// <summary>SIGKILL: the process gets no chance to close its connections gracefully; the OS resets them.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The Dashboard's build output beside this benchmark's (same configuration and framework).</summary>
    private static string DashboardOutput
    {
        get
        {
            var output = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var framework = Path.GetFileName(output);
            var configuration = Path.GetFileName(Path.GetDirectoryName(output)!);
            var folder = new DirectoryInfo(output);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RedStation.sln")))
            {
                folder = folder.Parent;
            }

            return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("RedStation.sln not found above the benchmark's output."),
                "RedStation.Dashboard", "bin", configuration, framework);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // The last lines are enough to explain a failed start.
            if (_output.Length > 64_000)
            {
                _output.Remove(0, 32_000);
            }

            _output.AppendLine(line);
        }
    }
}
