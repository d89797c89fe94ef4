using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Operations;

public sealed class WalCheckpointTests
{
    [Fact]
    public async Task AfterTheDemoSeed_TheWriteAheadLogIsEmpty()
    {
        await using var database = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 2);

        var log = new FileInfo(database.FilePath + "-wal");
        var data = new FileInfo(database.FilePath);

        // Without the checkpoint the log holds every page the seed wrote (about as large as the database).
        Assert.True(data.Length > 1024 * 1024, $"The seed wrote {data.Length} bytes only.");
        Assert.True(!log.Exists || log.Length == 0, $"The WAL file is {log.Length} bytes beside a {data.Length}-byte database.");
    }
}
