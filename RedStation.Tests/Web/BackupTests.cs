using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Tests.Infrastructure;
using RedStation.Tests.MultiServer;

namespace RedStation.Tests.Web;

/// <summary>Online backups of the SQLite database, their retention, and a restore the app starts on.</summary>
public sealed class BackupTests : IAsyncLifetime
{
    private readonly string _restoreFolder = Path.Combine(Path.GetTempPath(), "redstation-restore-tests", Guid.NewGuid().ToString("N"));
    private RedStationAppFactory _app = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _app = new RedStationAppFactory(seedDemo: true, new Dictionary<string, string?> { ["Backup:Retain"] = "2" });
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_restoreFolder, recursive: true);
        }
        catch (IOException)
        {
            // Not created by this test, or a file still held open elsewhere; the temp folder is cleaned by the OS eventually.
        }
    }

    [Fact]
    public async Task ABackupRestored_ByCopyingTheFile_StartsTheAppWithTheDataOfTheMomentOfTheBackup()
    {
        var (stations, volunteers) = await PickAsync(_client);
        await RedisLiveTests.CheckInAsync(_client, stations[0], volunteers[0]);
        var backups = _app.Services.GetRequiredService<DatabaseBackups>();

        var backup = await backups.BackUpAsync();
        var atBackup = await LiveAsync(_client);
        await RedisLiveTests.CheckInAsync(_client, stations[1], volunteers[1]);

        Assert.Equal(backup.Name, Assert.Single(backups.List()).Name);
        await using (var copy = new SqliteConnection($"Data Source={backups.PathOf(backup.Name)};Pooling=False"))
        {
            await copy.OpenAsync();
            await using var check = copy.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        }

        // The README's restore: with the app stopped, the backup becomes the database file (no -wal, no -shm).
        Directory.CreateDirectory(_restoreFolder);
        File.Copy(backups.PathOf(backup.Name)!, Path.Combine(_restoreFolder, "redstation.db"));
        await using var restored = new RedStationAppFactory(seedDemo: true, folder: _restoreFolder);
        using var restoredClient = restored.CreateClient();
        var afterRestore = await LiveAsync(restoredClient);

        Assert.Equal(Comparable(atBackup), Comparable(afterRestore));
        var onDuty = afterRestore.Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToList();
        Assert.Contains(volunteers[0], onDuty);
        Assert.DoesNotContain(volunteers[1], onDuty);
    }

    [Fact]
    public async Task Retention_KeepsTheNewestBackups_AndDeletesTheOldest()
    {
        var backups = _app.Services.GetRequiredService<DatabaseBackups>();

        var taken = new List<BackupFile>();
        for (var i = 0; i < 3; i++)
        {
            taken.Add(await backups.BackUpAsync());
        }

        Assert.Equal([taken[2].Name, taken[1].Name], backups.List().Select(b => b.Name));
        Assert.Null(backups.PathOf(taken[0].Name));
    }

    [Fact]
    public async Task Download_IsForAdministratorsOnly()
    {
        var backup = await _app.Services.GetRequiredService<DatabaseBackups>().BackUpAsync();
        var path = Dashboard.Features.Admin.BackupEndpoints.DownloadPath(backup.Name);

        using var anonymous = Security.SecurityFixture.CreateClient(_app.ServerAddress);
        using var asAnonymous = await anonymous.GetAsync(path);
        using var asKey = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, asAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asKey.StatusCode);
    }

    private static string Comparable(LiveSnapshot snapshot) =>
        JsonSerializer.Serialize(snapshot with { Recent = [], Sequence = 0 }, SeededAppFixture.Json);

    private static async Task<LiveSnapshot> LiveAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<LiveSnapshot>("/api/v1/live?topic=all", SeededAppFixture.Json))!;

    private static async Task<(int[] Stations, int[] Volunteers)> PickAsync(HttpClient client)
    {
        var live = await LiveAsync(client);
        var open = live.Stations.Where(s => s.Status == Data.Entities.StationStatus.Open).Select(s => s.StationId).ToArray();
        var busy = live.Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToHashSet();
        return (open, Enumerable.Range(1, 17_000).Where(id => !busy.Contains(id)).ToArray());
    }
}

/// <summary>On PostgreSQL the app makes no backups of its own: Admin → Backups says so and points to pg_dump.</summary>
public sealed class BackupTests_PostgreSQL : IAsyncLifetime
{
    private RedStationAppFactory _app = null!;

    public Task InitializeAsync()
    {
        // A schedule configured by mistake must not fail the start.
        _app = new RedStationAppFactory(settings: new Dictionary<string, string?> { ["Backup:Interval"] = "00:00:01" }, provider: DatabaseProvider.PostgreSQL);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Backups_AreUnavailable_AndTheAdminPagePointsToPgDump()
    {
        var backups = _app.Services.GetRequiredService<DatabaseBackups>();

        Assert.False(backups.IsAvailable);
        Assert.Empty(backups.List());
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => backups.BackUpAsync());
        Assert.Contains("pg_dump", refused.Message, StringComparison.Ordinal);

        var cookies = new System.Net.CookieContainer();
        using var admin = Security.SecurityFixture.CreateClient(_app.ServerAddress, cookies: cookies);
        using (var signIn = await Security.SecurityFixture.PostSignInAsync(admin, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var page = await admin.GetStringAsync("/admin/backups");
        Assert.Contains("data-testid=\"backup-unavailable\"", page, StringComparison.Ordinal);
        Assert.Contains("pg_dump", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"backup-now\"", page, StringComparison.Ordinal);
        using var download = await admin.GetAsync(Dashboard.Features.Admin.BackupEndpoints.DownloadPath("redstation-20261128-000000-000.db"));
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
    }
}
