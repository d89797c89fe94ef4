using System.Net;
using Microsoft.Data.Sqlite;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Web;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_WhenTheDatabaseIsUnreadable_Answers503()
    {
        await using var app = new RedStationAppFactory();
        using var client = app.CreateClient();
        using (var healthy = await client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        // What a failed disk or a clobbered file looks like to the app: the file is no database any more.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            File.Delete(app.DatabasePath + suffix);
        }

        await File.WriteAllTextAsync(app.DatabasePath, new string('x', 8192));

        using var unhealthy = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
    }
}
