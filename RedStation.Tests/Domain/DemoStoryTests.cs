using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Seeding;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain;

/// <summary>One demo network with 90 days of history, seeded once for <see cref="DemoStoryTests"/>.</summary>
public sealed class DemoStoryFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 90);

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

/// <summary>
/// The demo network tells the programme's own story to a local official: the places the report names are where
/// it puts them, every other name comes from its own district, a wish is a wish and a dispute goes to mediation.
/// </summary>
public sealed partial class DemoStoryTests(DemoStoryFixture fixture) : IClassFixture<DemoStoryFixture>
{
    [GeneratedRegex(@"[（(]\s*\d+\s*[）)]|\d+$")]
    private static partial Regex Numbered();

    [Fact]
    public async Task EveryName_IsUnique_CarriesNoNumber_AndMentionsNoOtherDistrict()
    {
        await using var db = await fixture.Database.CreateContextAsync();
        var districts = await db.Districts.Select(d => d.Name).ToListAsync();
        var stations = await db.Stations
            .Select(s => new { s.Code, s.Name, s.HostUnit, Community = s.Community!.Name, District = s.Community.District!.Name })
            .ToListAsync();
        var communities = await db.Communities.Select(c => new { c.Name, District = c.District!.Name }).ToListAsync();
        var volunteers = await db.Volunteers.Select(v => new { v.WorkUnit, District = v.Community!.District!.Name }).ToListAsync();

        Assert.Equal(DemoSeeder.PlannedRedStations + DemoSeeder.SharedVenues, stations.Count);
        Assert.Equal(stations.Count, stations.Select(s => s.Name).Distinct().Count());
        Assert.Equal(communities.Count, communities.Select(c => c.Name).Distinct().Count());
        Assert.All(stations, s => Assert.False(Numbered().IsMatch(s.Name), $"{s.Code} {s.Name} is a numbered duplicate."));

        // 蕉城区 is named 蕉城 as often as 蕉城区, 东侨经济技术开发区 东侨: a district's first two characters name it.
        string? Foreign(string? text, string own) =>
            districts.Where(d => d != own).FirstOrDefault(d => text is not null && (text.Contains(d, StringComparison.Ordinal) || text.Contains(d[..2], StringComparison.Ordinal)));
        Assert.All(stations, s => Assert.True(Foreign(s.Name, s.District) is null, $"{s.Code} {s.Name} in {s.District} names {Foreign(s.Name, s.District)}."));
        Assert.All(stations, s => Assert.True(Foreign(s.HostUnit, s.District) is null, $"{s.Code} {s.Name} in {s.District} is hosted by {s.HostUnit}."));
        Assert.All(communities, c => Assert.True(Foreign(c.Name, c.District) is null, $"{c.Name} in {c.District}."));
        Assert.All(volunteers, v => Assert.True(Foreign(v.WorkUnit, v.District) is null, $"A volunteer of {v.District} works at {v.WorkUnit}."));

        // Each shared venue is named after the unit that hosts it (a unit of its own district, as checked above).
        Assert.All(stations.Where(s => s.Code.StartsWith("GJ-", StringComparison.Ordinal)), s => Assert.StartsWith(s.HostUnit!, s.Name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("蕉城区", "莲峰社区", "中宏花苑小区红色驿站", StationKind.ResidentialCompound)]
    [InlineData("蕉城区", "万达社区", "万达华城小区红色驿站", StationKind.ResidentialCompound)]
    [InlineData("蕉城区", "东湖社区", "东湖社区议事亭", StationKind.ResidentialCompound)]
    [InlineData("东侨经济技术开发区", "兰亭社区", "逸涛小区红色驿站", StationKind.ResidentialCompound)]
    [InlineData("东侨经济技术开发区", "新能源社区", "幸福佳园小区红色驿站", StationKind.ResidentialCompound)]
    [InlineData("东侨经济技术开发区", "金马社区", "上东曼哈顿小区红色驿站", StationKind.ResidentialCompound)]
    [InlineData("福安市", "东凤社区", "东凤社区共享驿站", StationKind.ResidentialCompound)]
    [InlineData("福鼎市", "龙山社区", "龙山社区居家养老红色驿站", StationKind.ElderlyCare)]
    [InlineData("福鼎市", "富民社区", "富民社区交警岗亭驿站", StationKind.TrafficPolicePost)]
    [InlineData("霞浦县", "东昇社区", "景缘居小区红色驿站", StationKind.ResidentialCompound)]
    [InlineData("屏南县", "城东社区", "城东社区善课堂", StationKind.ChildrenClassroom)]
    public async Task TheProgrammesPlaces_AreOpen_InTheirDistrictsAndCommunities(string district, string community, string name, StationKind kind)
    {
        await using var db = await fixture.Database.CreateContextAsync();
        var station = await db.Stations.Include(s => s.Community!.District).SingleAsync(s => s.Name == name);

        Assert.Equal(district, station.Community!.District!.Name);
        Assert.Equal(community, station.Community.Name);
        Assert.Equal(kind, station.Kind);
        Assert.Equal(StationStatus.Open, station.Status);
        Assert.True(await db.DutySessions.AnyAsync(d => d.StationId == station.Id), $"{name} has no history.");
    }

    [Fact]
    public async Task EverySharedVenue_IsOpenedByAUnitOfItsOwnDistrict_CoBuildingWithOneOfItsCommunities()
    {
        await using var db = await fixture.Database.CreateContextAsync();
        var venues = await db.Stations.Where(s => s.Kind == StationKind.SharedVenue)
            .Select(s => new { s.Code, s.HostUnit, Unit = s.Unit!.Name, District = s.Community!.DistrictId, UnitDistrict = s.Unit.Community!.DistrictId })
            .ToListAsync();
        var units = await db.Units.Select(u => new { u.Code, u.Name, u.Kind, u.PartyOrganisation }).ToListAsync();

        Assert.Equal(DemoSeeder.SharedVenues, venues.Count);
        Assert.All(venues, v => Assert.True(v.Unit == v.HostUnit && v.District == v.UnitDistrict, $"{v.Code} is hosted by {v.HostUnit}, linked to {v.Unit}."));
        Assert.Equal(units.Count, units.Select(u => u.Name).Distinct().Count());
        Assert.All(units, u => Assert.Matches("^U-[A-Z]{2}-[0-9]{3}$", u.Code));
        Assert.Equal(UnitKind.PublicInstitution, units.Single(u => u.Name == "宁德市人民医院").Kind);
        Assert.Equal(UnitKind.Enterprise, units.Single(u => u.Name == "国网宁德供电公司").Kind);
        Assert.Contains(units, u => u.Kind == UnitKind.GovernmentOrgan);
    }

    [Fact]
    public async Task TheStoryStations_AreAsTheReportDescribesThem()
    {
        await using var db = await fixture.Database.CreateContextAsync();
        var stations = await db.Stations.Include(s => s.Community).ToDictionaryAsync(s => s.Name);

        Assert.Equal(3200, stations["逸涛小区红色驿站"].FloorArea);
        Assert.Equal(500, stations["龙山社区居家养老红色驿站"].FloorArea);
        Assert.True(stations["万达华城小区红色驿站"].Facilities.HasFlag(StationFacilities.MediationStudio));
        Assert.Equal("兰亭社区党总支", stations["逸涛小区红色驿站"].Community!.PartyOrganisation);
        var longshan = stations["龙山社区居家养老红色驿站"].Id;
        Assert.True(await db.Activities.AnyAsync(a => a.StationId == longshan && a.Type!.Code == "collective-birthday"));
        var chengdong = stations["城东社区善课堂"].Id;
        Assert.True(await db.Activities.AnyAsync(a => a.StationId == chengdong && a.Type!.Code == "tutoring"));
    }

    [Fact]
    public async Task TheStudioAtWanDaHuaCheng_IsTheBusiestMediationPlace_ItsCasesMediatedByZhangFangxiao()
    {
        await using var db = await fixture.Database.CreateContextAsync();
        var studio = await db.Stations.SingleAsync(s => s.Name == "万达华城小区红色驿站");
        var byStation = await db.MediationCases
            .GroupBy(c => c.StationId)
            .Select(g => new { StationId = g.Key, Settled = g.Count(c => c.Status == MediationStatus.Resolved) })
            .OrderByDescending(g => g.Settled)
            .ToListAsync();

        Assert.Equal(studio.Id, byStation[0].StationId);
        Assert.True(byStation[0].Settled >= 2 * byStation[1].Settled, $"The studio settled {byStation[0].Settled}, the next station {byStation[1].Settled}.");
        // 107 settled since the studio opened in 2018: a quarter year's share of that, not more than the whole.
        Assert.InRange(byStation[0].Settled, 15, 60);
        Assert.All(await db.MediationCases.Where(c => c.StationId == studio.Id).Select(c => c.Mediator).ToListAsync(), m => Assert.Equal("章芳孝", m));
    }

    [Fact]
    public async Task Wishes_AreMicroWishes_AndDisputesAreMediationCases_AtStationsThatMediate()
    {
        await using var db = await fixture.Database.CreateContextAsync();
        var wishes = await db.MicroWishes.Select(w => new { w.Title, w.Category }).Distinct().ToListAsync();
        var cases = await db.MediationCases.Select(c => new { c.Summary, c.Station!.Services }).ToListAsync();
        string[] disputes = ["纠纷", "调解", "矛盾", "争议", "扰民", "噪音", "漏水"];

        Assert.NotEmpty(wishes);
        Assert.All(wishes, w => Assert.DoesNotContain(disputes, d => w.Title.Contains(d, StringComparison.Ordinal)));
        Assert.DoesNotContain(wishes, w => w.Category == WishCategory.DisputeSettlement);
        Assert.Contains(wishes, w => w.Title.Contains("轮椅", StringComparison.Ordinal));

        Assert.NotEmpty(cases);
        Assert.All(cases.Select(c => c.Summary).Distinct(), s => Assert.Contains(disputes.Append("口角"), d => s.Contains(d, StringComparison.Ordinal)));
        Assert.All(cases, c => Assert.True(c.Services.HasFlag(StationServices.Mediation)));
    }
}
