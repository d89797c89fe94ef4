using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Data.Alerts.Notifications;

/// <summary>What an organiser sets for a contact point.</summary>
/// <param name="Secret">A new secret; null or blank keeps the stored one (it is never shown back), unless <paramref name="ClearSecret"/>.</param>
/// <param name="Rules">The rules it receives; empty or null for every rule.</param>
/// <param name="DistrictId">Its district; null for the whole city.</param>
/// <param name="ReminderMinutes">Between reminders while a group stays open and unacknowledged; 0 for none.</param>
public sealed record ContactPointInput(
    string? Name,
    ContactPointKind Kind,
    string? Url,
    string? Secret = null,
    IReadOnlyList<AlertRule>? Rules = null,
    int? DistrictId = null,
    bool Enabled = true,
    int ReminderMinutes = ContactPoint.DefaultReminderMinutes,
    bool NotifyResolved = false,
    bool ClearSecret = false);

/// <summary>
/// Contact points (where alerts are sent) and their delivery log. Every change goes through the <see cref="DomainWriter"/>:
/// validated, audited (the secret as <c>***</c>), and announced by a <see cref="SettingChanged"/> event so that every
/// server's <see cref="AlertNotifier"/> reloads them. The delivery log is written through the writer too, unaudited; its
/// first attempt's row is the claim that lets one server of several send each message.
/// </summary>
public sealed class ContactPointService(DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory)
{
    public Task<Result<ContactPoint>> CreateAsync(ContactPointInput input, CancellationToken cancellationToken = default)
    {
        var by = IntegrationKeyService.Who(ActorContext.Current);
        return writer.WriteAsync<ContactPoint>(async (scope, ct) =>
        {
            var contactPoint = new ContactPoint { Name = string.Empty, Url = string.Empty, CreatedAt = writer.Clock.UtcNow, CreatedBy = by };
            if (await ApplyAsync(scope.Db, contactPoint, input, ct) is { } error)
            {
                return error;
            }

            scope.Db.ContactPoints.Add(contactPoint);
            scope.Raise(() => SettingChanged.Of(SettingKind.ContactPoint, contactPoint.Id, contactPoint.UpdatedAt));
            return Result<ContactPoint>.Ok(contactPoint);
        },
        cancellationToken);
    }

    public Task<Result<ContactPoint>> UpdateAsync(int id, ContactPointInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<ContactPoint>(async (scope, ct) =>
        {
            var contactPoint = await scope.Db.ContactPoints.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (contactPoint is null)
            {
                return writer.Errors.NotFound(ErrorCodes.ContactPointNotFound, id);
            }

            if (await ApplyAsync(scope.Db, contactPoint, input, ct) is { } error)
            {
                return error;
            }

            scope.Raise(() => SettingChanged.Of(SettingKind.ContactPoint, contactPoint.Id, contactPoint.UpdatedAt));
            return Result<ContactPoint>.Ok(contactPoint);
        },
        cancellationToken);

    /// <summary>Removes a contact point and its delivery log.</summary>
    public Task<Result<ContactPoint>> DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<ContactPoint>(async (scope, ct) =>
        {
            var contactPoint = await scope.Db.ContactPoints.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (contactPoint is null)
            {
                return writer.Errors.NotFound(ErrorCodes.ContactPointNotFound, id);
            }

            await scope.Db.ContactPointDeliveries.Where(d => d.ContactPointId == id).ExecuteDeleteAsync(ct);
            scope.Db.ContactPoints.Remove(contactPoint);
            scope.Raise(() => SettingChanged.Of(SettingKind.ContactPoint, id, writer.Clock.UtcNow));
            return Result<ContactPoint>.Ok(contactPoint);
        },
        cancellationToken);

    /// <summary>Every contact point, by name.</summary>
    public async Task<IReadOnlyList<ContactPoint>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var all = await db.ContactPoints.AsNoTracking().ToListAsync(cancellationToken);
        return all.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id).ToList();
    }

    /// <summary>A contact point's latest delivery attempts, newest first.</summary>
    public async Task<IReadOnlyList<ContactPointDelivery>> RecentDeliveriesAsync(int contactPointId, int take = 10, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ContactPointDeliveries.AsNoTracking()
            .Where(d => d.ContactPointId == contactPointId)
            .OrderByDescending(d => d.At).ThenByDescending(d => d.Id)
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Claims a message for this server by inserting its first attempt's row: refused (<see cref="ErrorKind.Conflict"/>) when
    /// another server, or an earlier run, claimed it already. Only the claimant sends.
    /// </summary>
    public Task<Result<ContactPointDelivery>> ClaimAsync(
        int contactPointId, string groupId, long opening, AlertMessageKind message, int number, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<ContactPointDelivery>(async (scope, ct) =>
        {
            if (message == AlertMessageKind.Test)
            {
                // Test messages are numbered: each press of the button is its own message.
                number = 1 + await scope.Db.ContactPointDeliveries.CountAsync(d => d.ContactPointId == contactPointId && d.Message == AlertMessageKind.Test && d.Attempt == 1, ct);
            }

            var delivery = new ContactPointDelivery
            {
                ContactPointId = contactPointId,
                GroupId = groupId,
                Opening = opening,
                Message = message,
                Number = number,
                Attempt = 1,
                At = writer.Clock.UtcNow,
            };
            scope.Db.ContactPointDeliveries.Add(delivery);
            return Result<ContactPointDelivery>.Ok(delivery);
        },
        cancellationToken,
        () => writer.Errors.Conflict(ErrorCodes.ContactPointMessageClaimed, groupId));

    /// <summary>Records how an attempt went: the claim's row for the first, a new row for each retry.</summary>
    public Task<Result<ContactPointDelivery>> RecordAttemptAsync(
        ContactPointDelivery claim, int attempt, int? statusCode, string? error, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<ContactPointDelivery>(async (scope, ct) =>
        {
            var row = attempt == 1
                ? await scope.Db.ContactPointDeliveries.FirstOrDefaultAsync(d => d.Id == claim.Id, ct)
                : null;
            if (row is null)
            {
                if (!await scope.Db.ContactPoints.AnyAsync(c => c.Id == claim.ContactPointId, ct))
                {
                    // Removed while the message was on its way: nothing to record it against.
                    return writer.Errors.NotFound(ErrorCodes.ContactPointNotFound, claim.ContactPointId);
                }

                row = new ContactPointDelivery
                {
                    ContactPointId = claim.ContactPointId,
                    GroupId = claim.GroupId,
                    Opening = claim.Opening,
                    Message = claim.Message,
                    Number = claim.Number,
                    Attempt = attempt,
                };
                scope.Db.ContactPointDeliveries.Add(row);
            }

            row.At = writer.Clock.UtcNow;
            row.StatusCode = statusCode;
            row.Error = error is { Length: > 300 } ? error[..300] : error;
            row.Succeeded = error is null;
            return Result<ContactPointDelivery>.Ok(row);
        },
        cancellationToken);

    /// <summary>Whether a message was claimed (and so sent, or being sent) — the resolved message follows only an opened one.</summary>
    public async Task<bool> WasClaimedAsync(int contactPointId, string groupId, long opening, AlertMessageKind message, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ContactPointDeliveries.AnyAsync(
            d => d.ContactPointId == contactPointId && d.GroupId == groupId && d.Opening == opening && d.Message == message && d.Attempt == 1, cancellationToken);
    }

    /// <summary>
    /// For a server that finds a group open without having seen it open (it started, or rebuilt its state): the opening a
    /// contact point was told of, when that episode runs on into the alerts open now — its opening alert still open, or
    /// closed only after the oldest open one opened. Null: a new episode.
    /// </summary>
    public async Task<(long Opening, DateTime OpenedAt)?> ContinuedOpeningAsync(string groupId, DateTime oldestOpenOpenedAt, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var opening = await db.ContactPointDeliveries
            .Where(d => d.GroupId == groupId && d.Message == AlertMessageKind.Opened && d.Attempt == 1)
            .MaxAsync(d => (long?)d.Opening, cancellationToken);
        if (opening is null)
        {
            return null;
        }

        var alert = await db.Alerts.AsNoTracking().Where(a => a.Id == opening).Select(a => new { a.OpenedAt, a.ClosedAt }).FirstOrDefaultAsync(cancellationToken);
        return alert is not null && (alert.ClosedAt is null || alert.ClosedAt >= oldestOpenOpenedAt) ? (opening.Value, alert.OpenedAt) : null;
    }

    private async Task<DomainError?> ApplyAsync(RedStationDbContext db, ContactPoint contactPoint, ContactPointInput input, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? string.Empty;
        if (writer.Errors.CheckText(name, "Name", TextLimits.Name) is { } nameError)
        {
            return nameError;
        }

        if (!Enum.IsDefined(input.Kind))
        {
            return writer.Errors.Invalid(ErrorCodes.ContactPointKindUnknown, (int)input.Kind) with { Field = "Kind" };
        }

        var url = input.Url?.Trim() ?? string.Empty;
        if (writer.Errors.CheckText(url, "Url", ContactPoint.MaxUrlLength) is { } urlError)
        {
            return urlError;
        }

        if (!IsHttpAddress(url))
        {
            return writer.Errors.Invalid(ErrorCodes.ContactPointUrlInvalid, writer.Errors.Field("Url")) with { Field = "Url" };
        }

        var secret = input.Secret?.Trim();
        if (writer.Errors.CheckText(secret, "Secret", ContactPoint.MaxSecretLength, required: false) is { } secretError)
        {
            return secretError;
        }

        if (input.ReminderMinutes != 0 && (input.ReminderMinutes < ContactPoint.MinReminderMinutes || input.ReminderMinutes > ContactPoint.MaxReminderMinutes))
        {
            return writer.Errors.Invalid(ErrorCodes.ContactPointReminderOutOfRange, ContactPoint.MinReminderMinutes, ContactPoint.MaxReminderMinutes)
                with { Field = "ReminderMinutes" };
        }

        foreach (var rule in input.Rules ?? [])
        {
            if (!Enum.IsDefined(rule))
            {
                return writer.Errors.Invalid(ErrorCodes.AlertRuleUnknown, (int)rule) with { Field = "Rules" };
            }
        }

        if (input.DistrictId is { } districtId && !await db.Districts.AnyAsync(d => d.Id == districtId, ct))
        {
            return writer.Errors.NotFound(ErrorCodes.DistrictNotFound, districtId) with { Field = "DistrictId" };
        }

        contactPoint.Name = name;
        contactPoint.Kind = input.Kind;
        contactPoint.Url = url;
        if (input.Kind == ContactPointKind.WeCom || input.ClearSecret)
        {
            // WeCom's group robot has no secret: its key is in the address.
            contactPoint.Secret = null;
        }
        else if (!string.IsNullOrEmpty(secret))
        {
            contactPoint.Secret = secret;
        }

        contactPoint.RuleMask = ContactPoint.MaskOf(input.Rules);
        contactPoint.DistrictId = input.DistrictId;
        contactPoint.Enabled = input.Enabled;
        contactPoint.ReminderMinutes = input.ReminderMinutes;
        contactPoint.NotifyResolved = input.NotifyResolved;
        contactPoint.UpdatedAt = writer.Clock.UtcNow;
        return null;
    }

    /// <summary>An absolute http:// or https:// address with a host and no user name or password in it.</summary>
    public static bool IsHttpAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.UserInfo)
        && string.IsNullOrEmpty(uri.Fragment);
}
