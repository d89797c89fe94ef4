using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;

namespace RedStation.Data.Services;

/// <summary>A display token just created: the entity as stored, and the token itself — the only time it exists in clear.</summary>
public sealed record CreatedDisplayToken(DisplayToken Token, string Secret);

/// <summary>
/// Display tokens: each admits one wall screen, read-only, to one live scope. The server keeps only the
/// token's SHA-256, so its link can be shown only at creation. Revoking ends the screen at its next request.
/// </summary>
public sealed class DisplayTokenService(DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory)
{
    /// <param name="scope"><c>all</c>, <c>district:{id}</c> or <c>station:{id}</c>, checked against the database.</param>
    public async Task<Result<CreatedDisplayToken>> CreateAsync(string? name, string? scope, CancellationToken cancellationToken = default)
    {
        var actor = ActorContext.Current;
        var cleanName = TextPolicy.Clean(name);
        var secret = CredentialSecrets.Create(CredentialSecrets.DisplayPrefix);

        var result = await writer.WriteAsAdministratorAsync<CreatedDisplayToken>(async (write, ct) =>
        {
            if (writer.Errors.CheckText(cleanName, "Name", TextLimits.Name) is { } nameError)
            {
                return nameError;
            }

            if (!LiveScope.TryParse(scope?.Trim(), out var live))
            {
                return writer.Errors.Invalid(ErrorCodes.DisplayScopeInvalid, scope ?? string.Empty) with { Field = "Scope" };
            }

            var db = write.Db;
            if (live.DistrictId is { } districtId && !await db.Districts.AnyAsync(d => d.Id == districtId, ct))
            {
                return writer.Errors.NotFound(ErrorCodes.DistrictNotFound, districtId) with { Field = "Scope" };
            }

            if (live.StationId is { } stationId && !await db.Stations.AnyAsync(s => s.Id == stationId, ct))
            {
                return writer.Errors.NotFound(ErrorCodes.StationNotFound, stationId) with { Field = "Scope" };
            }

            var token = new DisplayToken
            {
                Name = cleanName,
                Prefix = CredentialSecrets.ShownPrefix(secret),
                Hash = CredentialSecrets.Hash(secret),
                Scope = live.ToString(),
                CreatedAt = writer.Clock.UtcNow,
                CreatedBy = IntegrationKeyService.Who(actor),
            };
            db.DisplayTokens.Add(token);
            write.Raise(() => SettingChanged.Of(SettingKind.DisplayToken, token.Id, token.CreatedAt));
            return Result<CreatedDisplayToken>.Ok(new CreatedDisplayToken(token, secret));
        },
        cancellationToken);
        return result;
    }

    public async Task<Result<DisplayToken>> RevokeAsync(int id, CancellationToken cancellationToken = default)
    {
        var actor = ActorContext.Current;
        var result = await writer.WriteAsAdministratorAsync<DisplayToken>(async (scope, ct) =>
        {
            var token = await scope.Db.DisplayTokens.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (token is null)
            {
                return writer.Errors.NotFound(ErrorCodes.DisplayTokenNotFound, id);
            }

            if (!token.IsActive)
            {
                return writer.Errors.Conflict(ErrorCodes.DisplayTokenAlreadyRevoked, token.Name);
            }

            var revokedAt = writer.Clock.UtcNow;
            token.RevokedAt = revokedAt;
            token.RevokedBy = IntegrationKeyService.Who(actor);
            // Every server's credential cache drops it (the screens' next request or revalidation is refused).
            scope.Raise(() => SettingChanged.Of(SettingKind.DisplayToken, token.Id, revokedAt));
            return Result<DisplayToken>.Ok(token);
        },
        cancellationToken);
        return result;
    }

    /// <summary>
    /// Sets the panels a token's screen rotates through, in order, each with its dwell time. Refused: an empty
    /// playlist, more than <see cref="DisplayPlaylist.MaxItems"/> entries, an unknown panel, a dwell outside
    /// <see cref="DisplayPlaylist.MinDwellSeconds"/>–<see cref="DisplayPlaylist.MaxDwellSeconds"/> seconds, a revoked token.
    /// </summary>
    public async Task<Result<DisplayToken>> SetPlaylistAsync(int id, IReadOnlyList<DisplayPlaylistItem>? items, CancellationToken cancellationToken = default)
    {
        var result = await writer.WriteAsync<DisplayToken>(async (scope, ct) =>
        {
            if (CheckPlaylist(items) is { } invalid)
            {
                return invalid;
            }

            var token = await scope.Db.DisplayTokens.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (token is null)
            {
                return writer.Errors.NotFound(ErrorCodes.DisplayTokenNotFound, id);
            }

            if (!token.IsActive)
            {
                return writer.Errors.Conflict(ErrorCodes.DisplayTokenAlreadyRevoked, token.Name);
            }

            token.Playlist = DisplayPlaylist.Format(items!.Select(i => i with { Panel = i.Panel.Trim() }));
            // The token's open screens, on every server, switch to it at once.
            scope.Raise(() => SettingChanged.Of(SettingKind.DisplayPlaylist, token.Id, writer.Clock.UtcNow));
            return Result<DisplayToken>.Ok(token);
        },
        cancellationToken);
        return result;
    }

    /// <summary>The playlist of a token (the default when it has none); null when there is no such active token.</summary>
    public async Task<IReadOnlyList<DisplayPlaylistItem>?> GetPlaylistAsync(int id, int defaultDwellSeconds = DisplayPlaylist.DefaultDwellSeconds, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.DisplayTokens.AsNoTracking().Where(t => t.Id == id && t.RevokedAt == null).Select(t => new { t.Playlist }).FirstOrDefaultAsync(cancellationToken);
        return token is null ? null : DisplayPlaylist.Parse(token.Playlist, defaultDwellSeconds);
    }

    private DomainError? CheckPlaylist(IReadOnlyList<DisplayPlaylistItem>? items)
    {
        if (items is null || items.Count == 0)
        {
            return writer.Errors.Invalid(ErrorCodes.DisplayPlaylistEmpty) with { Field = "Playlist" };
        }

        if (items.Count > DisplayPlaylist.MaxItems)
        {
            return writer.Errors.Invalid(ErrorCodes.DisplayPlaylistTooLong, DisplayPlaylist.MaxItems) with { Field = "Playlist" };
        }

        foreach (var item in items)
        {
            if (!DisplayPlaylist.IsKnownPanel(item.Panel?.Trim()))
            {
                return writer.Errors.Invalid(ErrorCodes.DisplayPanelUnknown, item.Panel ?? string.Empty, string.Join(", ", DisplayPlaylist.Panels)) with { Field = "Playlist" };
            }

            if (item.DwellSeconds is < DisplayPlaylist.MinDwellSeconds or > DisplayPlaylist.MaxDwellSeconds)
            {
                return writer.Errors.Invalid(ErrorCodes.DisplayDwellOutOfRange, item.DwellSeconds, DisplayPlaylist.MinDwellSeconds, DisplayPlaylist.MaxDwellSeconds) with { Field = "Playlist" };
            }
        }

        return null;
    }

    /// <summary>Every token, newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<DisplayToken>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.DisplayTokens.AsNoTracking().ToListAsync(cancellationToken);
        return tokens.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).ToList();
    }

    /// <summary>The active tokens only: what the display sign-in may accept.</summary>
    public async Task<IReadOnlyList<DisplayToken>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.DisplayTokens.AsNoTracking().Where(t => t.RevokedAt == null).ToListAsync(cancellationToken);
    }
}
