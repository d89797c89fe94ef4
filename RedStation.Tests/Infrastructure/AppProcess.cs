using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// The app as a separate OS process (<c>dotnet RedStation.Dashboard.dll</c> from the build output) over a database
/// in a folder of its own, so that a test can kill it for real (SIGKILL) and start it again.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private AppProcess(Process process, int port)
    {
        _process = process;
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Address { get; }

    /// <summary>What the app wrote so far (for a failing test's message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Completes when the app writes a line containing <paramref name="text"/> (or has written one).</summary>
    public Task WaitForOutputAsync(string text)
    {
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((text, seen));
            return seen.Task;
        }
    }

    public static async Task<AppProcess> StartAsync(string folder, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = ExternalProgram.FreePort();
        var start = StartInfo(folder, settings, "--urls", $"http://127.0.0.1:{port}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var app = new AppProcess(process, port);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilHealthyAsync();
        return app;
    }

    /// <summary>
    /// Runs <c>dotnet RedStation.Dashboard.dll</c> with <paramref name="arguments"/> (a command, or <c>--urls</c> for an app
    /// expected to fail its start) to its exit, within <paramref name="timeout"/> (2 minutes by default).
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(
        string folder, IReadOnlyDictionary<string, string?>? settings, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(folder, settings, [.. arguments])) ?? throw new InvalidOperationException("The app did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"The app did not exit:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo StartInfo(string folder, IReadOnlyDictionary<string, string?>? settings, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = DashboardOutput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(DashboardOutput, "RedStation.Dashboard.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__RedStation"] = $"Data Source={Path.Combine(folder, "redstation.db")}",
            ["Seed__Demo"] = "true",
            ["Seed__Days"] = "1",
            ["Security__BootstrapAdmin__UserName"] = RedStationAppFactory.AdminUserName,
            ["Security__BootstrapAdmin__Password"] = RedStationAppFactory.AdminPassword,
            ["Security__ApiKeys__0__Name"] = "tests",
            ["Security__ApiKeys__0__Key"] = RedStationAppFactory.TestApiKey,
            ["Security__ApiKeys__0__Scopes__0"] = "read",
            ["Security__ApiKeys__0__Scopes__1"] = "write",
            ["Security__ApiPermitLimit"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>A client for the app with the tests' read+write integration key.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", RedStationAppFactory.TestApiKey);
        return client;
    }

    /// <summary>SIGKILL: the process gets no chance to flush or close anything.</summary>
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

    /// <summary>The Dashboard's build output next to this test assembly's (same configuration).</summary>
    private static string DashboardOutput
    {
        get
        {
            var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var framework = Path.GetFileName(testOutput);
            var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput)!);
            var folder = new DirectoryInfo(testOutput);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RedStation.sln")))
            {
                folder = folder.Parent;
            }

            return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("RedStation.sln not found above the test output."),
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
            _output.AppendLine(line);
            foreach (var awaited in _awaited.Where(a => line.Contains(a.Text, StringComparison.Ordinal)).ToList())
            {
                awaited.Seen.TrySetResult();
                _awaited.Remove(awaited);
            }
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The app exited with {_process.ExitCode}:\n{Output}"));
            }

            try
            {
                using var response = await client.GetAsync("/healthz", timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!timeout.IsCancellationRequested)
            {
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
