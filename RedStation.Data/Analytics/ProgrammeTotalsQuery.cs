using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;

namespace RedStation.Data.Analytics;

/// <summary>The programme's cumulative figures since its start, with the historical baseline when one was entered.</summary>
internal sealed class ProgrammeTotalsQuery(AnalyticsReader reader, SessionLedger ledger)
{
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
        await using var db = await reader.OpenAsync(cancellationToken);
        var baseline = await db.ProgrammeBaselines.AsNoTracking().FirstOrDefaultAsync(b => b.Id == ProgrammeBaseline.NetworkId, cancellationToken);
        var scope = await reader.ScopeAsync(db, filter, cancellationToken);
        var since = baseline?.StartDate ?? filter.From;
        var network = baseline is not null && !filter.IsNarrowed;
        var recordedFrom = network ? baseline!.AsOf.AddDays(1) : since;
        var ids = scope.Ids;
        var (from, to) = reader.UtcRange(recordedFrom, filter.To);
        var counts = recordedFrom <= filter.To;
        var stationTotals = counts ? await AnalyticsReader.StationTotalsAsync(db, recordedFrom, filter.To, ids, cancellationToken) : [];
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
        var (from, to) = reader.UtcRange(since, until);
        // Without a baseline no station has one either: every case counts since the start.
        var after = baseline is null ? from : reader.UtcRange(baseline.AsOf.AddDays(1), until).From;
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
}
