using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;

namespace RedStation.Data.Services;

/// <summary>A key just created: the entity as stored, and the secret itself — the only time it exists in clear.</summary>
public sealed record CreatedIntegrationKey(IntegrationKey Key, string Secret);

/// <summary>
/// Integration keys created in Admin: the server keeps their SHA-256 and a short prefix; the key is shown once.
/// Every change goes through the <see cref="DomainWriter"/> and is audited (the hash redacted).
/// </summary>
public sealed class IntegrationKeyService(DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory)
{
    public const string ReadScope = "read";
    public const string WriteScope = "write";

    public static IReadOnlyList<string> AllScopes { get; } = [ReadScope, WriteScope];

    public async Task<Result<CreatedIntegrationKey>> CreateAsync(
        string? name, IEnumerable<string>? scopes, IEnumerable<int>? stations, CancellationToken cancellationToken = default)
    {
        var actor = ActorContext.Current;
        var cleanName = TextPolicy.Clean(name);
        var cleanScopes = (scopes ?? []).Select(s => s.Trim().ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var cleanStations = (stations ?? []).Distinct().Order().ToList();
        var secret = CredentialSecrets.Create(CredentialSecrets.KeyPrefix);

        var result = await writer.WriteAsAdministratorAsync<CreatedIntegrationKey>(async (scope, ct) =>
        {
            if (writer.Errors.CheckText(cleanName, "Name", TextLimits.Name) is { } nameError)
            {
                return nameError;
            }

            if (cleanScopes.Count == 0 || cleanScopes.Any(s => !AllScopes.Contains(s)))
            {
                return writer.Errors.Invalid(ErrorCodes.KeyScopesInvalid) with { Field = "Scopes" };
            }

            var db = scope.Db;
            var activeNames = await db.IntegrationKeys.Where(k => k.RevokedAt == null).Select(k => k.Name).ToListAsync(ct);
            if (activeNames.Contains(cleanName, StringComparer.OrdinalIgnoreCase))
            {
                return writer.Errors.Conflict(ErrorCodes.KeyNameTaken, cleanName) with { Field = "Name" };
            }

            var known = await db.Stations.Where(s => cleanStations.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
            // Every id must be a station: a zero or negative one (never a station's) is refused as well.
            if (cleanStations.Where(id => !known.Contains(id)).Select(id => (int?)id).FirstOrDefault() is { } missing)
            {
                return writer.Errors.NotFound(ErrorCodes.StationNotFound, missing) with { Field = "Stations" };
            }

            var key = new IntegrationKey
            {
                Name = cleanName,
                Prefix = CredentialSecrets.ShownPrefix(secret),
                Hash = CredentialSecrets.Hash(secret),
                Scopes = cleanScopes,
                Stations = cleanStations,
                CreatedAt = writer.Clock.UtcNow,
                CreatedBy = Who(actor),
            };
            db.IntegrationKeys.Add(key);
            scope.Raise(() => SettingChanged.Of(SettingKind.IntegrationKey, key.Id, key.CreatedAt));
            return Result<CreatedIntegrationKey>.Ok(new CreatedIntegrationKey(key, secret));
        },
        cancellationToken);
        return result;
    }

    public async Task<Result<IntegrationKey>> RevokeAsync(int id, CancellationToken cancellationToken = default)
    {
        var actor = ActorContext.Current;
        var result = await writer.WriteAsAdministratorAsync<IntegrationKey>(async (scope, ct) =>
        {
            var key = await scope.Db.IntegrationKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
            if (key is null)
            {
                return writer.Errors.NotFound(ErrorCodes.KeyNotFound, id);
            }

            if (!key.IsActive)
            {
                return writer.Errors.Conflict(ErrorCodes.KeyAlreadyRevoked, key.Name);
            }

            var revokedAt = writer.Clock.UtcNow;
            key.RevokedAt = revokedAt;
            key.RevokedBy = Who(actor);
            // Every server's credential cache drops it: the key is refused at its next request, wherever it goes.
            scope.Raise(() => SettingChanged.Of(SettingKind.IntegrationKey, key.Id, revokedAt));
            return Result<IntegrationKey>.Ok(key);
        },
        cancellationToken);
        return result;
    }

    /// <summary>Every key, newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<IntegrationKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.IntegrationKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToList();
    }

    /// <summary>The active keys only: what authentication may accept.</summary>
    public async Task<IReadOnlyList<IntegrationKey>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.IntegrationKeys.AsNoTracking().Where(k => k.RevokedAt == null).ToListAsync(cancellationToken);
    }

    internal static string Who(Actor actor) => actor.Name.Length <= TextLimits.Name ? actor.Name : actor.Name[..TextLimits.Name];
}
