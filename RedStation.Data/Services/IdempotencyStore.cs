using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;

namespace RedStation.Data.Services;

/// <summary>
/// Reads the reservations that <see cref="DomainWriter"/> makes for idempotent writes (<see cref="IdempotencyClaim"/>)
/// and records an answer the write could not record itself. A reservation is kept for <see cref="Retention"/>.
/// </summary>
public sealed class IdempotencyStore(IDbContextFactory<RedStationDbContext> contextFactory, DomainWriter writer)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task<IdempotencyRecord?> FindAsync(string principal, string clientKey, CancellationToken cancellationToken = default)
    {
        var since = writer.Clock.UtcNow - Retention;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.IdempotencyRecords.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Principal == principal && r.ClientKey == clientKey && r.CreatedAt >= since, cancellationToken);
    }

    /// <summary>
    /// Records the answer of a write whose reservation committed without one. A second write is safe here: the business
    /// write cannot run again, whatever happens to this one.
    /// </summary>
    public Task<Result<bool>> RecordAnswerAsync(string principal, string clientKey, IdempotentAnswer answer, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<bool>(async (scope, ct) =>
        {
            var recorded = await scope.Db.IdempotencyRecords
                .Where(r => r.Principal == principal && r.ClientKey == clientKey && r.StatusCode == null)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.StatusCode, answer.StatusCode)
                    .SetProperty(r => r.ContentType, answer.ContentType)
                    .SetProperty(r => r.Body, answer.Body), ct);
            return Result<bool>.Ok(recorded == 1);
        },
        cancellationToken);
}
