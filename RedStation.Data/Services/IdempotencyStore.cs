using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;

namespace RedStation.Data.Services;

/// <summary>Keeps the first answer to each idempotent write for <see cref="Retention"/>.</summary>
public sealed class IdempotencyStore(IDbContextFactory<RedStationDbContext> contextFactory, DomainWriter writer)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task<IdempotencyRecord?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        var since = writer.Clock.UtcNow - Retention;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key && r.CreatedAt >= since, cancellationToken);
    }

    /// <summary>Stores an answer, replacing an expired one under the same key, and drops other expired answers.</summary>
    public Task SaveAsync(string key, string requestHash, int statusCode, string? contentType, byte[] body, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<IdempotencyRecord>(async (scope, ct) =>
        {
            var now = writer.Clock.UtcNow;
            await scope.Db.IdempotencyRecords.Where(r => r.Key == key || r.CreatedAt < now - Retention).ExecuteDeleteAsync(ct);
            var record = new IdempotencyRecord { Key = key, RequestHash = requestHash, StatusCode = statusCode, ContentType = contentType, Body = body, CreatedAt = now };
            scope.Db.IdempotencyRecords.Add(record);
            return Result<IdempotencyRecord>.Ok(record);
        },
        cancellationToken);
}
