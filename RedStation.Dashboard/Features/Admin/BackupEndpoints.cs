using RedStation.Dashboard.Security;
using RedStation.Data.Persistence;

namespace RedStation.Dashboard.Features.Admin;

/// <summary>Downloading a backup file: administrators only, and only a file the backup folder lists.</summary>
public static class BackupEndpoints
{
    public const string Prefix = "/admin/backups/download";

    public static string DownloadPath(string name) => $"{Prefix}/{Uri.EscapeDataString(name)}";

    public static IEndpointRouteBuilder MapBackupEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet($"{Prefix}/{{name}}", Download)
            .RequireAuthorization(SecurityPolicies.ManageBackups)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Download(string name, DatabaseBackups backups) =>
        backups.PathOf(name) is { } path
            ? Results.File(path, "application/vnd.sqlite3", name, enableRangeProcessing: true)
            : Results.NotFound();
}
