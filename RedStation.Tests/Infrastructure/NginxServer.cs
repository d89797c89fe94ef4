using System.Diagnostics;
using System.Globalization;

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// Debian's nginx, in the foreground with a temporary prefix, serving the repository's example configuration
/// (<c>deploy/nginx/redstation.conf</c>) on a random loopback port in front of the given app servers.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    /// <summary>The test's addition: which upstream answered, in a response header.</summary>
    public const string UpstreamHeader = "X-Test-Upstream";

    private readonly Process _process;
    private readonly string _prefix;

    private NginxServer(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Address { get; }

    public static async Task<NginxServer> StartAsync(Uri first, Uri second)
    {
        var prefix = Path.Combine(Path.GetTempPath(), "redstation-nginx", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(prefix);
        var port = ExternalProgram.FreePort();
        var example = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "deploy", "nginx", "redstation.conf"));
        var site = Replace(example, "listen 80;", string.Create(CultureInfo.InvariantCulture, $"listen 127.0.0.1:{port};"));
        site = Replace(site, "server 127.0.0.1:5001", $"server 127.0.0.1:{first.Port}");
        site = Replace(site, "server 127.0.0.1:5002", $"server 127.0.0.1:{second.Port}");
        site = Replace(site, "    add_header Set-Cookie $rs_affinity_cookie always;",
            $"    add_header Set-Cookie $rs_affinity_cookie always;\n    add_header {UpstreamHeader} $upstream_addr always;");
        await File.WriteAllTextAsync(Path.Combine(prefix, "redstation.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), $$"""
            worker_processes 1;
            error_log {{prefix}}/error.log warn;
            pid {{prefix}}/nginx.pid;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                include {{prefix}}/redstation.conf;
            }
            """);
        if (Environment.UserName == "root")
        {
            // As root the workers would switch to nobody, who may not enter the temporary folder.
            await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), "user root;\n" + await File.ReadAllTextAsync(Path.Combine(prefix, "nginx.conf")));
        }

        var start = new ProcessStartInfo(ExternalProgram.Require("nginx")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-e", Path.Combine(prefix, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new NginxServer(process, prefix, port);
        try
        {
            await ExternalProgram.WaitForPortAsync(port, TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"nginx did not listen: {nginx.ErrorLog}");
        }

        return nginx;
    }

    public string ErrorLog => File.Exists(Path.Combine(_prefix, "error.log")) ? File.ReadAllText(Path.Combine(_prefix, "error.log")) : string.Empty;

    public static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RedStation.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("RedStation.sln not found above the test output.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Replace(string text, string what, string with) =>
        text.Contains(what, StringComparison.Ordinal)
            ? text.Replace(what, with, StringComparison.Ordinal)
            : throw new InvalidOperationException($"The example configuration no longer contains '{what}'.");
}
