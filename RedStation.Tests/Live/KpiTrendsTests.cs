using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;
using RedStation.Tests.Domain;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Live;

/// <summary>
/// The Overview's comparisons and sparklines read from the database equal what the live state itself showed at those
/// instants: two days of writes through the domain services, the live state rebuilt and read at yesterday's instant and
/// at each of today's hours as the clock passes them.
/// </summary>
public sealed class KpiTrendsTests : DomainTestBase
{
    // 14:23 in the city (UTC+8): today's sparklines have fifteen hours.
    private static readonly DateTime Now = new(2026, 11, 28, 6, 23, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(null)]
    [InlineData(TestNetwork.OpenStationId)]
    public async Task SameTimeYesterday_AndTheSparklines_EqualTheLiveStateAtThoseInstants(int? stationId)
    {
        var scope = stationId is { } id ? LiveScope.Station(id) : LiveScope.All;
        var clock = Service<CityClock>();
        var yesterday = Now.AddDays(-1);
        var today = DateOnly.FromDateTime(clock.ToLocal(Now));
        var dayStart = clock.StartOfDayUtc(today);
        var hourEnds = Enumerable.Range(1, 14).Select(h => clock.ToUtc(today.ToDateTime(new TimeOnly(h, 0)))).ToList();
        var checkpoints = new List<DateTime> { clock.StartOfDayUtc(today.AddDays(-1)), yesterday, dayStart };
        checkpoints.AddRange(hourEnds);
        var seen = await WriteTwoDaysAsync(new DateTime(2026, 11, 25, 23, 0, 0, DateTimeKind.Utc), checkpoints, scope);
        var now = seen[Now];

        var trends = await Service<KpiTrends>().ReadAsync(scope, Now);

        var atYesterday = seen[yesterday].Totals;
        Assert.Equal(atYesterday.VolunteersOnDuty, trends.OnDuty.SameTimeYesterday);
        Assert.Equal(atYesterday.Today.CheckIns, trends.CheckIns.SameTimeYesterday);
        Assert.Equal(atYesterday.Today.Activities, trends.Activities.SameTimeYesterday);
        Assert.Equal(atYesterday.OpenWishes, trends.OpenWishes.SameTimeYesterday);
        Assert.Equal(atYesterday.CasesResolvedThisMonth, trends.CasesResolved.SameTimeYesterday);
        // The figures moved in two days of writes: a comparison that always said "±0" would not pass.
        Assert.True(atYesterday.Today.CheckIns > 0 && atYesterday.OpenWishes > 0 && atYesterday.Today.Activities > 0);

        // Today's hours: on duty at each hour's end, the last point now; check-ins per hour as the live chart has them.
        Assert.Equal([.. hourEnds.Select(h => seen[h].Totals.VolunteersOnDuty), now.Totals.VolunteersOnDuty], trends.OnDuty.Points);
        Assert.Equal(now.CheckInsByHour.Take(15), trends.CheckIns.Points);
        Assert.Equal(now.Totals.Today.CheckIns, trends.CheckIns.Points.Sum());
        // Activities by the hour they start: every one started by now, none of those still to come.
        await using (var db = await Database.CreateContextAsync())
        {
            var started = await db.Activities.CountAsync(a => a.StartsAt >= dayStart && a.StartsAt <= Now && (stationId == null || a.StationId == stationId));
            Assert.Equal(started, trends.Activities.Points.Sum());
            Assert.True(started < now.Totals.Today.Activities, "Some of today's activities start later: they count in the figure, not yet in the sparkline.");
        }

        // The last seven days: open wishes at each day's end (today's now), cases resolved each day.
        Assert.Equal(7, trends.OpenWishes.Points.Count);
        Assert.Equal(now.Totals.OpenWishes, trends.OpenWishes.Points[^1]);
        Assert.Equal(seen[dayStart].Totals.OpenWishes, trends.OpenWishes.Points[^2]);
        Assert.Equal(seen[checkpoints[0]].Totals.OpenWishes, trends.OpenWishes.Points[^3]);
        Assert.Equal(now.Totals.Today.CasesResolved, trends.CasesResolved.Points[^1]);
        Assert.Equal(seen[dayStart].Totals.CasesResolvedThisMonth - seen[checkpoints[0]].Totals.CasesResolvedThisMonth, trends.CasesResolved.Points[^2]);
        Assert.Equal([0, 0, 0, 0], trends.CasesResolved.Points.Take(4));
    }

    [Fact]
    public async Task Latest_SharesOneAnswerPerScope_UntilItIsAMinuteOld()
    {
        Database.Time.Set(Now);
        var trends = Service<KpiTrends>();

        Assert.Null(trends.Latest(LiveScope.All, out var first));
        await first;
        var answer = trends.Latest(LiveScope.All, out var none);
        Assert.NotNull(answer);
        Assert.True(none.IsCompleted);
        Assert.Same(answer, trends.Latest(LiveScope.All, out _));

        Database.Time.Advance(KpiTrends.Refresh);
        Assert.Same(answer, trends.Latest(LiveScope.All, out var next));
        await next;
        var newer = trends.Latest(LiveScope.All, out _);
        Assert.NotSame(answer, newer);
        Assert.Equal(Now + KpiTrends.Refresh, newer!.At);
    }

    /// <summary>
    /// Check-ins and check-outs, wishes posted, claimed and cancelled, activities (some starting two hours after they are
    /// logged) and cases opened and resolved every 37 minutes from <paramref name="from"/> to <see cref="Now"/>; at each
    /// checkpoint (and at the end) the live state rebuilt from the database and its snapshot of the scope kept.
    /// </summary>
    private async Task<Dictionary<DateTime, LiveSnapshot>> WriteTwoDaysAsync(DateTime from, IReadOnlyList<DateTime> checkpoints, LiveScope scope)
    {
        var duty = Service<DutyService>();
        var wishes = Service<WishService>();
        var activities = Service<ActivityService>();
        var mediation = Service<MediationService>();
        var feed = Service<LiveFeed>();
        var writer = Service<DomainWriter>();
        var seen = new Dictionary<DateTime, LiveSnapshot>();
        var onDuty = new Dictionary<int, int>();
        var posted = new Queue<long>();
        var open = new Queue<long>();
        var pending = new Queue<DateTime>(checkpoints.Order().Append(Now));

        var i = 0;
        for (var t = from; ; t = t.AddMinutes(37), i++)
        {
            while (pending.Count > 0 && pending.Peek() <= t)
            {
                var checkpoint = pending.Dequeue();
                Database.Time.Set(checkpoint);
                await feed.RebuildAsync(writer);
                seen[checkpoint] = feed.Snapshot(scope);
            }

            if (t >= Now)
            {
                return seen;
            }

            Database.Time.Set(t);
            var station = i % 2 == 0 ? TestNetwork.OpenStationId : TestNetwork.SecondOpenStationId;
            var volunteer = i * 7 % TestNetwork.VolunteerCount + 1;
            if (onDuty.Remove(volunteer, out var at))
            {
                AssertSucceeded(await duty.CheckOutAsync(at, volunteer));
            }
            else
            {
                AssertSucceeded(await duty.CheckInAsync(station, volunteer));
                onDuty[volunteer] = station;
            }

            if (i % 3 == 0)
            {
                posted.Enqueue(AssertSucceeded(await wishes.PostAsync(new PostWishRequest(station, WishCategory.HomeCleaning, "代买药品", "陈阿姨"))).Id);
            }

            if (i % 5 == 0 && posted.TryDequeue(out var claim))
            {
                AssertSucceeded(await wishes.ClaimAsync(claim, TestNetwork.VolunteerA));
            }

            if (i % 11 == 0 && posted.TryDequeue(out var cancel))
            {
                AssertSucceeded(await wishes.CancelAsync(cancel, "居民已自行解决"));
            }

            if (i % 4 == 0)
            {
                var starts = i % 8 == 0 ? t.AddHours(2) : t;
                AssertSucceeded(await activities.LogAsync(new LogActivityRequest(station, TestNetwork.LectureTypeId, "周末讲堂", starts, starts.AddHours(1), 12)));
            }

            if (i % 6 == 0)
            {
                open.Enqueue(AssertSucceeded(await mediation.OpenAsync(new OpenCaseRequest(station, MediationCategory.OwnersAndProperty, 2, "楼上漏水"))).Id);
            }

            if (i % 7 == 0 && open.TryDequeue(out var resolve))
            {
                AssertSucceeded(await mediation.ResolveAsync(resolve, "双方达成一致"));
            }
        }
    }
}
