using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Data.Services;

/// <summary>An activity of today as the duty desk lists it; times in UTC.</summary>
public sealed record DeskActivityRow(
    long Id,
    int ActivityTypeId,
    string TypeName,
    string TypeNameEn,
    string Title,
    DateTime StartsAt,
    DateTime EndsAt,
    DateTime? EndedAt,
    int Attendance,
    string? Notes);

/// <summary>An open micro-wish as the duty desk lists it: the requester's phone reduced to its last four digits.</summary>
public sealed record DeskWishRow(
    long Id,
    WishCategory Category,
    string Title,
    string RequesterName,
    string? RequesterPhoneTail,
    WishStatus Status,
    DateTime PostedAt,
    int? ClaimedByVolunteerId,
    string? ClaimedByName,
    TimeSpan Age,
    bool IsOverdue);

public sealed record DeskCaseRow(long Id, MediationCategory Category, int PartyCount, string Summary, string? Mediator, DateTime OpenedAt);

/// <summary>Read side of one station's desk: today's activities, the open wishes and the open mediation cases.</summary>
public sealed class DeskDirectory(IDbContextFactory<RedStationDbContext> contextFactory, CityClock clock)
{
    /// <summary>Today's activities (by start, in the city's day) and any still running from before.</summary>
    public async Task<IReadOnlyList<DeskActivityRow>> TodayActivitiesAsync(int stationId, CancellationToken cancellationToken = default)
    {
        var (start, end) = clock.DayRangeUtc(clock.Today);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Activities.AsNoTracking()
            .Where(a => a.StationId == stationId && ((a.StartsAt >= start && a.StartsAt < end) || (a.EndedAt == null && a.StartsAt < start && a.EndsAt >= start)))
            .OrderBy(a => a.StartsAt).ThenBy(a => a.Id)
            .Select(a => new DeskActivityRow(a.Id, a.ActivityTypeId, a.Type!.Name, a.Type.NameEn, a.Title, a.StartsAt, a.EndsAt, a.EndedAt, a.Attendance, a.Notes))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The wishes not yet fulfilled or cancelled, oldest first, with their age and whether they are overdue.</summary>
    public async Task<IReadOnlyList<DeskWishRow>> OpenWishesAsync(int stationId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.MicroWishes.AsNoTracking()
            .Where(w => w.StationId == stationId && (w.Status == WishStatus.Posted || w.Status == WishStatus.Claimed))
            .OrderBy(w => w.PostedAt).ThenBy(w => w.Id)
            .Select(w => new { w.Id, w.Category, w.Title, w.RequesterName, w.RequesterPhone, w.Status, w.PostedAt, w.ClaimedByVolunteerId, ClaimedByName = w.ClaimedBy!.Name })
            .ToListAsync(cancellationToken);
        return rows
            .Select(w => new DeskWishRow(
                w.Id, w.Category, w.Title, w.RequesterName, PhoneTail(w.RequesterPhone), w.Status, w.PostedAt,
                w.ClaimedByVolunteerId, w.ClaimedByName, now - w.PostedAt, WishService.IsOverdue(w.PostedAt, now)))
            .ToList();
    }

    public async Task<IReadOnlyList<DeskCaseRow>> OpenCasesAsync(int stationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.MediationCases.AsNoTracking()
            .Where(m => m.StationId == stationId && m.Status == MediationStatus.Open)
            .OrderBy(m => m.OpenedAt).ThenBy(m => m.Id)
            .Select(m => new DeskCaseRow(m.Id, m.Category, m.PartyCount, m.Summary, m.Mediator, m.OpenedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Never more than the last four digits of a phone number leave the data layer for a list.</summary>
    private static string? PhoneTail(string? phone)
    {
        var digits = phone?.Where(char.IsAsciiDigit).ToArray();
        return digits is { Length: >= 4 } ? new string(digits[^4..]) : null;
    }
}
