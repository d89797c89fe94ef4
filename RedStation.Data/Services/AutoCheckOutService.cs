using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Time;

namespace RedStation.Data.Services;

/// <summary>
/// Closes the duty sessions of volunteers who forgot to check out: at the station's closing time on the day of the
/// check-in (city time), flagged <see cref="DutySession.ClosedAutomatically"/>, through the one write path and with the
/// usual <see cref="VolunteerCheckedOut"/> events, so that every screen sees them leave.
/// </summary>
public sealed class AutoCheckOutService(IDbContextFactory<RedStationDbContext> contextFactory, DomainWriter writer)
{
    private CityClock Clock => writer.Clock;

    /// <summary>When a session opened at <paramref name="checkedInAtUtc"/> at a station closing at <paramref name="closesAt"/> ends by itself.</summary>
    /// <remarks>
    /// The closing time of the check-in's city day; a check-in made after that day's closing time (a late evening
    /// event) runs to the end of its day instead, so that no session ever ends before it began.
    /// </remarks>
    public DateTime ClosingInstantUtc(DateTime checkedInAtUtc, TimeOnly closesAt)
    {
        var day = DateOnly.FromDateTime(Clock.ToLocal(checkedInAtUtc));
        var closing = Clock.ToUtc(day.ToDateTime(closesAt));
        return closing > checkedInAtUtc ? closing : Clock.StartOfDayUtc(day.AddDays(1));
    }

    /// <summary>Closes every open session whose closing instant has passed; answers how many it closed.</summary>
    public async Task<int> CloseOverdueSessionsAsync(CancellationToken cancellationToken = default)
    {
        // A cheap read first, outside the writer: on nearly every minute nothing is due and the writer is left alone.
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if ((await FindDueAsync(db, cancellationToken)).Count == 0)
            {
                return 0;
            }
        }

        using var _ = ActorContext.Begin(Actor.System);
        var result = await writer.WriteAsync<int>(async (scope, ct) =>
        {
            // Read again inside the write: a volunteer may have checked out by hand since.
            var due = await FindDueAsync(scope.Db, ct);
            foreach (var open in due)
            {
                var session = new DutySession { Id = open.Id, StationId = open.StationId, VolunteerId = open.VolunteerId, CheckedInAt = open.CheckedInAt };
                scope.Db.DutySessions.Attach(session);
                session.CheckedOutAt = open.ClosesAtUtc;
                session.ClosedAutomatically = true;
                scope.Raise(() => new VolunteerCheckedOut(session.Id, open.VolunteerId, open.VolunteerName, open.CheckedInAt)
                {
                    StationId = open.StationId,
                    DistrictId = open.DistrictId,
                    At = open.ClosesAtUtc,
                });
            }

            return Result<int>.Ok(due.Count);
        },
        cancellationToken);
        return result.Value;
    }

    private async Task<List<DueSession>> FindDueAsync(RedStationDbContext db, CancellationToken cancellationToken)
    {
        var now = Clock.UtcNow;
        var open = await db.DutySessions.AsNoTracking()
            .Where(d => d.CheckedOutAt == null)
            .Select(d => new { d.Id, d.VolunteerId, d.StationId, d.CheckedInAt, d.Station!.ClosesAt, d.Station.Community!.DistrictId, VolunteerName = d.Volunteer!.Name })
            .ToListAsync(cancellationToken);
        return open
            .Select(d => new DueSession(d.Id, d.VolunteerId, d.VolunteerName, d.StationId, d.DistrictId, d.CheckedInAt, ClosingInstantUtc(d.CheckedInAt, d.ClosesAt)))
            .Where(d => d.ClosesAtUtc <= now)
            .ToList();
    }

    private sealed record DueSession(long Id, int VolunteerId, string VolunteerName, int StationId, int DistrictId, DateTime CheckedInAt, DateTime ClosesAtUtc);
}
