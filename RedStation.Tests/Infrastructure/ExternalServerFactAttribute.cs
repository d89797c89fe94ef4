namespace RedStation.Tests.Infrastructure;

/// <summary>
/// A test that needs a server program of the machine (<c>redis-server</c>, <c>nginx</c>): skipped, with the reason,
/// when the program is not installed — except under CI (<see cref="RequireVariable"/> set, as <c>.ci/run</c> does),
/// where a missing program fails the test instead of hiding it.
/// </summary>
public sealed class ExternalServerFactAttribute : FactAttribute
{
    public const string RequireVariable = "REDSTATION_REQUIRE_SERVERS";

    public ExternalServerFactAttribute(params string[] programs)
    {
        var missing = programs.Where(p => ExternalProgram.Find(p) is null).ToList();
        if (missing.Count > 0 && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RequireVariable)))
        {
            Skip = $"Needs {string.Join(" and ", missing)} (Debian: apt-get install {string.Join(' ', missing)}); .ci/run installs them.";
        }
    }
}

public static class ExternalProgram
{
    /// <summary>The program's full path, looked up in PATH and the sbin folders (where Debian puts nginx).</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/sbin"])
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    public static string Require(string name) =>
        Find(name) ?? throw new InvalidOperationException($"{name} is not installed (apt-get install {name}).");

    /// <summary>A free loopback port, chosen by the system.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on the loopback port.</summary>
    public static async Task WaitForPortAsync(int port, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port, timeout.Token);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }
}
