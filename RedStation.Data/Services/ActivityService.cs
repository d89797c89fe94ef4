using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

public sealed record LogActivityRequest(
    int StationId,
    int ActivityTypeId,
    string Title,
    DateTime StartsAt,
    DateTime EndsAt,
    int Attendance,
    string? Organiser = null,
    string? Notes = null);

/// <summary>Activities held at a station: logged with their time, place and attendance, then ended.</summary>
public sealed class ActivityService(DomainWriter writer)
{
    public const int MaxAttendance = 5000;
    public const int MaxHours = 24;

    /// <summary>
    /// How far from today an activity may start: logging is for what happens around now (a late entry, next
    /// month's lecture), and a start decades away is a typo or a hostile caller, never a real activity.
    /// </summary>
    public const int MaxDaysFromToday = 366;

    public Task<Result<Activity>> LogAsync(LogActivityRequest request, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Activity>(async (scope, ct) =>
        {
            var db = scope.Db;
            var errors = writer.Errors;
            var invalid = Validate(request);
            if (invalid is not null)
            {
                return invalid;
            }

            var found = await writer.FindStationAsync(db, request.StationId, mustBeOpen: true, ct);
            if (found.Error is { } stationError)
            {
                return stationError;
            }

            var type = await db.ActivityTypes.AsNoTracking().Where(t => t.Id == request.ActivityTypeId)
                .Select(t => new { t.Name, t.IsActive }).FirstOrDefaultAsync(ct);
            if (type is null)
            {
                return errors.NotFound(ErrorCodes.ActivityTypeNotFound, request.ActivityTypeId) with { Field = "ActivityTypeId" };
            }

            if (!type.IsActive)
            {
                return errors.Conflict(ErrorCodes.ActivityTypeInactive, type.Name) with { Field = "ActivityTypeId" };
            }

            var activity = new Activity
            {
                StationId = request.StationId,
                ActivityTypeId = request.ActivityTypeId,
                Title = TextPolicy.Clean(request.Title),
                StartsAt = request.StartsAt.ToUniversalTime(),
                EndsAt = request.EndsAt.ToUniversalTime(),
                Attendance = request.Attendance,
                Organiser = TextPolicy.CleanOrNull(request.Organiser),
                Notes = TextPolicy.CleanOrNull(request.Notes),
                LoggedAt = writer.Clock.UtcNow,
            };
            db.Activities.Add(activity);
            scope.Raise(() => new ActivityLogged(activity.Id, activity.ActivityTypeId, activity.Title, activity.StartsAt, activity.EndsAt, activity.Attendance)
            {
                StationId = activity.StationId,
                DistrictId = found.Value!.Community!.DistrictId,
                At = activity.LoggedAt,
            });
            return Result<Activity>.Ok(activity);
        },
        cancellationToken);

    /// <summary>Closes a running activity now, with its final attendance.</summary>
    public Task<Result<Activity>> EndAsync(long activityId, int finalAttendance, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Activity>(async (scope, ct) =>
        {
            var db = scope.Db;
            var errors = writer.Errors;
            if (finalAttendance is < 0 or > MaxAttendance)
            {
                return errors.Invalid(ErrorCodes.AttendanceOutOfRange, MaxAttendance) with { Field = "Attendance" };
            }

            var activity = await db.Activities.Include(a => a.Station!.Community).FirstOrDefaultAsync(a => a.Id == activityId, ct);
            if (activity is null)
            {
                return errors.NotFound(ErrorCodes.ActivityNotFound, activityId);
            }

            if (activity.EndedAt is { } endedAt)
            {
                return errors.Conflict(ErrorCodes.ActivityAlreadyEnded, writer.Clock.ToLocal(endedAt));
            }

            var now = writer.Clock.UtcNow;
            if (now <= activity.StartsAt)
            {
                return errors.Invalid(ErrorCodes.ActivityEndsBeforeStart);
            }

            var previousAttendance = activity.Attendance;
            activity.EndedAt = now;
            activity.EndsAt = now;
            activity.Attendance = finalAttendance;
            scope.Raise(() => new ActivityEnded(activity.Id, activity.ActivityTypeId, activity.Title, activity.StartsAt, finalAttendance, previousAttendance)
            {
                StationId = activity.StationId,
                DistrictId = activity.Station!.Community!.DistrictId,
                At = now,
            });
            return Result<Activity>.Ok(activity);
        },
        cancellationToken);

    private DomainError? Validate(LogActivityRequest request)
    {
        var errors = writer.Errors;
        if (errors.CheckText(request.Title, "Title", TextLimits.Title) is { } title)
        {
            return title;
        }

        if (errors.CheckText(request.Organiser, "Organiser", TextLimits.Name, required: false) is { } organiser)
        {
            return organiser;
        }

        if (errors.CheckText(request.Notes, "Notes", TextLimits.Note, required: false, multiline: true) is { } notes)
        {
            return notes;
        }

        var now = writer.Clock.UtcNow;
        if ((request.StartsAt.ToUniversalTime() - now).Duration() > TimeSpan.FromDays(MaxDaysFromToday))
        {
            return errors.Invalid(ErrorCodes.ActivityDateOutOfRange, MaxDaysFromToday) with { Field = "StartsAt" };
        }

        if (request.EndsAt.ToUniversalTime() <= request.StartsAt.ToUniversalTime())
        {
            return errors.Invalid(ErrorCodes.ActivityEndsBeforeStart) with { Field = "EndsAt" };
        }

        if (request.EndsAt.ToUniversalTime() - request.StartsAt.ToUniversalTime() > TimeSpan.FromHours(MaxHours))
        {
            return errors.Invalid(ErrorCodes.ActivityTooLong, MaxHours) with { Field = "EndsAt" };
        }

        return request.Attendance is < 0 or > MaxAttendance
            ? errors.Invalid(ErrorCodes.AttendanceOutOfRange, MaxAttendance) with { Field = "Attendance" }
            : null;
    }
}
