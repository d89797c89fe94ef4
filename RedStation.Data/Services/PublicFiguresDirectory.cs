using System.Collections.Concurrent;
using RedStation.Data.Analytics;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Data.Services;

/// <summary>One volunteer on a public honour roll: the name already masked (张*明), never the full one.</summary>
public sealed record HonourVolunteer(int Rank, string MaskedName, string District, string DistrictEn, double Hours, int Sessions);

/// <summary>One station on a public honour roll.</summary>
public sealed record HonourStation(int Rank, int StationId, string Name, string District, string DistrictEn, double Hours, int CheckIns);

/// <summary>This month's honour roll (光荣榜) of a scope, as a public screen shows it.</summary>
public sealed record HonourRoll(DateOnly Month, IReadOnlyList<HonourVolunteer> Volunteers, IReadOnlyList<HonourStation> Stations);

/// <summary>
/// The analytics figures a wall in front of the public shows: the programme's cumulative figures and this month's
/// honour roll of a scope. For a public screen, so in the public projection: volunteers' names are masked before they
/// leave this class, so no full name enters a wall's circuit. Each answer is kept for a short while per scope, so that
/// fifty walls coming to the same panel cost one read (the walls add the live check-ins on top themselves).
/// </summary>
public sealed class PublicFiguresDirectory(AnalyticsService analytics, CityClock clock)
{
    /// <summary>How long an answer is reused: the cumulative figures move with every check-out, not by the second.</summary>
    public static readonly TimeSpan CumulativeFreshFor = TimeSpan.FromSeconds(15);

    /// <summary>The honour roll changes slowly (a month's hours), and its read is the heavier one.</summary>
    public static readonly TimeSpan HonoursFreshFor = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(LiveScope Scope, DateOnly Since), Cached<ProgrammeTotals>> _cumulative = new();
    private readonly ConcurrentDictionary<(LiveScope Scope, int Take), Cached<HonourRoll>> _honours = new();

    /// <summary>
    /// The scope's figures since the programme's start up to now, its historical baseline included: the start is the
    /// baseline's, or <paramref name="fallbackStart"/> (<c>WallDisplay:ProgrammeStart</c>) when none was entered.
    /// </summary>
    public Task<ProgrammeTotals> CumulativeAsync(LiveScope scope, DateOnly fallbackStart, CancellationToken cancellationToken = default) =>
        Read(_cumulative, (scope, fallbackStart), CumulativeFreshFor,
            () => analytics.GetProgrammeTotalsAsync(Filter(scope, fallbackStart, clock.Today), cancellationToken));

    /// <summary>
    /// Drops the cumulative figures kept in memory: a baseline was saved (a <see cref="SettingChanged"/> of kind
    /// <see cref="SettingKind.ProgrammeBaseline"/>), and the next read must add it.
    /// </summary>
    public void ForgetCumulative() => _cumulative.Clear();

    /// <summary>This city month's volunteers and stations with the most hours served in the scope, at most <paramref name="take"/> of each.</summary>
    public Task<HonourRoll> HonoursAsync(LiveScope scope, int take, CancellationToken cancellationToken = default) =>
        Read(_honours, (scope, take), HonoursFreshFor, async () =>
        {
            var today = clock.Today;
            var month = new DateOnly(today.Year, today.Month, 1);
            var rankings = await analytics.GetRankingsAsync(Filter(scope, month, today), cancellationToken);
            var volunteers = rankings.Volunteers.Where(v => v.Hours > 0).Take(take)
                .Select((v, i) => new HonourVolunteer(i + 1, PublicName.Mask(v.Name), v.DistrictName, v.DistrictNameEn, v.Hours, v.Sessions))
                .ToList();
            var stations = rankings.Stations.Where(s => s.VolunteerHours > 0).Take(take)
                .Select((s, i) => new HonourStation(i + 1, s.StationId, s.Name, s.DistrictName, s.DistrictNameEn, s.VolunteerHours, s.CheckIns))
                .ToList();
            return new HonourRoll(month, volunteers, stations);
        });

    private static AnalyticsFilter Filter(LiveScope scope, DateOnly from, DateOnly to) =>
        new(from <= to ? from : to, to, scope.StationId is null ? scope.DistrictId : null, StationId: scope.StationId);

    private async Task<T> Read<TKey, T>(ConcurrentDictionary<TKey, Cached<T>> cache, TKey key, TimeSpan freshFor, Func<Task<T>> read)
        where TKey : notnull
    {
        var now = clock.UtcNow;
        if (cache.TryGetValue(key, out var cached) && now >= cached.At && now - cached.At < freshFor)
        {
            return cached.Value;
        }

        var value = await read();
        cache[key] = new Cached<T>(now, value);
        return value;
    }

    private sealed record Cached<T>(DateTime At, T Value);
}
