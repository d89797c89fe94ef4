using Microsoft.EntityFrameworkCore;

namespace RedStation.Data.Analytics;

/// <summary>The drill-down: one station's or one volunteer's history in a period, each list capped at <see cref="AnalyticsService.HistoryLimit"/>.</summary>
internal sealed class HistoryQuery(AnalyticsReader reader)
{
    public async Task<StationHistory?> GetStationHistoryAsync(int stationId, AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await reader.OpenAsync(cancellationToken);
        var profile = await db.Stations.AsNoTracking().Where(s => s.Id == stationId)
            .Select(s => new StationProfile(s.Id, s.Code, s.Name, s.Kind, s.Status, s.Capacity, s.OpensAt, s.ClosesAt,
                s.Community!.Name, s.Community.DistrictId, s.Community.District!.Name, s.Community.District.NameEn, s.HostUnit))
            .SingleOrDefaultAsync(cancellationToken);
        if (profile is null)
        {
            return null;
        }

        var (from, to) = reader.UtcRange(filter.From, filter.To);
        var now = reader.Clock.UtcNow;
        var activities = await db.Activities.AsNoTracking()
            .Where(a => a.StationId == stationId && a.StartsAt >= from && a.StartsAt < to)
            .OrderByDescending(a => a.StartsAt).Take(AnalyticsService.HistoryLimit)
            .Select(a => new ActivityLine(a.Id, a.Title, a.Type!.Name, a.Type.NameEn, a.StartsAt, a.EndsAt, a.Attendance, a.StationId, profile.Name))
            .ToListAsync(cancellationToken);
        var sessions = await db.DutySessions.AsNoTracking()
            .Where(d => d.StationId == stationId && d.CheckedInAt >= from && d.CheckedInAt < to)
            .Select(d => new { d.VolunteerId, d.Volunteer!.Name, d.CheckedInAt, d.CheckedOutAt })
            .ToListAsync(cancellationToken);
        var volunteers = sessions.GroupBy(s => (s.VolunteerId, s.Name))
            .Select(g => new StationVolunteerLine(g.Key.VolunteerId, g.Key.Name, g.Count(),
                Math.Round(g.Sum(s => ((s.CheckedOutAt ?? now) - s.CheckedInAt).TotalHours), 2), g.Max(s => s.CheckedInAt)))
            .OrderByDescending(v => v.Hours).ThenBy(v => v.VolunteerId)
            .ToList();
        var wishes = await db.MicroWishes.AsNoTracking()
            .Where(w => w.StationId == stationId && w.PostedAt >= from && w.PostedAt < to)
            .OrderByDescending(w => w.PostedAt).Take(AnalyticsService.HistoryLimit)
            .Select(w => new WishLine(w.Id, w.Category, w.Title, w.Status, w.PostedAt, w.ClaimedAt, w.FulfilledAt))
            .ToListAsync(cancellationToken);
        var cases = await db.MediationCases.AsNoTracking()
            .Where(m => m.StationId == stationId && m.OpenedAt >= from && m.OpenedAt < to)
            .OrderByDescending(m => m.OpenedAt).Take(AnalyticsService.HistoryLimit)
            .Select(m => new MediationLine(m.Id, m.Category, m.Status, m.OpenedAt, m.ClosedAt))
            .ToListAsync(cancellationToken);
        return new StationHistory(profile, activities, volunteers, wishes, cases);
    }

    public async Task<VolunteerHistory?> GetVolunteerHistoryAsync(int volunteerId, AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await reader.OpenAsync(cancellationToken);
        var volunteer = await db.Volunteers.AsNoTracking().Where(v => v.Id == volunteerId)
            .Select(v => new
            {
                v.Id, v.Name, v.MemberNumber, v.Phone, v.WorkUnit, Community = v.Community!.Name,
                District = v.Community.District!.Name, DistrictEn = v.Community.District.NameEn, v.RegisteredAt,
                Teams = v.Teams.OrderBy(t => t.Id).Select(t => t.Name).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (volunteer is null)
        {
            return null;
        }

        var (from, to) = reader.UtcRange(filter.From, filter.To);
        var now = reader.Clock.UtcNow;
        var sessions = await db.DutySessions.AsNoTracking()
            .Where(d => d.VolunteerId == volunteerId && d.CheckedInAt >= from && d.CheckedInAt < to)
            .OrderByDescending(d => d.CheckedInAt)
            .Select(d => new { d.Id, d.StationId, StationName = d.Station!.Name, d.CheckedInAt, d.CheckedOutAt, d.ClosedAutomatically })
            .ToListAsync(cancellationToken);
        var lines = sessions.Select(s => new SessionLine(s.Id, s.StationId, s.StationName, s.CheckedInAt, s.CheckedOutAt,
            Math.Round(((s.CheckedOutAt ?? now) - s.CheckedInAt).TotalHours, 2), s.ClosedAutomatically)).ToList();
        var stations = lines.GroupBy(s => (s.StationId, s.StationName))
            .Select(g => new VolunteerStationLine(g.Key.StationId, g.Key.StationName, g.Count(), Math.Round(g.Sum(s => s.Hours), 2)))
            .OrderByDescending(s => s.Hours).ThenBy(s => s.StationId)
            .ToList();
        var fulfilled = await db.MicroWishes.CountAsync(
            w => w.ClaimedByVolunteerId == volunteerId && w.FulfilledAt >= from && w.FulfilledAt < to, cancellationToken);
        var profile = new VolunteerProfile(volunteer.Id, volunteer.Name, volunteer.MemberNumber, PhoneTail(volunteer.Phone), volunteer.WorkUnit,
            volunteer.Community, volunteer.District, volunteer.DistrictEn, volunteer.RegisteredAt, volunteer.Teams);
        return new VolunteerHistory(profile, lines.Count, Math.Round(lines.Sum(s => s.Hours), 2), stations, [.. lines.Take(AnalyticsService.HistoryLimit)], fulfilled);
    }

    /// <summary>Never more than the last four digits of a phone number leave the data layer for analytics.</summary>
    private static string? PhoneTail(string? phone)
    {
        var digits = phone?.Where(char.IsAsciiDigit).ToArray();
        return digits is { Length: >= 4 } ? new string(digits[^4..]) : null;
    }
}
