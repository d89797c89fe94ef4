using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using RedStation.Data;
using RedStation.Data.Persistence;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Infrastructure;

/// <summary>What the guard knows of the app being started, filled in as the start goes on.</summary>
public sealed class StartupContext
{
    /// <summary>The SQLite file (full path), once the configuration is read; null on PostgreSQL.</summary>
    public string? DatabaseFile { get; set; }

    /// <summary>The app's logger, once it is built: the exception of a known failure goes there, at Debug.</summary>
    public ILogger? Logger { get; set; }
}

/// <summary>
/// Runs the app's start and life, and turns a start-up failure whose cause is known (a read-only or damaged database
/// file, PostgreSQL refusing the password or unreachable, a missing certificate, a taken port, a failed migration, an
/// invalid setting) into one line on standard error — the cause and the setting to fix — and an exit code of its own
/// (<see cref="ExitCodes"/>, documented in docs/operations.md), with no stack trace. Any other failure is printed in full,
/// then summed up in one line, and exits with <see cref="ExitCodes.Unexpected"/>.
/// </summary>
public static partial class StartupGuard
{
    private const string Setting = $"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}";

    public static async Task<int> RunAsync(Func<StartupContext, Task> run, TextWriter? error = null)
    {
        error ??= Console.Error;
        var context = new StartupContext();
        try
        {
            await run(context);
            return ExitCodes.Success;
        }
        // Hosted by a test (WebApplicationFactory runs the entry point inside its own process), the test gets the
        // exception itself, as without the guard.
        catch (Exception ex) when (IsOwnProcess)
        {
            var (code, cause) = Classify(ex, context);
            if (code == ExitCodes.Unexpected)
            {
                await error.WriteLineAsync(ex.ToString());
            }
            else if (context.Logger is { } logger)
            {
                LogKnownFailure(logger, code, ex);
            }

            await error.WriteLineAsync($"RedStation cannot start: {cause}. Exit {code}.");
            return code;
        }
    }

    /// <summary>True when the app is its process's entry point (not hosted by a test's <c>WebApplicationFactory</c>).</summary>
    private static bool IsOwnProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupGuard).Assembly;

    /// <summary>The exit code and the one-line cause of a start-up failure.</summary>
    public static (int Code, string Cause) Classify(Exception exception, StartupContext context)
    {
        var file = context.DatabaseFile ?? "(the database file)";
        foreach (var current in Chain(exception))
        {
            switch (current)
            {
                case StartupFailureException known:
                    return (known.ExitCode, known.Message);
                case OptionsValidationException invalid:
                    return (ExitCodes.InvalidSetting, string.Join(" ", invalid.Failures).ReplaceLineEndings(" ").TrimEnd('.', ' '));
                case SqliteException { SqliteErrorCode: 8 }:
                    return (ExitCodes.DatabaseReadOnly, $"the database file {file} is read-only, or its folder is not writable ({Setting})");
                case SqliteException { SqliteErrorCode: 14 }:
                    return (ExitCodes.DatabaseCannotOpen, $"the database file {file} cannot be opened: its folder is missing or not accessible ({Setting})");
                case SqliteException { SqliteErrorCode: 11 or 26 }:
                    return (ExitCodes.DatabaseCorrupt,
                        $"the file {file} is not a SQLite database or is damaged: restore a backup (dotnet RedStation.Dashboard.dll restore <backup-file>) or fix {Setting}");
                case SqliteException { SqliteErrorCode: 13 }:
                    return (ExitCodes.DiskFull, $"the disk holding {file} is full ({Setting})");
                case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification }:
                    return (ExitCodes.PostgreSqlAuthentication, $"PostgreSQL refused the user name or password ({Setting})");
                case PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } missing:
                    return (ExitCodes.PostgreSqlDatabaseMissing, $"the PostgreSQL database does not exist ({missing.MessageText}) ({Setting})");
                case PostgresException { SqlState: PostgresErrorCodes.DiskFull }:
                    return (ExitCodes.DiskFull, $"the PostgreSQL server's disk is full ({Setting})");
                case NpgsqlException { InnerException: SocketException or TimeoutException or IOException } unreachable:
                    return (ExitCodes.PostgreSqlUnreachable,
                        $"the PostgreSQL server cannot be reached ({unreachable.InnerException!.Message.TrimEnd('.')}) ({Setting}: Host, Port)");
                case IOException bind when IsAddressInUse(bind):
                    return (ExitCodes.AddressInUse,
                        $"{bind.Message.TrimEnd('.')}: another process listens there (--urls, ASPNETCORE_URLS or Kestrel:Endpoints)");
            }
        }

        var first = exception.GetBaseException();
        return (ExitCodes.Unexpected, $"{first.GetType().Name}: {first.Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')} (printed in full above)");
    }

    /// <summary>
    /// Tries each address of <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) before the host starts: a taken port then
    /// stops the start with <see cref="ExitCodes.AddressInUse"/> before any service has run (the host would otherwise log
    /// its own failure, stack trace included). Addresses in <c>Kestrel:Endpoints</c> are left to Kestrel.
    /// </summary>
    public static void CheckAddresses(IConfiguration configuration)
    {
        foreach (var url in (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Port == 0)
            {
                continue;
            }

            var address = uri.IsLoopback ? System.Net.IPAddress.Loopback : System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
            if (address is null)
            {
                continue;
            }

            var listener = new TcpListener(address, uri.Port);
            try
            {
                listener.Start();
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                throw new StartupFailureException(ExitCodes.AddressInUse,
                    $"the address {url} cannot be used ({ex.Message.TrimEnd('.')}): another process listens there, or the port needs privileges (--urls, ASPNETCORE_URLS)", ex);
            }
            finally
            {
                listener.Stop();
            }
        }
    }

    /// <summary>
    /// Stops the start with <see cref="ExitCodes.CollationMissing"/> when the system's zh-CN collation is not pinyin's (no
    /// ICU: invariant globalisation, a slim container image): the duty desk's search by initials and the initials stored
    /// for new volunteers would otherwise be wrong without a word.
    /// </summary>
    public static void CheckPinyinCollation()
    {
        if (!PinyinInitials.WorksHere())
        {
            throw new StartupFailureException(ExitCodes.CollationMissing,
                "this system has no ICU Chinese collation, so pinyin initials would come out wrong: install ICU (libicu) in the image "
                + "and leave invariant globalisation off (DOTNET_SYSTEM_GLOBALIZATION_INVARIANT, InvariantGlobalization)");
        }
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    // Kestrel throws an IOException ("Failed to bind to address ...: address already in use.") around its own
    // AddressInUseException, or around the socket's error.
    private static bool IsAddressInUse(IOException exception) =>
        exception.InnerException is { } inner
        && (inner.GetType().Name == "AddressInUseException" || inner is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse or SocketError.AccessDenied });

    [LoggerMessage(Level = LogLevel.Debug, Message = "Start-up failed (exit {Code}).")]
    private static partial void LogKnownFailure(ILogger logger, int code, Exception exception);
}
