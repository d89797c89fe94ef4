using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

public sealed record PostWishRequest(
    int StationId,
    WishCategory Category,
    string Title,
    string RequesterName,
    string? RequesterPhone = null);

/// <summary>Residents' micro-wishes (微心愿): posted → claimed → fulfilled, or cancelled before fulfilment.</summary>
public sealed class WishService(DomainWriter writer)
{
    /// <summary>
    /// A wish still posted or claimed this long after it was posted is overdue: a resident's small request
    /// should not wait more than a week.
    /// </summary>
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromDays(7);

    public static bool IsOverdue(DateTime postedAtUtc, DateTime nowUtc) => nowUtc - postedAtUtc > OverdueAfter;

    public Task<Result<MicroWish>> PostAsync(PostWishRequest request, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<MicroWish>(async (scope, ct) =>
        {
            var db = scope.Db;
            var errors = writer.Errors;
            if (!Enum.IsDefined(request.Category))
            {
                return errors.Invalid(ErrorCodes.UnknownCategory, request.Category) with { Field = "Category" };
            }

            if (errors.CheckText(request.Title, "Title", TextLimits.Title) is { } title)
            {
                return title;
            }

            if (errors.CheckText(request.RequesterName, "RequesterName", TextLimits.PersonName) is { } name)
            {
                return name;
            }

            if (errors.CheckText(request.RequesterPhone, "RequesterPhone", TextLimits.Phone, required: false) is { } phone)
            {
                return phone;
            }

            var found = await writer.FindStationAsync(db, request.StationId, mustBeOpen: true, ct);
            if (found.Error is { } stationError)
            {
                return stationError;
            }

            var wish = new MicroWish
            {
                StationId = request.StationId,
                Category = request.Category,
                Title = TextPolicy.Clean(request.Title),
                RequesterName = TextPolicy.Clean(request.RequesterName),
                RequesterPhone = TextPolicy.CleanOrNull(request.RequesterPhone),
                Status = WishStatus.Posted,
                PostedAt = writer.Clock.UtcNow,
            };
            db.MicroWishes.Add(wish);
            scope.Raise(() => WishChangedEvent(wish, null, found.Value!.Community!.DistrictId, wish.PostedAt));
            return Result<MicroWish>.Ok(wish);
        },
        cancellationToken);

    public Task<Result<MicroWish>> ClaimAsync(long wishId, int volunteerId, CancellationToken cancellationToken = default) =>
        TransitionAsync(wishId, "Claim", [WishStatus.Posted], async (db, wish, ct) =>
        {
            if (!await db.Volunteers.AnyAsync(v => v.Id == volunteerId, ct))
            {
                return writer.Errors.NotFound(ErrorCodes.VolunteerNotFound, volunteerId) with { Field = "VolunteerId" };
            }

            wish.Status = WishStatus.Claimed;
            wish.ClaimedByVolunteerId = volunteerId;
            wish.ClaimedAt = writer.Clock.UtcNow;
            return null;
        },
        cancellationToken);

    public Task<Result<MicroWish>> FulfilAsync(long wishId, string? note, CancellationToken cancellationToken = default) =>
        TransitionAsync(wishId, "Fulfil", [WishStatus.Claimed], (_, wish, _) =>
        {
            if (writer.Errors.CheckText(note, "FulfilmentNote", TextLimits.Note, required: false, multiline: true) is { } invalid)
            {
                return Task.FromResult<DomainError?>(invalid);
            }

            wish.Status = WishStatus.Fulfilled;
            wish.FulfilledAt = writer.Clock.UtcNow;
            wish.FulfilmentNote = TextPolicy.CleanOrNull(note);
            return Task.FromResult<DomainError?>(null);
        },
        cancellationToken);

    public Task<Result<MicroWish>> CancelAsync(long wishId, string reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(wishId, "Cancel", [WishStatus.Posted, WishStatus.Claimed], (_, wish, _) =>
        {
            if (writer.Errors.CheckText(reason, "CancelReason", TextLimits.Note, multiline: true) is { } invalid)
            {
                return Task.FromResult<DomainError?>(invalid);
            }

            wish.Status = WishStatus.Cancelled;
            wish.CancelledAt = writer.Clock.UtcNow;
            wish.CancelReason = TextPolicy.Clean(reason);
            return Task.FromResult<DomainError?>(null);
        },
        cancellationToken);

    private static WishChanged WishChangedEvent(MicroWish wish, WishStatus? previous, int districtId, DateTime at) =>
        new(wish.Id, wish.Status, previous, wish.Category, wish.Title, wish.ClaimedByVolunteerId)
        {
            StationId = wish.StationId,
            DistrictId = districtId,
            At = at,
        };

    private Task<Result<MicroWish>> TransitionAsync(
        long wishId,
        string action,
        WishStatus[] allowedFrom,
        Func<RedStationDbContext, MicroWish, CancellationToken, Task<DomainError?>> apply,
        CancellationToken cancellationToken) =>
        writer.WriteAsync<MicroWish>(async (scope, ct) =>
        {
            var db = scope.Db;
            var errors = writer.Errors;
            var wish = await db.MicroWishes.Include(w => w.Station!.Community).FirstOrDefaultAsync(w => w.Id == wishId, ct);
            if (wish is null)
            {
                return errors.NotFound(ErrorCodes.WishNotFound, wishId);
            }

            if (!allowedFrom.Contains(wish.Status))
            {
                return errors.Conflict(ErrorCodes.WishTransitionInvalid, errors.Text($"Status.{wish.Status}"), errors.Text($"Action.{action}"));
            }

            var previous = wish.Status;
            if (await apply(db, wish, ct) is { } error)
            {
                return error;
            }

            wish.Version++;
            var at = (wish.Status switch
            {
                WishStatus.Claimed => wish.ClaimedAt,
                WishStatus.Fulfilled => wish.FulfilledAt,
                _ => wish.CancelledAt,
            }).GetValueOrDefault();
            scope.Raise(() => WishChangedEvent(wish, previous, wish.Station!.Community!.DistrictId, at));
            return Result<MicroWish>.Ok(wish);
        },
        cancellationToken);
}
