using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Security;

namespace RedStation.Data.Services;

/// <summary>A sign-in lockout that just began, as the sign-in's attempt limiter saw it.</summary>
/// <param name="UserName">The name as typed; null when the whole address is locked out.</param>
/// <param name="NormalizedUserName">The name as Identity compares it; null when the whole address is locked out.</param>
public sealed record SignInLockoutStart(string? UserName, string? NormalizedUserName, string Address, int Failures, DateTime StartedAt, DateTime EndsAt);

/// <summary>
/// The durable, audited trace of sign-in lockouts (<see cref="SignInLockout"/>): recorded when one begins — in the
/// name of the anonymous caller at that address — and lifted early by an administrator. The lockout itself is counted
/// in memory by the sign-in; a lift recorded here is what every server consults before it refuses a locked name.
/// </summary>
public sealed class SignInLockoutService(DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory)
{
    /// <summary>How far back the people page lists lockouts.</summary>
    public static readonly TimeSpan RecentPeriod = TimeSpan.FromDays(7);

    /// <summary>
    /// Records a lockout that began. The same write, with the same lookup of the account, for a name no account has as
    /// for a real one: the time of the sign-in's answer must not tell which names exist.
    /// </summary>
    public async Task<Result<SignInLockout>> RecordAsync(SignInLockoutStart start, CancellationToken cancellationToken = default)
    {
        var address = Cut(start.Address, SignInLockout.MaxAddressLength);
        using var _ = ActorContext.Begin(Actor.Anonymous(address));
        return await writer.WriteAsync<SignInLockout>(async (scope, ct) =>
        {
            var normalized = start.NormalizedUserName is null ? null : Cut(start.NormalizedUserName, SignInLockout.MaxUserNameLength);
            var userId = await scope.Db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
            var lockout = new SignInLockout
            {
                UserName = start.UserName is null ? null : Cut(start.UserName, SignInLockout.MaxUserNameLength),
                NormalizedUserName = normalized,
                Address = address,
                UserId = userId,
                Failures = start.Failures,
                StartedAt = start.StartedAt,
                EndsAt = start.EndsAt,
            };
            scope.Db.SignInLockouts.Add(lockout);
            return Result<SignInLockout>.Ok(lockout);
        },
        cancellationToken);
    }

    /// <summary>Ends a running lockout early: only an administrator may. The caller clears the lockout in its own memory.</summary>
    public async Task<Result<SignInLockout>> LiftAsync(long id, CancellationToken cancellationToken = default)
    {
        var actor = ActorContext.Current;
        return await writer.WriteAsAdministratorAsync<SignInLockout>(async (scope, ct) =>
        {
            var lockout = await scope.Db.SignInLockouts.FirstOrDefaultAsync(l => l.Id == id, ct);
            if (lockout is null)
            {
                return writer.Errors.NotFound(ErrorCodes.SignInLockoutNotFound, id);
            }

            var now = writer.Clock.UtcNow;
            if (!lockout.IsActive(now))
            {
                return writer.Errors.Conflict(ErrorCodes.SignInLockoutNotActive, lockout.UserName ?? "*", lockout.Address);
            }

            lockout.LiftedAt = now;
            lockout.LiftedBy = IntegrationKeyService.Who(actor);
            return Result<SignInLockout>.Ok(lockout);
        },
        cancellationToken);
    }

    /// <summary>
    /// Whether an administrator lifted a lockout of this name (null: of the whole address) from this address at or
    /// after <paramref name="since"/>: a server that still counts the lockout in memory lets the name try again.
    /// </summary>
    public async Task<bool> WasLiftedSinceAsync(string? normalizedUserName, string address, DateTime since, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.SignInLockouts.AsNoTracking()
            .AnyAsync(l => l.Address == address && l.NormalizedUserName == normalizedUserName && l.LiftedAt != null && l.LiftedAt >= since, cancellationToken);
    }

    /// <summary>The lockouts that began in the last <see cref="RecentPeriod"/>, newest first: running, lifted and ended ones.</summary>
    public async Task<IReadOnlyList<SignInLockout>> ListRecentAsync(CancellationToken cancellationToken = default)
    {
        var since = writer.Clock.UtcNow - RecentPeriod;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lockouts = await db.SignInLockouts.AsNoTracking().Where(l => l.StartedAt >= since).ToListAsync(cancellationToken);
        return lockouts.OrderByDescending(l => l.StartedAt).ThenByDescending(l => l.Id).ToList();
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}
