using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

/// <summary>Volunteers checking in to serve at a station and checking out when they leave.</summary>
public sealed class DutyService(DomainWriter writer)
{
    public Task<Result<DutySession>> CheckInAsync(int stationId, int volunteerId, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<DutySession>(async (scope, ct) =>
        {
            var db = scope.Db;
            var errors = writer.Errors;
            var found = await writer.FindStationAsync(db, stationId, mustBeOpen: true, ct);
            if (found.Error is { } stationError)
            {
                return stationError;
            }

            var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == volunteerId, ct);
            if (volunteer is null)
            {
                return errors.NotFound(ErrorCodes.VolunteerNotFound, volunteerId);
            }

            var open = await db.DutySessions.AsNoTracking()
                .Where(d => d.VolunteerId == volunteerId && d.CheckedOutAt == null)
                .Select(d => new { d.CheckedInAt, StationName = d.Station!.Name })
                .FirstOrDefaultAsync(ct);
            if (open is not null)
            {
                return errors.Conflict(ErrorCodes.VolunteerAlreadyOnDuty, volunteer.Name, open.StationName, writer.Clock.ToLocal(open.CheckedInAt));
            }

            var station = found.Value!;
            var session = new DutySession { StationId = stationId, VolunteerId = volunteerId, CheckedInAt = writer.Clock.UtcNow };
            db.DutySessions.Add(session);
            scope.Raise(() => new VolunteerCheckedIn(session.Id, volunteerId, volunteer.Name)
            {
                StationId = stationId,
                DistrictId = station.Community!.DistrictId,
                At = session.CheckedInAt,
            });
            return Result<DutySession>.Ok(session);
        },
        cancellationToken,
        // The unique index on open sessions is the last word when two desks race for one person.
        onUniqueViolation: () => writer.Errors.Conflict(ErrorCodes.ConcurrentChange));

    public Task<Result<DutySession>> CheckOutAsync(int stationId, int volunteerId, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<DutySession>(async (scope, ct) =>
        {
            var db = scope.Db;
            var errors = writer.Errors;
            var found = await writer.FindStationAsync(db, stationId, mustBeOpen: false, ct);
            if (found.Error is { } stationError)
            {
                return stationError;
            }

            var station = found.Value!;

            var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == volunteerId, ct);
            if (volunteer is null)
            {
                return errors.NotFound(ErrorCodes.VolunteerNotFound, volunteerId);
            }

            var session = await db.DutySessions
                .FirstOrDefaultAsync(d => d.VolunteerId == volunteerId && d.StationId == stationId && d.CheckedOutAt == null, ct);
            if (session is null)
            {
                return errors.Conflict(ErrorCodes.VolunteerNotOnDutyHere, volunteer.Name, station.Name);
            }

            var checkedOutAt = writer.Clock.UtcNow;
            session.CheckedOutAt = checkedOutAt;
            scope.Raise(() => new VolunteerCheckedOut(session.Id, volunteerId, volunteer.Name, session.CheckedInAt)
            {
                StationId = stationId,
                DistrictId = station.Community!.DistrictId,
                At = checkedOutAt,
            });
            return Result<DutySession>.Ok(session);
        },
        cancellationToken);
}
