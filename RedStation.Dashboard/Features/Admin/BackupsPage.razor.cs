using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Data.Persistence;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Admin;

/// <summary>
/// Backups of the SQLite database: the list (newest first), "back up now" and a download per file. The schedule and
/// the retention are configuration (<c>Backup:*</c>); the work is <see cref="DatabaseBackups"/>'.
/// </summary>
public partial class BackupsPage
{
    private IReadOnlyList<BackupFile> _files = [];
    private bool _busy;

    [Inject]
    public required DatabaseBackups Backups { get; init; }

    [Inject]
    public required CityClock Clock { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required ILogger<BackupsPage> Logger { get; init; }

    private string Intro => Backups.Options.Interval is { } interval && interval > TimeSpan.Zero
        ? L["Backups.IntroScheduled", Backups.Folder, interval.ToString("c", CultureInfo.InvariantCulture), Backups.Options.Retain]
        : L["Backups.IntroOnDemand", Backups.Folder, Backups.Options.Retain];

    protected override void OnInitialized() => _files = Backups.List();

    private async Task BackUpNowAsync()
    {
        _busy = true;
        try
        {
            var file = await Backups.BackUpAsync();
            Snackbar.Add(L["Backups.Done", file.Name], Severity.Success);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            Logger.LogError(ex, "A backup on demand failed.");
            Snackbar.Add(L["Backups.Failed"], Severity.Error);
        }
        finally
        {
            _busy = false;
            _files = Backups.List();
        }
    }

    private string Time(DateTime utc) => Clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string FileSize(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.0} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB");
}
