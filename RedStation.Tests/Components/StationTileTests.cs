using Bunit;
using RedStation.Dashboard.Components.Occupancy;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Tests.Components;

/// <summary>A station's tile on the occupancy board: its colour band and its flags.</summary>
public sealed class StationTileTests : DashboardTestContext
{
    /// <summary>Noon in the city (UTC+8), inside the tiles' 08:30–20:00 hours.</summary>
    private static readonly DateTime UtcNow = new(2026, 11, 28, 4, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime LocalNow = UtcNow.AddHours(8);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(3);

    [Theory]
    [InlineData(79, 100, OccupancyBand.Comfortable)]
    [InlineData(80, 100, OccupancyBand.Busy)]
    [InlineData(99, 100, OccupancyBand.Busy)]
    [InlineData(100, 100, OccupancyBand.Full)]
    [InlineData(130, 100, OccupancyBand.Full)]
    [InlineData(8, 10, OccupancyBand.Busy)]
    [InlineData(0, 0, OccupancyBand.Comfortable)]
    [InlineData(1, 0, OccupancyBand.Full)]
    public void OccupancyLevel_PutsHeadCountInItsBand(int occupancy, int capacity, OccupancyBand expected) =>
        Assert.Equal(expected, OccupancyLevel.Of(occupancy, capacity));

    [Theory]
    [InlineData(79, "Comfortable", "mud-progress-linear-color-success")]
    [InlineData(80, "Busy", "mud-progress-linear-color-warning")]
    [InlineData(100, "Full", "mud-progress-linear-color-error")]
    public void Tile_ColoursItsBarByBand(int occupancy, string band, string barClass)
    {
        UseCulture("en");
        var tile = RenderTile(Station(occupancy: occupancy, capacity: 100));

        Assert.Equal(band, tile.Find("[data-testid=station-tile]").GetAttribute("data-band"));
        Assert.Contains(barClass, tile.Find(".mud-progress-linear").ClassName);
        Assert.Equal($"{occupancy}%", tile.Find("[data-testid=tile-percent]").TextContent.Trim());
        Assert.Equal(occupancy.ToString(System.Globalization.CultureInfo.InvariantCulture), tile.Find("[data-testid=tile-occupancy]").TextContent);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(55)]
    [InlineData(100)]
    public void Tile_Bar_IsAMeterNotALoader_SoItIsNeverBusy(int occupancy)
    {
        UseCulture("en");
        var tile = RenderTile(Station(occupancy: occupancy, capacity: 100));

        // A board of 400 tiles must not tell a screen reader that 400 regions are loading.
        Assert.Empty(tile.FindAll("[aria-busy=true]"));
        var bar = tile.Find("[role=progressbar]");
        Assert.Equal(occupancy.ToString(System.Globalization.CultureInfo.InvariantCulture), bar.GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void Tile_AtCapacity_IsRedButNotFlagged()
    {
        UseCulture("en");
        var tile = RenderTile(Station(occupancy: 100, capacity: 100));

        Assert.Empty(tile.FindAll("[data-testid=flag-over-capacity]"));
        Assert.Equal("false", tile.Find("[data-testid=station-tile]").GetAttribute("data-flagged"));
    }

    [Fact]
    public void Tile_OverCapacity_IsFlagged()
    {
        UseCulture("en");
        var tile = RenderTile(Station(occupancy: 101, capacity: 100));

        Assert.Equal("Over capacity", tile.Find("[data-testid=flag-over-capacity]").TextContent.Trim());
        Assert.Contains("station-tile-flagged", tile.Find(".station-tile").ClassName);
    }

    [Fact]
    public void Tile_OpenWithNobodyOnDuty_IsFlagged()
    {
        UseCulture("zh-CN");
        var tile = RenderTile(Station(onDuty: 0));

        Assert.Equal("开放时间无人值守", tile.Find("[data-testid=flag-unstaffed]").TextContent.Trim());
        Assert.Equal("true", tile.Find("[data-testid=station-tile]").GetAttribute("data-flagged"));
    }

    [Fact]
    public void Tile_OutsideOpeningHours_IsNeitherUnstaffedNorStale()
    {
        UseCulture("en");
        var station = Station(onDuty: 0, lastEventAt: UtcNow.AddDays(-2)) with { OpensAt = new TimeOnly(14, 0), ClosesAt = new TimeOnly(18, 0) };
        var tile = RenderTile(station);

        Assert.Empty(tile.FindAll("[data-testid=flag-unstaffed]"));
        Assert.Empty(tile.FindAll("[data-testid=flag-stale]"));
        Assert.Contains("Closed now", tile.Find("[data-testid=tile-closed-now]").TextContent);
    }

    [Fact]
    public void Tile_WithNothingLoggedForTheStalePeriod_IsMarkedStale()
    {
        UseCulture("en");
        var fresh = RenderTile(Station(lastEventAt: UtcNow - StaleAfter + TimeSpan.FromMinutes(1)));
        var stale = RenderTile(Station(lastEventAt: UtcNow - StaleAfter));

        Assert.Empty(fresh.FindAll("[data-testid=flag-stale]"));
        Assert.Equal("Nothing logged for 3 h", stale.Find("[data-testid=flag-stale]").TextContent.Trim());
    }

    [Fact]
    public void Tile_ShowsOnDutyAndOpenWishes()
    {
        UseCulture("en");
        var tile = RenderTile(Station(onDuty: 3, openWishes: 5));

        Assert.Equal("On duty 3", tile.Find("[data-testid=tile-on-duty]").TextContent.Trim());
        Assert.Equal("Wishes 5", tile.Find("[data-testid=tile-wishes]").TextContent.Trim());
    }

    private IRenderedComponent<StationTile> RenderTile(StationLive station) =>
        Render<StationTile>(p => p
            .Add(t => t.Station, station)
            .Add(t => t.Condition, StationCondition.Of(station, UtcNow, LocalNow, StaleAfter))
            .Add(t => t.DistrictName, "Jiaocheng District")
            .Add(t => t.StaleAfterHours, StaleAfter.TotalHours));

    private static StationLive Station(int occupancy = 10, int capacity = 100, int onDuty = 1, int openWishes = 0, DateTime? lastEventAt = null) => new(
        StationId: 1,
        DistrictId: 1,
        Code: "RS-001",
        Name: "蕉南锦绣小区红色驿站",
        Kind: StationKind.ResidentialCompound,
        Status: StationStatus.Open,
        Capacity: capacity,
        OpensAt: new TimeOnly(8, 30),
        ClosesAt: new TimeOnly(20, 0),
        Occupancy: occupancy,
        OnDuty: Enumerable.Range(1, onDuty).Select(i => new OnDutyVolunteer(i, $"志愿者{i}", UtcNow.AddHours(-1))).ToList(),
        OpenWishes: openWishes,
        ClaimedWishes: 0,
        OpenCases: 0,
        LastEventAt: lastEventAt ?? UtcNow.AddMinutes(-5),
        Today: new TodayCounts(0, 0, 0, 0, 0, 0, 0, 0, 0));
}
