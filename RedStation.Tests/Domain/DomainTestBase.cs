using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain;

/// <summary>
/// A fresh <see cref="TestNetwork"/> database per test, on SQLite. A test class runs on PostgreSQL too through a
/// derived class that overrides <see cref="Provider"/>, e.g. <c>DutyServiceTests_PostgreSQL : DutyServiceTests</c>.
/// </summary>
public abstract class DomainTestBase : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected T Service<T>() where T : notnull => Database.Get<T>();

    public async Task InitializeAsync() => Database = await TestNetwork.CreateDatabaseAsync(Provider);

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>Runs a write that must be refused, and checks that it left the database exactly as it was.</summary>
    protected async Task<DomainError> AssertRejectedAsync<T>(Func<Task<Result<T>>> write, string expectedCode, ErrorKind expectedKind)
    {
        var before = await DatabaseSnapshot.TakeAsync(Database);
        var result = await write();
        Assert.False(result.Succeeded, $"Expected {expectedCode}, but the write succeeded.");
        Assert.Equal(expectedCode, result.Error!.Code);
        Assert.Equal(expectedKind, result.Error.Kind);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));
        return result.Error;
    }

    protected static T AssertSucceeded<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }
}
