using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Data.Services;

/// <summary>
/// The single write path: runs one unit of domain work in its own short-lived context and
/// transaction, and commits only when the work succeeded. A rejected write leaves nothing behind.
/// </summary>
public sealed class DomainWriter(
    IDbContextFactory<RedStationDbContext> contextFactory,
    CityClock clock,
    DomainErrors errors)
{
    public CityClock Clock => clock;

    public DomainErrors Errors => errors;

    /// <param name="work">Validates and stages the change; returns the error that should abort it.</param>
    /// <param name="onUniqueViolation">The error to answer when a unique index refuses the change.</param>
    public async Task<Result<T>> WriteAsync<T>(
        Func<RedStationDbContext, CancellationToken, Task<Result<T>>> work,
        CancellationToken cancellationToken,
        Func<DomainError>? onUniqueViolation = null)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // On SQLite this is BEGIN IMMEDIATE: the transaction takes the write lock before it reads,
        // so the checks below see the latest committed state and concurrent writers queue behind it.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await work(db, cancellationToken);
            if (!result.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                return result;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbUpdateConcurrencyException)
        {
            return errors.Conflict(ErrorCodes.ConcurrentChange);
        }
        catch (DbUpdateException ex) when (onUniqueViolation is not null && IsUniqueViolation(ex))
        {
            return onUniqueViolation();
        }
    }

    /// <summary>Loads a station for a write, refusing an unknown one, and one not open when it must be.</summary>
    public async Task<Result<Station>> FindStationAsync(RedStationDbContext db, int stationId, bool mustBeOpen, CancellationToken cancellationToken)
    {
        var station = await db.Stations.FirstOrDefaultAsync(s => s.Id == stationId, cancellationToken);
        if (station is null)
        {
            return errors.NotFound(ErrorCodes.StationNotFound, stationId);
        }

        if (mustBeOpen && station.Status != StationStatus.Open)
        {
            return errors.Conflict(ErrorCodes.StationNotOpen, station.Name, errors.Text($"StationStatus.{station.Status}"));
        }

        return Result<Station>.Ok(station);
    }

    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };
}
