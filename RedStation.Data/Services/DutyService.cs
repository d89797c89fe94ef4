using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

/// <summary>Volunteers checking in to serve at a station and checking out when they leave.</summary>
public sealed class DutyService(DomainWriter writer)
{
    /// <summary>How long after a check-in or check-out the desk may still take it back.</summary>
    public static readonly TimeSpan UndoWindow = TimeSpan.FromMinutes(1);

    // Check-in and check-out are the hottest writes (a queue at the door on a Saturday): everything
    // they check is read in one compiled query instead of three.
    // Per instance, not static: a compiled query belongs to the model (the provider) it was first run against.
    private readonly Func<RedStationDbContext, int, int, CancellationToken, Task<DutyFacts?>> _factsQuery =
        EF.CompileAsyncQuery((RedStationDbContext db, int stationId, int volunteerId, CancellationToken _) =>
            db.Stations
                .Where(s => s.Id == stationId)
                .Select(s => new DutyFacts(
                    s.Name,
                    s.Status,
                    s.Community!.DistrictId,
                    db.Volunteers.Where(v => v.Id == volunteerId).Select(v => v.Name).FirstOrDefault(),
                    // Scalar subqueries (SQLite has no APPLY); each is one probe of the open-session index.
                    db.DutySessions.Where(d => d.VolunteerId == volunteerId && d.CheckedOutAt == null).Select(d => (long?)d.Id).FirstOrDefault(),
                    db.DutySessions.Where(d => d.VolunteerId == volunteerId && d.CheckedOutAt == null).Select(d => (int?)d.StationId).FirstOrDefault(),
                    db.DutySessions.Where(d => d.VolunteerId == volunteerId && d.CheckedOutAt == null).Select(d => d.Station!.Name).FirstOrDefault(),
                    db.DutySessions.Where(d => d.VolunteerId == volunteerId && d.CheckedOutAt == null).Select(d => (DateTime?)d.CheckedInAt).FirstOrDefault()))
                .FirstOrDefault());

    public Task<Result<DutySession>> CheckInAsync(int stationId, int volunteerId, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<DutySession>(async (scope, ct) =>
        {
            var errors = writer.Errors;
            var facts = await _factsQuery(scope.Db, stationId, volunteerId, ct);
            if (Refuse(facts, stationId, volunteerId, mustBeOpen: true) is { } refused)
            {
                return refused;
            }

            if (facts!.Open is { } open)
            {
                return errors.Conflict(ErrorCodes.VolunteerAlreadyOnDuty, facts.VolunteerName!, open.StationName, writer.Clock.ToLocal(open.CheckedInAt)) with { Field = "VolunteerId" };
            }

            var session = new DutySession { StationId = stationId, VolunteerId = volunteerId, CheckedInAt = writer.Clock.UtcNow };
            scope.Db.DutySessions.Add(session);
            scope.Raise(() => new VolunteerCheckedIn(session.Id, volunteerId, facts.VolunteerName!)
            {
                StationId = stationId,
                DistrictId = facts.DistrictId,
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
            var facts = await _factsQuery(scope.Db, stationId, volunteerId, ct);
            if (Refuse(facts, stationId, volunteerId, mustBeOpen: false) is { } refused)
            {
                return refused;
            }

            if (facts!.Open is not { } open || open.StationId != stationId)
            {
                return writer.Errors.Conflict(ErrorCodes.VolunteerNotOnDutyHere, facts.VolunteerName!, facts.StationName) with { Field = "VolunteerId" };
            }

            var session = new DutySession { Id = open.SessionId, StationId = stationId, VolunteerId = volunteerId, CheckedInAt = open.CheckedInAt };
            scope.Db.DutySessions.Attach(session);
            session.CheckedOutAt = writer.Clock.UtcNow;
            scope.Raise(() => new VolunteerCheckedOut(session.Id, volunteerId, facts.VolunteerName!, session.CheckedInAt)
            {
                StationId = stationId,
                DistrictId = facts.DistrictId,
                At = session.CheckedOutAt.Value,
            });
            return Result<DutySession>.Ok(session);
        },
        cancellationToken);

    /// <summary>
    /// Takes back a tap made by mistake, within <see cref="UndoWindow"/>: a session still open and opened
    /// that recently is removed (the check-in never happened, so it counts for nothing), a session closed
    /// that recently is reopened. Anything older is history and stays.
    /// </summary>
    public Task<Result<DutySession>> UndoAsync(int stationId, long sessionId, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<DutySession>(async (scope, ct) =>
        {
            var db = scope.Db;
            var errors = writer.Errors;
            var session = await db.DutySessions
                .Include(d => d.Volunteer)
                .Include(d => d.Station!.Community)
                .FirstOrDefaultAsync(d => d.Id == sessionId && d.StationId == stationId, ct);
            if (session is null)
            {
                return errors.NotFound(ErrorCodes.DutySessionNotFound, sessionId);
            }

            var now = writer.Clock.UtcNow;
            var undone = session.CheckedOutAt is null ? DutyAction.CheckIn : DutyAction.CheckOut;
            var actedAt = session.CheckedOutAt ?? session.CheckedInAt;
            if (now - actedAt > UndoWindow)
            {
                return errors.Conflict(ErrorCodes.UndoExpired, (int)UndoWindow.TotalSeconds);
            }

            var name = session.Volunteer!.Name;
            var checkedOutAt = session.CheckedOutAt;
            if (undone == DutyAction.CheckIn)
            {
                db.DutySessions.Remove(session);
            }
            else
            {
                if (await db.DutySessions.AnyAsync(d => d.VolunteerId == session.VolunteerId && d.CheckedOutAt == null, ct))
                {
                    return errors.Conflict(ErrorCodes.UndoSupersededByCheckIn, name);
                }

                session.CheckedOutAt = null;
            }

            scope.Raise(() => new DutyUndone(session.Id, session.VolunteerId, name, undone, session.CheckedInAt, checkedOutAt)
            {
                StationId = stationId,
                DistrictId = session.Station!.Community!.DistrictId,
                At = now,
            });
            return Result<DutySession>.Ok(session);
        },
        cancellationToken,
        // Reopening races a check-in elsewhere: the unique index on open sessions decides.
        onUniqueViolation: () => writer.Errors.Conflict(ErrorCodes.ConcurrentChange));

    private DomainError? Refuse(DutyFacts? facts, int stationId, int volunteerId, bool mustBeOpen)
    {
        var errors = writer.Errors;
        if (facts is null)
        {
            return errors.NotFound(ErrorCodes.StationNotFound, stationId) with { Field = "StationId" };
        }

        if (mustBeOpen && facts.StationStatus != StationStatus.Open)
        {
            return errors.Conflict(ErrorCodes.StationNotOpen, facts.StationName, errors.Text($"StationStatus.{facts.StationStatus}")) with { Field = "StationId" };
        }

        return facts.VolunteerName is null ? errors.NotFound(ErrorCodes.VolunteerNotFound, volunteerId) with { Field = "VolunteerId" } : null;
    }

    private sealed record DutyFacts(
        string StationName,
        StationStatus StationStatus,
        int DistrictId,
        string? VolunteerName,
        long? OpenSessionId,
        int? OpenStationId,
        string? OpenStationName,
        DateTime? OpenCheckedInAt)
    {
        public OpenSession? Open => OpenSessionId is { } id ? new OpenSession(id, OpenStationId!.Value, OpenStationName!, OpenCheckedInAt!.Value) : null;
    }

    private sealed record OpenSession(long SessionId, int StationId, string StationName, DateTime CheckedInAt);
}
