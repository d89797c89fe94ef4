using System.Collections.Concurrent;
using System.Text.Json;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Live;

/// <summary>The live state against the database it claims to mirror, on the seeded demo network.</summary>
public class LiveFeedTests : IAsyncLifetime
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private TestDatabase _database = null!;

    private LiveFeed Feed => _database.Get<LiveFeed>();
    private DomainWriter Writer => _database.Get<DomainWriter>();

    public async Task InitializeAsync()
    {
        // Every test starts from the same seed: a copy of the run's seeded template.
        _database = await TestDatabase.CreateFromTemplateAsync("demo", _ => Task.CompletedTask, seedDemo: true, seedDays: 8, provider: Provider);
        await Feed.RebuildAsync(Writer);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task LiveState_AfterABurstOfEveryKindOfWrite_EqualsTheDatabase()
    {
        var received = new ConcurrentQueue<LiveEvent>();
        using var subscription = Feed.Subscribe(events => { foreach (var e in events) received.Enqueue(e); });
        var before = Feed.Sequence;

        var writes = await RunBurstAsync(seed: 7, count: 400);

        Assert.True(writes > 0);
        var sequences = received.Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range((int)before + 1, sequences.Count).Select(i => (long)i), sequences);
        await AssertLiveStateEqualsDatabaseAsync();
    }

    [Fact]
    public async Task AnActivityOfATypeNewerThanTheLiveState_IsCountedAndTheSnapshotStillBuilds()
    {
        int typeId;
        await using (var db = await _database.CreateContextAsync())
        {
            var type = new ActivityType { Code = "reading-club-new", Name = "读书会", NameEn = "Reading club" };
            db.ActivityTypes.Add(type);
            await db.SaveChangesAsync();
            typeId = type.Id;
        }

        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open);
        var now = _database.Time.GetUtcNow().UtcDateTime;
        var logged = await _database.Get<ActivityService>().LogAsync(
            new LogActivityRequest(station.StationId, typeId, "新类型的活动", now, now.AddHours(1), 9, null));
        Assert.True(logged.Succeeded, logged.Error?.Message);

        var snapshot = Feed.Snapshot(LiveScope.All);
        Assert.Contains(snapshot.ActivitiesByType, a => a.ActivityTypeId == typeId && a.Count == 1 && a.Attendance == 9);
        Assert.Contains(snapshot.Recent, e => e is ActivityLogged { Title: "新类型的活动" });
    }

    [Fact]
    public async Task LiveState_AfterEveryKindOfManagementChange_EqualsTheDatabase()
    {
        var stations = _database.Get<StationAdminService>();
        var open = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open);
        var input = (await stations.GetAsync(open.StationId))!;

        // A station's capacity, hours, name and district change; another closes; a new one opens.
        var otherCommunity = (await stations.GetCommunitiesAsync()).First(c => c.DistrictId != open.DistrictId);
        Assert.True((await stations.UpdateAsync(open.StationId, input with
        {
            Capacity = input.Capacity + 7, Name = input.Name + "（新）", ClosesAt = new TimeOnly(22, 0), CommunityId = otherCommunity.Id,
        })).Succeeded);
        await AssertLiveStateEqualsDatabaseAsync();
        Assert.Equal(input.Capacity + 7, Feed.Snapshot(LiveScope.Station(open.StationId)).Stations.Single().Capacity);

        var toClose = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Planned);
        Assert.True((await stations.CloseAsync(toClose.StationId)).Succeeded);
        await AssertLiveStateEqualsDatabaseAsync();

        var created = await stations.CreateAsync(input with { Code = "ND-NEW-001", Status = StationStatus.Open });
        Assert.True(created.Succeeded, created.Error?.Message);
        await AssertLiveStateEqualsDatabaseAsync();
        Assert.Contains(Feed.Snapshot(LiveScope.All).Stations, s => s.StationId == created.Value!.Id);

        // An activity type renamed after activities of it were counted today, and a new one.
        var catalog = _database.Get<CatalogService>();
        var type = Feed.Snapshot(LiveScope.All).ActivitiesByType.First();
        var typeRow = (await catalog.GetActivityTypesAsync()).Single(t => t.Id == type.ActivityTypeId);
        Assert.True((await catalog.UpdateActivityTypeAsync(typeRow.Id, new ActivityTypeInput(typeRow.Code, typeRow.Name + "·改", "Renamed", typeRow.IsActive))).Succeeded);
        Assert.True((await catalog.CreateActivityTypeAsync(new ActivityTypeInput("brand-new", "新活动", "New activity"))).Succeeded);
        await AssertLiveStateEqualsDatabaseAsync();

        // A volunteer on duty renamed.
        var onDuty = Feed.Snapshot(LiveScope.All).Stations.SelectMany(s => s.OnDuty).First();
        var volunteers = _database.Get<VolunteerAdminService>();
        var person = (await volunteers.GetAsync(onDuty.VolunteerId))!;
        Assert.True((await volunteers.UpdateAsync(onDuty.VolunteerId, person with { Name = "改名志愿者" })).Succeeded);
        await AssertLiveStateEqualsDatabaseAsync();
    }

    [Fact]
    public async Task ManagementChanges_StayOutOfTheTicker()
    {
        var recent = Feed.Snapshot(LiveScope.All).Recent;
        var station = Feed.Snapshot(LiveScope.All).Stations.First();
        var input = (await _database.Get<StationAdminService>().GetAsync(station.StationId))!;
        var received = new ConcurrentQueue<LiveEvent>();
        using var subscription = Feed.Subscribe(events => { foreach (var e in events) received.Enqueue(e); });

        Assert.True((await _database.Get<StationAdminService>().UpdateAsync(station.StationId, input with { Capacity = input.Capacity + 1 })).Succeeded);

        var changed = Assert.IsType<StationChanged>(Assert.Single(received));
        Assert.Equal((station.StationId, station.DistrictId, input.Capacity + 1), (changed.StationId, changed.DistrictId, changed.Capacity));
        Assert.Equal(Json(recent), Json(Feed.Snapshot(LiveScope.All).Recent));
    }

    [Fact]
    public async Task Rebuild_DuringABurstOfWrites_LosesNoEvent()
    {
        var burst = RunBurstAsync(seed: 11, count: 300);
        for (var i = 0; i < 5; i++)
        {
            await Feed.RebuildAsync(Writer);
        }

        Assert.True(await burst > 0);
        await AssertLiveStateEqualsDatabaseAsync();
    }

    [Fact]
    public async Task Events_CarryTheirStationDistrictAndTime()
    {
        var received = new ConcurrentQueue<LiveEvent>();
        using var subscription = Feed.Subscribe(events => { foreach (var e in events) received.Enqueue(e); });
        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open);
        var volunteer = await FreeVolunteerAsync();

        var result = await _database.Get<DutyService>().CheckInAsync(station.StationId, volunteer);

        Assert.True(result.Succeeded, result.Error?.Message);
        var checkedIn = Assert.IsType<VolunteerCheckedIn>(Assert.Single(received));
        Assert.Equal(station.StationId, checkedIn.StationId);
        Assert.Equal(station.DistrictId, checkedIn.DistrictId);
        Assert.Equal(result.Value!.Id, checkedIn.SessionId);
        Assert.Equal(_database.Time.GetUtcNow().UtcDateTime, checkedIn.At);
        Assert.Contains(Feed.Snapshot(LiveScope.Station(station.StationId)).Stations.Single().OnDuty, v => v.VolunteerId == volunteer);
    }

    [Fact]
    public async Task RejectedWrites_RaiseNoEvent()
    {
        var received = new ConcurrentQueue<LiveEvent>();
        using var subscription = Feed.Subscribe(events => { foreach (var e in events) received.Enqueue(e); });

        var result = await _database.Get<OccupancyService>().SetAsync(stationId: 1, count: -1);

        Assert.False(result.Succeeded);
        Assert.Empty(received);
    }

    [Fact]
    public void Recent_AfterAStart_HoldsTheLatestEventsTheDatabaseRemembers()
    {
        var recent = Feed.Snapshot(LiveScope.All).Recent;
        var now = _database.Time.GetUtcNow().UtcDateTime;

        Assert.Equal(LiveState.RecentCapacity, recent.Count);
        Assert.Equal(recent.OrderByDescending(e => e.At).Select(e => e.At), recent.Select(e => e.At));
        Assert.All(recent, e => Assert.True(e.At <= now && e.StationId > 0 && e.DistrictId > 0));
    }

    [Fact]
    public async Task Recent_AfterARebuild_KeepsEventsOfOneInstantInTheOrderTheyHappened()
    {
        // Five check-ins at one instant (the test clock stands still), at stations in falling id order: the rebuilt
        // ticker must show them newest first, as the live feed does, not in the order of whatever index the database
        // walks (the time index ends in the station's id).
        var snapshot = Feed.Snapshot(LiveScope.All);
        var onDuty = snapshot.Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToHashSet();
        var volunteers = Enumerable.Range(1, 17_000).Where(id => !onDuty.Contains(id)).Take(5).ToList();
        var stations = snapshot.Stations.Where(s => s.Status == StationStatus.Open).Select(s => s.StationId).OrderDescending().Take(5).ToList();
        var sessions = new HashSet<long>();
        for (var i = 0; i < 5; i++)
        {
            var checkedIn = await _database.Get<DutyService>().CheckInAsync(stations[i], volunteers[i]);
            Assert.True(checkedIn.Succeeded, checkedIn.Error?.Message);
            sessions.Add(checkedIn.Value!.Id);
        }

        var rebuilt = new LiveFeed(_database.Get<RedStation.Data.Time.CityClock>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<LiveFeed>.Instance);
        await rebuilt.RebuildAsync(Writer);

        List<long> Ticker(LiveFeed feed) =>
            [.. feed.Snapshot(LiveScope.All).Recent.OfType<VolunteerCheckedIn>().Select(e => e.SessionId).Where(sessions.Contains)];
        Assert.Equal(sessions.OrderDescending(), Ticker(Feed));
        Assert.Equal(Ticker(Feed), Ticker(rebuilt));
    }

    [Fact]
    public void Subscription_WhenDisposed_IsReleased()
    {
        var before = Feed.SubscriberCount;
        var subscription = Feed.Subscribe(_ => { });
        Assert.Equal(before + 1, Feed.SubscriberCount);

        subscription.Dispose();

        Assert.Equal(before, Feed.SubscriberCount);
    }

    [Fact]
    public async Task Snapshot_BetweenTwoEvents_IsOneSnapshotSharedByEveryScreen_AndTheNextEventMakesANewOne()
    {
        var first = Feed.Snapshot(LiveScope.All);
        var heat = Feed.OccupancyHeat(LiveScope.All, 15);
        Assert.Same(first, Feed.Snapshot(LiveScope.All));
        Assert.Same(heat, Feed.OccupancyHeat(LiveScope.All, 15));
        Assert.NotSame(first, Feed.Snapshot(LiveScope.District(first.Districts[0].DistrictId)));

        var station = first.Stations.First(s => s.Status == StationStatus.Open);
        var onDuty = first.Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToHashSet();
        var volunteer = Enumerable.Range(1, 17_000).First(id => !onDuty.Contains(id));
        Assert.True((await _database.Get<DutyService>().CheckInAsync(station.StationId, volunteer)).Succeeded);
        Assert.True((await _database.Get<OccupancyService>().SetAsync(station.StationId, station.Capacity)).Succeeded);

        var next = Feed.Snapshot(LiveScope.All);
        Assert.NotSame(first, next);
        Assert.Contains(next.Stations.Single(s => s.StationId == station.StationId).OnDuty, v => v.VolunteerId == volunteer);
        Assert.Equal(first.Totals.Today.CheckIns + 1, next.Totals.Today.CheckIns);
        Assert.NotSame(heat, Feed.OccupancyHeat(LiveScope.All, 15));
        await AssertLiveStateEqualsDatabaseAsync();
    }

    [Fact]
    public async Task Snapshot_OfADistrict_HoldsOnlyItsStations()
    {
        var all = Feed.Snapshot(LiveScope.All);
        var districtId = all.Districts[0].DistrictId;

        var district = Feed.Snapshot(LiveScope.District(districtId));

        Assert.NotEmpty(district.Stations);
        Assert.All(district.Stations, s => Assert.Equal(districtId, s.DistrictId));
        Assert.Equal(district.Stations.Sum(s => s.OnDuty.Count), district.Totals.VolunteersOnDuty);
        Assert.Equal(200, all.Totals.RedStationsPlanned);
        Assert.Equal(147, all.Totals.RedStationsOpen);
        await AssertLiveStateEqualsDatabaseAsync();
    }

    [Fact]
    public async Task Rebuild_AtANewCityDay_StartsTodaysCountsAfresh()
    {
        Assert.True(Feed.Snapshot(LiveScope.All).Totals.Today.CheckIns > 0);

        _database.Time.Advance(TimeSpan.FromDays(1));
        await Feed.RebuildAsync(Writer);

        var snapshot = Feed.Snapshot(LiveScope.All);
        Assert.Equal(0, snapshot.Totals.Today.CheckIns);
        Assert.Equal(DateOnly.FromDateTime(_database.Time.GetUtcNow().UtcDateTime.AddHours(8)), snapshot.Day);
        await AssertLiveStateEqualsDatabaseAsync();
    }

    /// <summary>Fires random writes of every kind from several threads at once; answers how many succeeded.</summary>
    private async Task<int> RunBurstAsync(int seed, int count)
    {
        var snapshot = Feed.Snapshot(LiveScope.All);
        var open = snapshot.Stations.Where(s => s.Status == StationStatus.Open).Select(s => s.StationId).ToArray();
        var onDuty = snapshot.Stations.SelectMany(s => s.OnDuty.Select(v => (s.StationId, v.VolunteerId))).ToArray();
        var duty = _database.Get<DutyService>();
        var occupancy = _database.Get<OccupancyService>();
        var activities = _database.Get<ActivityService>();
        var wishes = _database.Get<WishService>();
        var mediation = _database.Get<MediationService>();
        var now = _database.Time.GetUtcNow().UtcDateTime;
        var succeeded = 0;

        async Task WriteAsync(int i)
        {
            var random = new Random(seed * 1000 + i);
            var station = open[random.Next(open.Length)];
            bool ok;
            switch (i % 8)
            {
                case 0:
                    ok = (await duty.CheckInAsync(station, random.Next(1, 17_001))).Succeeded;
                    break;
                case 1 when onDuty.Length > 0:
                    var (s, v) = onDuty[random.Next(onDuty.Length)];
                    ok = (await duty.CheckOutAsync(s, v)).Succeeded;
                    break;
                case 2:
                    ok = (await occupancy.ChangeAsync(station, random.Next(-3, 6))).Succeeded;
                    break;
                case 3:
                    var logged = await activities.LogAsync(new LogActivityRequest(station, random.Next(1, 14), "测试活动", now.AddMinutes(-30), now.AddMinutes(30), random.Next(0, 40)));
                    ok = logged.Succeeded && (i % 3 != 0 || (await activities.EndAsync(logged.Value!.Id, random.Next(0, 50))).Succeeded);
                    break;
                case 4:
                    var wish = await wishes.PostAsync(new PostWishRequest(station, WishCategory.ElderlyHelp, "代购生活用品", "林阿婆"));
                    ok = wish.Succeeded && (await wishes.ClaimAsync(wish.Value!.Id, random.Next(1, 17_001))).Succeeded
                        && (i % 3 != 0 || (await wishes.FulfilAsync(wish.Value.Id, "已完成")).Succeeded);
                    break;
                case 5:
                    var opened = await mediation.OpenAsync(new OpenCaseRequest(station, MediationCategory.PublicAffairs, 2, "楼道堆放杂物引发矛盾"));
                    ok = opened.Succeeded && (i % 2 == 0 || (await mediation.ResolveAsync(opened.Value!.Id, "和解")).Succeeded);
                    break;
                default:
                    ok = (await occupancy.SetAsync(station, random.Next(0, 20))).Succeeded;
                    break;
            }

            if (ok)
            {
                Interlocked.Increment(ref succeeded);
            }
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) => await WriteAsync(i));
        return succeeded;
    }

    private async Task AssertLiveStateEqualsDatabaseAsync()
    {
        var live = Feed.Snapshot(LiveScope.All);
        var rebuilt = new LiveFeed(_database.Get<RedStation.Data.Time.CityClock>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<LiveFeed>.Instance);
        await rebuilt.RebuildAsync(Writer);
        var fromDatabase = rebuilt.Snapshot(LiveScope.All);

        // The recent-events list is the feed's memory, not the database's.
        Assert.Equal(Json(live with { Recent = [] }), Json(fromDatabase with { Recent = [] }));
        Assert.Equal(
            Json(Feed.OccupancyHeat(LiveScope.All, 500)),
            Json(rebuilt.OccupancyHeat(LiveScope.All, 500)));
    }

    private async Task<int> FreeVolunteerAsync()
    {
        var onDuty = Feed.Snapshot(LiveScope.All).Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToHashSet();
        await Task.CompletedTask;
        return Enumerable.Range(1, 17_000).First(id => !onDuty.Contains(id));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}

public sealed class LiveFeedTests_PostgreSQL : LiveFeedTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
