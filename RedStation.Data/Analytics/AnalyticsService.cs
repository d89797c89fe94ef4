using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Data.Analytics;

/// <summary>
/// The organisers' figures: trends, peak times, rankings, targets, wishes and mediation for a filter. Reads only,
/// each answer from one short-lived context. Trends, peak times and the station and district figures read the day
/// summaries (<see cref="SummaryMaintainer"/>), grouped by the city's day with hourly figures inside (the station rankings
/// read whole months from the station month summaries); the people figures
/// (volunteers, teams, volunteers served) come from the <see cref="SessionLedger"/>. The days are then
/// put into weeks, months and weekday × hour cells here, with <see cref="CityClock"/> — so a day is
/// always the city's day, whatever offset the time zone has, and the store stays in UTC.
/// </summary>
/// <remarks>
/// Definitions: a check-in and its hours count on the hour the volunteer checked in (a session under way counts up to
/// now); an activity and its attendance on the hour it starts; a wish and a mediation case in the period they were
/// posted or opened. Narrowing by district or kind means "at the stations of that district or kind".
/// </remarks>
public sealed class AnalyticsService(IDbContextFactory<RedStationDbContext> contextFactory, CityClock clock, DatabaseDialect dialect, SessionLedger ledger)
{
    private readonly AnalyticsSql _sql = new(dialect);

    public async Task<AnalyticsFilterOptions> GetFilterOptionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var districts = await db.Districts.AsNoTracking().OrderBy(d => d.SortOrder)
            .Select(d => new DistrictOption(d.Id, d.Name, d.NameEn)).ToListAsync(cancellationToken);
        return new AnalyticsFilterOptions(districts);
    }

    // ---------------------------------------------------------------- trends

    public async Task<TrendReport> GetTrendAsync(AnalyticsFilter filter, TrendGrain grain, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        var previous = filter.Previous;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, filter, cancellationToken);
        var days = scope.ByStation
            ? await TotalsByDayAsync(StationDays(db, scope, previous.From, filter.To), cancellationToken)
            : await TotalsByDayAsync(AreaDays(db, filter, previous.From, filter.To), cancellationToken);

        var buckets = Buckets(filter, grain);
        var index = new Dictionary<DateOnly, int>();
        for (var i = 0; i < buckets.Count; i++)
        {
            for (var day = buckets[i].Start; day <= buckets[i].End; day = day.AddDays(1))
            {
                index[day] = i;
            }
        }

        var current = new Figures[buckets.Count];
        var before = new Figures[buckets.Count];
        foreach (var row in days)
        {
            var (target, shifted) = row.Day >= filter.From ? (current, row.Day) : (before, row.Day.AddDays(filter.Days));
            if (index.TryGetValue(shifted, out var i))
            {
                var f = target[i] ??= new Figures();
                f.CheckIns += row.CheckIns;
                f.Hours += SummaryBook.Hours(row.ClosedSessionTicks, row.OpenSessions, row.OpenCheckInMilliseconds, scope.NowUtc);
                f.Activities += row.Activities;
                f.Attendance += row.Attendance;
            }
        }

        var points = buckets.Select((b, i) =>
        {
            var c = current[i] ?? Figures.Empty;
            var p = before[i] ?? Figures.Empty;
            return new TrendPoint(b.Start, b.End, c.CheckIns, Math.Round(c.Hours, 2), c.Activities, c.Attendance,
                p.CheckIns, Math.Round(p.Hours, 2), p.Activities, p.Attendance);
        }).ToList();
        return new TrendReport(grain, points);
    }

    /// <summary>The buckets of a period: each day; each week from Monday (cut at the period's ends); each calendar month (likewise).</summary>
    public static IReadOnlyList<(DateOnly Start, DateOnly End)> Buckets(AnalyticsFilter filter, TrendGrain grain)
    {
        var buckets = new List<(DateOnly Start, DateOnly End)>();
        var start = filter.From;
        while (start <= filter.To)
        {
            var next = grain switch
            {
                TrendGrain.Week => start.AddDays(7 - (((int)start.DayOfWeek + 6) % 7)),
                TrendGrain.Month => new DateOnly(start.Year, start.Month, 1).AddMonths(1),
                _ => start.AddDays(1),
            };
            var end = next.AddDays(-1) < filter.To ? next.AddDays(-1) : filter.To;
            buckets.Add((start, end));
            start = next;
        }

        return buckets;
    }

    // ---------------------------------------------------------------- peak times

    public async Task<HeatMapReport> GetHeatMapAsync(AnalyticsFilter filter, HeatMapMeasure measure, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, filter, cancellationToken);
        var totals = new double[7][];
        var samples = new double[7][];
        for (var d = 0; d < 7; d++)
        {
            totals[d] = new double[24];
            samples[d] = new double[24];
        }

        var rows = scope.ByStation
            ? await HoursByDayAsync(StationDays(db, scope, filter.From, filter.To), measure, cancellationToken)
            : await HoursByDayAsync(AreaDays(db, filter, filter.From, filter.To), measure, cancellationToken);
        foreach (var row in rows)
        {
            for (var h = 0; h < DaySummary.Hours; h++)
            {
                totals[row.Weekday][h] += row.Totals[h];
                samples[row.Weekday][h] += row.Samples?[h] ?? row.Totals[h];
            }
        }

        var values = totals.Select((day, d) => day.Select((total, h) => measure == HeatMapMeasure.CheckIns
            ? total
            : samples[d][h] == 0 ? 0 : Math.Round(total / samples[d][h], 1)).ToArray()).ToArray();
        return new HeatMapReport(measure, values);
    }

    // ---------------------------------------------------------------- rankings

    public async Task<RankingsReport> GetRankingsAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, filter, cancellationToken);
        var (from, to) = UtcRange(filter.From, filter.To);
        var ids = scope.Ids;
        var stationTotals = await StationTotalsAsync(db, filter.From, filter.To, ids, cancellationToken);
        var byStation = stationTotals.Where(t => t.CheckIns > 0).ToDictionary(t => t.StationId, t => new StationSessions
        {
            StationId = t.StationId,
            CheckIns = t.CheckIns,
            Hours = SummaryBook.Hours(t.ClosedSessionTicks, t.OpenSessions, t.OpenCheckInMilliseconds, scope.NowUtc),
        });
        var activitiesByStation = stationTotals.Where(t => t.Activities > 0).ToDictionary(t => t.StationId, t => new StationActivities
        {
            StationId = t.StationId,
            Activities = t.Activities,
            Attendance = t.Attendance,
        });
        var totals = await ledger.TotalsByVolunteerAsync(from, to, ids, scope.NowUtc, countStations: true, cancellationToken);
        // Every volunteer's name and district, kept for those who served: a list of thousands of ids as a query
        // parameter costs the database more than reading the whole (small) table.
        var people = (await db.Volunteers.AsNoTracking()
                .Select(v => new { v.Id, v.Name, District = v.Community!.District!.Name, DistrictEn = v.Community.District.NameEn })
                .ToListAsync(cancellationToken))
            .Where(v => totals.ContainsKey(v.Id))
            .ToList();
        var memberships = await QueryAsync<Membership>(db, AnalyticsSql.Memberships, to, cancellationToken);
        var teams = await db.Teams.AsNoTracking().ToListAsync(cancellationToken);

        // Every open station in scope ranks, also with nothing to show (the bottom of the list); others only with figures.
        var stations = scope.Stations
            .Where(s => s.Status == StationStatus.Open || byStation.ContainsKey(s.Id) || activitiesByStation.ContainsKey(s.Id))
            .Select(s =>
            {
                var sessions = byStation.GetValueOrDefault(s.Id);
                var activities = activitiesByStation.GetValueOrDefault(s.Id);
                return new StationRanking(s.Id, s.Code, s.Name, s.DistrictId, s.DistrictName, s.DistrictNameEn, s.Kind,
                    sessions?.CheckIns ?? 0, Math.Round(sessions?.Hours ?? 0, 2), activities?.Activities ?? 0, (int)(activities?.Attendance ?? 0));
            })
            .OrderByDescending(s => s.VolunteerHours).ThenBy(s => s.Code)
            .ToList();

        var volunteerRows = people
            .Select(v => (Volunteer: v, Totals: totals[v.Id]))
            .Select(p => new VolunteerRanking(p.Volunteer.Id, p.Volunteer.Name, p.Volunteer.District, p.Volunteer.DistrictEn,
                p.Totals.Sessions, Math.Round(p.Totals.Hours, 2), p.Totals.Stations))
            .OrderByDescending(v => v.Hours).ThenBy(v => v.VolunteerId)
            .ToList();

        var teamRows = teams.Select(t =>
            {
                var members = memberships.Where(m => m.TeamId == t.Id && totals.ContainsKey(m.VolunteerId)).Select(m => totals[m.VolunteerId]).ToList();
                return new TeamRanking(t.Id, t.Name, t.NameEn, members.Count, members.Sum(m => m.Sessions), Math.Round(members.Sum(m => m.Hours), 2));
            })
            .OrderByDescending(t => t.Hours).ThenBy(t => t.TeamId)
            .ToList();

        var districtRows = scope.Stations.GroupBy(s => (s.DistrictId, s.DistrictName, s.DistrictNameEn, s.DistrictOrder))
            .Select(g =>
            {
                var ids = g.Select(s => s.Id).ToList();
                return new DistrictRanking(g.Key.DistrictId, g.Key.DistrictName, g.Key.DistrictNameEn,
                    ids.Sum(id => byStation.GetValueOrDefault(id)?.CheckIns ?? 0),
                    Math.Round(ids.Sum(id => byStation.GetValueOrDefault(id)?.Hours ?? 0), 2),
                    ids.Sum(id => activitiesByStation.GetValueOrDefault(id)?.Activities ?? 0),
                    ids.Sum(id => (int)(activitiesByStation.GetValueOrDefault(id)?.Attendance ?? 0)));
            })
            .OrderByDescending(d => d.VolunteerHours).ThenBy(d => d.DistrictId)
            .ToList();

        return new RankingsReport(stations, volunteerRows, teamRows, districtRows);
    }

    // ---------------------------------------------------------------- targets

    public async Task<TargetsReport> GetTargetsAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, filter, cancellationToken);
        var (from, to) = UtcRange(filter.From, filter.To);

        // Volunteers count in the district they reported to (their community's); registered means by the end of the period.
        var registered = await QueryAsync<DistrictCount>(db, _sql.RegisteredByDistrict, to, cancellationToken);
        var volunteers = await ledger.TotalsByVolunteerAsync(from, to, scope.Ids, scope.NowUtc, countStations: false, cancellationToken);
        var served = (await db.Volunteers.AsNoTracking().Select(v => new { v.Id, v.Community!.DistrictId }).ToListAsync(cancellationToken))
            .Where(v => volunteers.ContainsKey(v.Id))
            .GroupBy(v => v.DistrictId)
            .Select(g => new DistrictCount { DistrictId = g.Key, Count = g.Count() })
            .ToList();

        // Targets are about Red Stations: shared venues are never part of the 200 planned.
        var rows = scope.Districts
            .Where(d => filter.DistrictId is null || d.Id == filter.DistrictId)
            .Select(d =>
            {
                var red = scope.Stations.Where(s => s.DistrictId == d.Id && s.Kind != StationKind.SharedVenue).ToList();
                return new DistrictTarget(d.Id, d.Name, d.NameEn,
                    red.Count(s => s.Status == StationStatus.Open), red.Count,
                    served.FirstOrDefault(s => s.DistrictId == d.Id)?.Count ?? 0,
                    registered.FirstOrDefault(r => r.DistrictId == d.Id)?.Count ?? 0);
            })
            .ToList();
        return new TargetsReport(rows);
    }

    // ---------------------------------------------------------------- the programme's cumulative figures

    /// <summary>
    /// What the programme has done since its start up to <paramref name="filter"/>'s last day, in its scope: check-ins and
    /// hours served (the month summaries for whole months, the day summaries for the ends; a session under way counts up to
    /// now), volunteers registered (in the district, by their community; at one station, those who served there), wishes
    /// claimed and fulfilled, disputes settled (cases resolved), and Red Stations open of those planned. Unlike the other
    /// reports, the range is not capped at <see cref="AnalyticsFilter.MaxDays"/>: a programme runs for years, and the month
    /// rows keep that cheap.
    /// </summary>
    /// <remarks>
    /// The historical baseline (<see cref="ProgrammeBaseline"/>), when an administrator entered one, gives the start (else
    /// <paramref name="filter"/>'s first day is the start) and is added: for the whole network every figure is the
    /// baseline's plus what the system recorded after the baseline's last day (what it recorded before is the baseline's to
    /// count). The baseline is the network's, so a district's or a station's figures are the system's since the start —
    /// but for disputes settled, where a station's own baseline (a mediation studio's) is added to the cases it resolved
    /// after that day.
    /// </remarks>
    public async Task<ProgrammeTotals> GetProgrammeTotalsAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var baseline = await db.ProgrammeBaselines.AsNoTracking().FirstOrDefaultAsync(b => b.Id == ProgrammeBaseline.NetworkId, cancellationToken);
        var scope = await ScopeAsync(db, filter, cancellationToken);
        var since = baseline?.StartDate ?? filter.From;
        var network = baseline is not null && !filter.IsNarrowed;
        var recordedFrom = network ? baseline!.AsOf.AddDays(1) : since;
        var ids = scope.Ids;
        var (from, to) = UtcRange(recordedFrom, filter.To);
        var counts = recordedFrom <= filter.To;
        var stationTotals = counts ? await StationTotalsAsync(db, recordedFrom, filter.To, ids, cancellationToken) : [];
        var hours = stationTotals.Sum(t => SummaryBook.Hours(t.ClosedSessionTicks, t.OpenSessions, t.OpenCheckInMilliseconds, scope.NowUtc));
        var districtId = filter.DistrictId;
        var volunteers = filter.StationId is not null
            ? (await ledger.TotalsByVolunteerAsync(from, to, ids, scope.NowUtc, countStations: false, cancellationToken)).Count
            : await db.Volunteers.AsNoTracking()
                .CountAsync(v => (!network || v.RegisteredAt >= from) && v.RegisteredAt < to && (districtId == null || v.Community!.DistrictId == districtId), cancellationToken);
        var wishesFulfilled = await db.MicroWishes.AsNoTracking()
            .CountAsync(w => w.Status == WishStatus.Fulfilled && w.FulfilledAt >= from && w.FulfilledAt < to && (ids == null || ids.Contains(w.StationId)), cancellationToken);
        var wishesClaimed = await db.MicroWishes.AsNoTracking()
            .CountAsync(w => w.ClaimedAt >= from && w.ClaimedAt < to && (ids == null || ids.Contains(w.StationId)), cancellationToken);
        var (disputes, studioBaselines) = await DisputesSettledAsync(db, baseline, network, since, filter.To, ids, cancellationToken);
        var red = scope.Stations.Where(s => s.Kind != StationKind.SharedVenue).ToList();
        var outside = network && filter.Kind is null ? baseline!.StationsBuilt : 0;
        return new ProgrammeTotals(since, recordedFrom, stationTotals.Sum(t => t.CheckIns),
            Math.Round(hours + (network ? baseline!.HoursServed : 0), 2),
            volunteers + (network ? baseline!.VolunteersRegistered : 0),
            wishesFulfilled,
            wishesClaimed + (network ? baseline!.WishesClaimed : 0),
            disputes,
            red.Count(s => s.Status == StationStatus.Open) + outside, red.Count + outside, outside, network || studioBaselines);
    }

    /// <summary>
    /// Disputes settled (cases resolved) in the scope: for the network with a baseline, the baseline's plus those resolved
    /// after its last day; otherwise per station, a station's baseline plus its cases resolved after the baseline's last
    /// day, or, without one, its cases resolved since the start. Also whether a station's baseline was added.
    /// </summary>
    private async Task<(int Settled, bool WithBaseline)> DisputesSettledAsync(
        RedStationDbContext db, ProgrammeBaseline? baseline, bool network, DateOnly since, DateOnly until, List<int>? ids, CancellationToken cancellationToken)
    {
        var (from, to) = UtcRange(since, until);
        // Without a baseline no station has one either: every case counts since the start.
        var after = baseline is null ? from : UtcRange(baseline.AsOf.AddDays(1), until).From;
        var resolved = db.MediationCases.AsNoTracking()
            .Where(c => c.Status == MediationStatus.Resolved && c.ClosedAt < to && (ids == null || ids.Contains(c.StationId)));
        if (network)
        {
            return (baseline!.DisputesSettled + await resolved.CountAsync(c => c.ClosedAt >= after, cancellationToken), true);
        }

        var byStation = await resolved.Where(c => c.ClosedAt >= from)
            .GroupBy(c => c.StationId)
            .Select(g => new { StationId = g.Key, All = g.Count(), After = g.Count(c => c.ClosedAt >= after) })
            .ToListAsync(cancellationToken);
        var stationBaselines = baseline is null
            ? new Dictionary<int, int>()
            : await db.StationBaselines.AsNoTracking().Where(b => ids == null || ids.Contains(b.StationId))
                .ToDictionaryAsync(b => b.StationId, b => b.DisputesSettled, cancellationToken);
        return (byStation.Sum(s => stationBaselines.ContainsKey(s.StationId) ? s.After : s.All) + stationBaselines.Values.Sum(), stationBaselines.Count > 0);
    }

    // ---------------------------------------------------------------- wishes

    public async Task<WishReport> GetWishesAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, filter, cancellationToken);
        var (from, to) = UtcRange(filter.From, filter.To);
        var ids = scope.Ids;
        var wishes = await db.MicroWishes.AsNoTracking()
            .Where(w => w.PostedAt >= from && w.PostedAt < to && (ids == null || ids.Contains(w.StationId)))
            .Select(w => new WishRow(w.StationId, w.Category, w.Status, w.PostedAt, w.ClaimedAt, w.FulfilledAt))
            .ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        var districtOf = scope.Stations.ToDictionary(s => s.Id, s => s.DistrictId);

        WishBreakdown Break(string key, IEnumerable<WishRow> group)
        {
            var list = group.ToList();
            var claimed = list.Where(w => w.ClaimedAt is not null).ToList();
            var fulfilled = list.Where(w => w.FulfilledAt is not null).ToList();
            return new WishBreakdown(key, list.Count, claimed.Count, fulfilled.Count,
                list.Count(w => w.Status == WishStatus.Cancelled),
                list.Count(w => w.Status is WishStatus.Posted or WishStatus.Claimed && WishService.IsOverdue(w.PostedAt, now)),
                claimed.Count == 0 ? null : Math.Round(claimed.Average(w => (w.ClaimedAt!.Value - w.PostedAt).TotalHours), 1),
                fulfilled.Count == 0 ? null : Math.Round(fulfilled.Average(w => (w.FulfilledAt!.Value - w.PostedAt).TotalHours), 1));
        }

        var total = Break("all", wishes);
        var byCategory = Enum.GetValues<WishCategory>()
            .Select(c => Break(c.ToString(), wishes.Where(w => w.Category == c))).ToList();
        var byDistrict = scope.Districts.Where(d => filter.DistrictId is null || d.Id == filter.DistrictId)
            .Select(d => Break(d.Id.ToString(CultureInfo.InvariantCulture), wishes.Where(w => districtOf.GetValueOrDefault(w.StationId) == d.Id))).ToList();
        return new WishReport(total, byCategory, byDistrict);
    }

    // ---------------------------------------------------------------- mediation

    public async Task<MediationReport> GetMediationAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, filter, cancellationToken);
        var (from, to) = UtcRange(filter.From, filter.To);
        var ids = scope.Ids;
        var cases = await db.MediationCases.AsNoTracking()
            .Where(m => m.OpenedAt >= from && m.OpenedAt < to && (ids == null || ids.Contains(m.StationId)))
            .Select(m => new CaseRow(m.StationId, m.Category, m.Status, m.OpenedAt, m.ClosedAt))
            .ToListAsync(cancellationToken);
        var districtOf = scope.Stations.ToDictionary(s => s.Id, s => s.DistrictId);

        static MediationBreakdown Break(string key, IEnumerable<CaseRow> group)
        {
            var list = group.ToList();
            var closed = list.Where(c => c.ClosedAt is not null).ToList();
            return new MediationBreakdown(key, list.Count,
                list.Count(c => c.Status == MediationStatus.Open),
                list.Count(c => c.Status == MediationStatus.Resolved),
                list.Count(c => c.Status == MediationStatus.Referred),
                closed.Count == 0 ? null : Math.Round(closed.Average(c => (c.ClosedAt!.Value - c.OpenedAt).TotalDays), 2));
        }

        return new MediationReport(
            Break("all", cases),
            Enum.GetValues<MediationCategory>().Select(c => Break(c.ToString(), cases.Where(m => m.Category == c))).ToList(),
            scope.Districts.Where(d => filter.DistrictId is null || d.Id == filter.DistrictId)
                .Select(d => Break(d.Id.ToString(CultureInfo.InvariantCulture), cases.Where(m => districtOf.GetValueOrDefault(m.StationId) == d.Id))).ToList());
    }

    // ---------------------------------------------------------------- drill-down

    public const int HistoryLimit = 200;

    public async Task<StationHistory?> GetStationHistoryAsync(int stationId, AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.Stations.AsNoTracking().Where(s => s.Id == stationId)
            .Select(s => new StationProfile(s.Id, s.Code, s.Name, s.Kind, s.Status, s.Capacity, s.OpensAt, s.ClosesAt,
                s.Community!.Name, s.Community.DistrictId, s.Community.District!.Name, s.Community.District.NameEn, s.HostUnit))
            .SingleOrDefaultAsync(cancellationToken);
        if (profile is null)
        {
            return null;
        }

        var (from, to) = UtcRange(filter.From, filter.To);
        var now = clock.UtcNow;
        var activities = await db.Activities.AsNoTracking()
            .Where(a => a.StationId == stationId && a.StartsAt >= from && a.StartsAt < to)
            .OrderByDescending(a => a.StartsAt).Take(HistoryLimit)
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
            .OrderByDescending(w => w.PostedAt).Take(HistoryLimit)
            .Select(w => new WishLine(w.Id, w.Category, w.Title, w.Status, w.PostedAt, w.ClaimedAt, w.FulfilledAt))
            .ToListAsync(cancellationToken);
        var cases = await db.MediationCases.AsNoTracking()
            .Where(m => m.StationId == stationId && m.OpenedAt >= from && m.OpenedAt < to)
            .OrderByDescending(m => m.OpenedAt).Take(HistoryLimit)
            .Select(m => new MediationLine(m.Id, m.Category, m.Status, m.OpenedAt, m.ClosedAt))
            .ToListAsync(cancellationToken);
        return new StationHistory(profile, activities, volunteers, wishes, cases);
    }

    public async Task<VolunteerHistory?> GetVolunteerHistoryAsync(int volunteerId, AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter.Normalized();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
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

        var (from, to) = UtcRange(filter.From, filter.To);
        var now = clock.UtcNow;
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
        return new VolunteerHistory(profile, lines.Count, Math.Round(lines.Sum(s => s.Hours), 2), stations, [.. lines.Take(HistoryLimit)], fulfilled);
    }

    /// <summary>Never more than the last four digits of a phone number leave the data layer for analytics.</summary>
    private static string? PhoneTail(string? phone)
    {
        var digits = phone?.Where(char.IsAsciiDigit).ToArray();
        return digits is { Length: >= 4 } ? new string(digits[^4..]) : null;
    }

    // ---------------------------------------------------------------- plumbing

    /// <summary>The half-open UTC range [start of <paramref name="from"/>, start of the day after <paramref name="to"/>).</summary>
    private (DateTime From, DateTime To) UtcRange(DateOnly from, DateOnly to) => (clock.StartOfDayUtc(from), clock.StartOfDayUtc(to.AddDays(1)));

    private async Task<Scope> ScopeAsync(RedStationDbContext db, AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        var districts = await db.Districts.AsNoTracking().OrderBy(d => d.SortOrder)
            .Select(d => new DistrictOption(d.Id, d.Name, d.NameEn)).ToListAsync(cancellationToken);
        var stations = await db.Stations.AsNoTracking()
            .Where(s => (filter.DistrictId == null || s.Community!.DistrictId == filter.DistrictId)
                        && (filter.Kind == null || s.Kind == filter.Kind)
                        && (filter.StationId == null || s.Id == filter.StationId))
            .Select(s => new ScopeStation(s.Id, s.Code, s.Name, s.Kind, s.Status, s.Community!.DistrictId,
                s.Community.District!.Name, s.Community.District.NameEn, s.Community.District.SortOrder))
            .ToListAsync(cancellationToken);
        return new Scope(districts, stations, filter.IsNarrowed ? stations.Select(s => s.Id).ToList() : null, clock.UtcNow)
        {
            ByStation = filter.StationId is not null,
        };
    }

    private Task<List<T>> QueryAsync<T>(RedStationDbContext db, string sql, DateTime to, CancellationToken cancellationToken)
    {
        DbParameter[] parameters = sql.Contains("@to", StringComparison.Ordinal) ? [dialect.InstantParameter("@to", to)] : [];
        return db.Database.SqlQueryRaw<T>(sql, parameters).ToListAsync(cancellationToken);
    }

    private sealed record ScopeStation(int Id, string Code, string Name, StationKind Kind, StationStatus Status, int DistrictId,
        string DistrictName, string DistrictNameEn, int DistrictOrder);

    /// <summary>The stations a filter covers; <see cref="Ids"/> is null when it covers the whole network (no clause at all).</summary>
    private sealed record Scope(IReadOnlyList<DistrictOption> Districts, IReadOnlyList<ScopeStation> Stations, List<int>? Ids, DateTime NowUtc)
    {
        /// <summary>Narrowed to one station: read its own summaries; otherwise those of the areas (district × kind).</summary>
        public bool ByStation { get; init; }
    }

    // ---------------------------------------------------------------- summaries

    /// <summary>The days of the stations in scope (one station, or none when the station is outside the district or kind).</summary>
    private static IQueryable<StationDaySummary> StationDays(RedStationDbContext db, Scope scope, DateOnly from, DateOnly to)
    {
        var ids = scope.Ids ?? [];
        return db.StationDaySummaries.AsNoTracking().Where(s => s.Day >= from && s.Day <= to && ids.Contains(s.StationId));
    }

    /// <summary>The days of the areas a filter covers: all of them for the city, a district's, a kind's, or both.</summary>
    private static IQueryable<AreaDaySummary> AreaDays(RedStationDbContext db, AnalyticsFilter filter, DateOnly from, DateOnly to)
    {
        var (districtId, kind) = (filter.DistrictId, filter.Kind);
        return db.AreaDaySummaries.AsNoTracking().Where(s => s.Day >= from && s.Day <= to
            && (districtId == null || s.DistrictId == districtId) && (kind == null || s.Kind == kind));
    }

    /// <summary>
    /// Each station's figures over the days [<paramref name="from"/>, <paramref name="to"/>]: the whole calendar months
    /// inside the period from the month rows, the days of the months cut by its ends from the day rows (a year of the
    /// network: ~5,000 month rows and the days of one month, against 165,000 day rows).
    /// </summary>
    private static async Task<List<StationTotals>> StationTotalsAsync(
        RedStationDbContext db, DateOnly from, DateOnly to, List<int>? ids, CancellationToken cancellationToken)
    {
        var firstWhole = from.Day == 1 ? from : StationMonthSummary.MonthOf(from).AddMonths(1);
        var afterWhole = StationMonthSummary.MonthOf(to.AddDays(1));
        var parts = new List<StationTotals>();
        if (firstWhole < afterWhole)
        {
            parts.AddRange(await db.StationMonthSummaries.AsNoTracking()
                .Where(m => m.Month >= firstWhole && m.Month < afterWhole && (ids == null || ids.Contains(m.StationId)))
                .GroupBy(m => m.StationId)
                .Select(g => new StationTotals(g.Key, g.Sum(m => m.CheckIns), g.Sum(m => m.ClosedSessionTicks), g.Sum(m => m.OpenSessions),
                    g.Sum(m => m.OpenCheckInMilliseconds), g.Sum(m => m.Activities), g.Sum(m => m.Attendance)))
                .ToListAsync(cancellationToken));
            parts.AddRange(await StationDayTotalsAsync(db, from, firstWhole.AddDays(-1), ids, cancellationToken));
            parts.AddRange(await StationDayTotalsAsync(db, afterWhole, to, ids, cancellationToken));
        }
        else
        {
            parts.AddRange(await StationDayTotalsAsync(db, from, to, ids, cancellationToken));
        }

        return [.. parts.GroupBy(p => p.StationId).Select(g => new StationTotals(g.Key, g.Sum(p => p.CheckIns), g.Sum(p => p.ClosedSessionTicks),
            g.Sum(p => p.OpenSessions), g.Sum(p => p.OpenCheckInMilliseconds), g.Sum(p => p.Activities), g.Sum(p => p.Attendance)))];
    }

    private static async Task<List<StationTotals>> StationDayTotalsAsync(
        RedStationDbContext db, DateOnly from, DateOnly to, List<int>? ids, CancellationToken cancellationToken) =>
        from > to
            ? []
            : await db.StationDaySummaries.AsNoTracking()
                .Where(s => s.Day >= from && s.Day <= to && (ids == null || ids.Contains(s.StationId)))
                .GroupBy(s => s.StationId)
                .Select(g => new StationTotals(g.Key, g.Sum(s => s.CheckIns), g.Sum(s => s.ClosedSessionTicks), g.Sum(s => s.OpenSessions),
                    g.Sum(s => s.OpenCheckInMilliseconds), g.Sum(s => s.Activities), g.Sum(s => s.Attendance)))
                .ToListAsync(cancellationToken);

    private static Task<List<DayTotals>> TotalsByDayAsync<T>(IQueryable<T> days, CancellationToken cancellationToken)
        where T : DaySummary =>
        days.GroupBy(s => s.Day)
            .Select(g => new DayTotals(g.Key, g.Sum(s => s.CheckIns), g.Sum(s => s.ClosedSessionTicks), g.Sum(s => s.OpenSessions),
                g.Sum(s => s.OpenCheckInMilliseconds), g.Sum(s => s.Activities), g.Sum(s => s.Attendance)))
            .ToListAsync(cancellationToken);

    /// <summary>Each day's weekday and hourly figures: check-ins (counted, no samples) or head-count totals and samples.</summary>
    private static async Task<List<DayHours>> HoursByDayAsync<T>(IQueryable<T> days, HeatMapMeasure measure, CancellationToken cancellationToken)
        where T : DaySummary =>
        measure == HeatMapMeasure.CheckIns
            ? await days.Where(s => s.CheckIns > 0).Select(s => new DayHours(s.Weekday, s.CheckInsByHour, null)).ToListAsync(cancellationToken)
            : await days.Select(s => new DayHours(s.Weekday, s.HeadCountByHour, s.HeadCountSamplesByHour)).ToListAsync(cancellationToken);

    private sealed record DayTotals(DateOnly Day, int CheckIns, long ClosedSessionTicks, int OpenSessions, long OpenCheckInMilliseconds, int Activities, int Attendance);

    private sealed record StationTotals(int StationId, int CheckIns, long ClosedSessionTicks, int OpenSessions, long OpenCheckInMilliseconds,
        int Activities, int Attendance);

    private sealed record DayHours(int Weekday, int[] Totals, int[]? Samples);

    private sealed class Figures
    {
        public static readonly Figures Empty = new();
        public int CheckIns { get; set; }
        public double Hours { get; set; }
        public int Activities { get; set; }
        public int Attendance { get; set; }
    }

    private sealed record WishRow(int StationId, WishCategory Category, WishStatus Status, DateTime PostedAt, DateTime? ClaimedAt, DateTime? FulfilledAt);

    private sealed record CaseRow(int StationId, MediationCategory Category, MediationStatus Status, DateTime OpenedAt, DateTime? ClosedAt);

    private sealed class StationSessions
    {
        public int StationId { get; set; }
        public int CheckIns { get; set; }
        public double Hours { get; set; }
    }

    private sealed class StationActivities
    {
        public int StationId { get; set; }
        public int Activities { get; set; }
        public double Attendance { get; set; }
    }

    private sealed class Membership
    {
        public int VolunteerId { get; set; }
        public int TeamId { get; set; }
    }

    private sealed class DistrictCount
    {
        public int DistrictId { get; set; }
        public int Count { get; set; }
    }
}
