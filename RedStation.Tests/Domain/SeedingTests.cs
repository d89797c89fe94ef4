using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Geography;
using RedStation.Data.Persistence;
using RedStation.Data.Seeding;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain;

public class SeedingTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task Seed_CreatesTheNetworkAtTheRealProgrammesScale()
    {
        await using var database = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 3, provider: Provider);
        await using var db = await database.CreateContextAsync();

        Assert.Equal(10, await db.Districts.CountAsync());
        Assert.Equal(DemoSeeder.PlannedRedStations, await db.Stations.CountAsync(s => s.Kind != StationKind.SharedVenue));
        Assert.Equal(DemoSeeder.OpenRedStations, await db.Stations.CountAsync(s => s.Kind != StationKind.SharedVenue && s.Status == StationStatus.Open));
        Assert.Equal(DemoSeeder.PlannedRedStations - DemoSeeder.OpenRedStations, await db.Stations.CountAsync(s => s.Status == StationStatus.Planned));
        Assert.Equal(DemoSeeder.SharedVenues, await db.Stations.CountAsync(s => s.Kind == StationKind.SharedVenue));
        Assert.Equal(DemoSeeder.VolunteerCount, await db.Volunteers.CountAsync());
        Assert.True(await db.Stations.SumAsync(s => s.FloorArea) > 30_000);
        Assert.True(await db.DutySessions.CountAsync() > 0);
        Assert.True(await db.Activities.CountAsync() > 0);
        Assert.True(await db.MicroWishes.CountAsync() > 0);
        Assert.True(await db.MediationCases.CountAsync() > 0);
        Assert.Contains("蕉城区", await db.Districts.Select(d => d.Name).ToListAsync());
    }

    [Fact]
    public async Task Seed_WithTheSameSeedAndClock_IsIdentical()
    {
        await using var first = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 2, provider: Provider);
        await using var second = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 2, provider: Provider);

        Assert.Equal(await DatabaseSnapshot.TakeAsync(first), await DatabaseSnapshot.TakeAsync(second));
    }

    [Fact]
    public async Task Seed_HistoryIsConsistentWithTheCurrentState()
    {
        await using var database = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 3, provider: Provider);
        await using var db = await database.CreateContextAsync();
        var now = database.Time.GetUtcNow().UtcDateTime;

        // Nothing after "now".
        Assert.False(await db.DutySessions.AnyAsync(d => d.CheckedInAt > now || d.CheckedOutAt > now));
        Assert.False(await db.OccupancyChanges.AnyAsync(o => o.At > now));
        Assert.False(await db.MicroWishes.AnyAsync(w => w.PostedAt > now || w.ClaimedAt > now || w.FulfilledAt > now));

        // Some volunteers are on duty right now (it is Saturday noon), never twice.
        var onDuty = await db.DutySessions.Where(d => d.CheckedOutAt == null).Select(d => d.VolunteerId).ToListAsync();
        Assert.NotEmpty(onDuty);
        Assert.Equal(onDuty.Count, onDuty.Distinct().Count());

        // Sessions only at open stations; each station's head-count is the last one in its history.
        Assert.False(await db.DutySessions.AnyAsync(d => d.Station!.Status != StationStatus.Open));
        var lastCounts = await db.OccupancyChanges
            .GroupBy(o => o.StationId)
            .Select(g => new { StationId = g.Key, Count = g.OrderByDescending(o => o.At).ThenByDescending(o => o.Id).First().Count })
            .ToDictionaryAsync(x => x.StationId, x => x.Count);
        var stations = await db.Stations.Select(s => new { s.Id, s.Occupancy }).ToListAsync();
        Assert.All(stations, s => Assert.Equal(lastCounts.GetValueOrDefault(s.Id), s.Occupancy));
        Assert.Contains(stations, s => s.Occupancy > 0);
    }

    [Fact]
    public async Task Seed_OnANonEmptyDatabase_DoesNothing()
    {
        await using var database = await TestNetwork.CreateDatabaseAsync(Provider);
        var before = await DatabaseSnapshot.TakeAsync(database);

        Assert.Null(await database.Get<DemoSeeder>().SeedIfEmptyAsync());

        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(database));
    }

    [Fact]
    public async Task Seed_PlacesEveryStationInsideItsDistrictsArea_AndSpreadsThem()
    {
        await using var database = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 1);
        await using var db = await database.CreateContextAsync();
        var boundaries = database.Get<CityBoundaries>();
        var stations = await db.Stations
            .Select(s => new { s.Code, s.Status, s.Latitude, s.Longitude, District = s.Community!.District!.Name })
            .ToListAsync();

        Assert.Equal(DemoSeeder.PlannedRedStations + DemoSeeder.SharedVenues, stations.Count);
        Assert.All(stations, s =>
        {
            var area = boundaries.AreaOf(s.District);
            Assert.NotNull(area);
            Assert.True(area.Contains(s.Latitude, s.Longitude), $"{s.Code} ({s.Status}) at {s.Latitude}, {s.Longitude} lies outside {area.Name}.");
        });
        // 东侨 has no polygon of its own: its stations lie within 蕉城区, the area that contains it.
        Assert.Equal("蕉城区", boundaries.AreaOf("东侨经济技术开发区")!.Name);
        // Scattered around each seat, not stacked on it.
        Assert.True(stations.Select(s => (s.Latitude, s.Longitude)).Distinct().Count() > stations.Count * 9 / 10);
    }

    [Fact]
    public void Apportion_SplitsInProportionAndKeepsTheTotal()
    {
        var shares = DemoNetworkBuilder.Apportion(253, [36, 16, 32, 28, 24, 20, 12, 10, 12, 10]);

        Assert.Equal(253, shares.Sum());
        Assert.Equal([46, 20, 41, 35, 30, 25, 15, 13, 15, 13], shares);
    }
}

public sealed class SeedingTests_PostgreSQL : SeedingTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
