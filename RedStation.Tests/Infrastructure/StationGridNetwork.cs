using Microsoft.EntityFrameworkCore;
using RedStation.Data;
using RedStation.Data.Entities;

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// A small, fully known station network for UI tests: 30 stations (more than one 25-row page) over three
/// districts, with every kind and status present. Tests compute their expectations from <see cref="Stations"/>.
/// </summary>
public static class StationGridNetwork
{
    public const int StationCount = 30;

    /// <summary>The one station whose name contains <see cref="UniqueNameFragment"/>.</summary>
    public const string UniqueNameFragment = "闽东之光";

    public static readonly IReadOnlyList<(string Code, string Name, string NameEn)> Districts =
    [
        ("350902", "蕉城区", "Jiaocheng District"),
        ("350981", "福安市", "Fu'an City"),
        ("350921", "霞浦县", "Xiapu County"),
    ];

    public static readonly IReadOnlyList<TestStation> Stations = Enumerable.Range(1, StationCount).Select(Describe).ToList();

    public static async Task InsertAsync(IDbContextFactory<RedStationDbContext> contextFactory)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var districts = Districts
            .Select((d, i) => new District { Code = d.Code, Name = d.Name, NameEn = d.NameEn, SortOrder = i })
            .ToList();
        var communities = districts
            .Select(d => new Community { District = d, Name = $"{d.Name}中心社区", PartyOrganisation = $"{d.Name}中心社区党委" })
            .ToList();
        db.Districts.AddRange(districts);
        db.Communities.AddRange(communities);
        db.Stations.AddRange(Stations.Select(s => new Station
        {
            Code = s.Code,
            Name = s.Name,
            Community = communities[s.DistrictIndex],
            Kind = s.Kind,
            Status = s.Status,
            FloorArea = 120 + (s.Number * 37 % 500),
            Capacity = 20 + s.Number,
            Occupancy = s.Number % 7,
            OpensAt = new TimeOnly(8, 30),
            ClosesAt = new TimeOnly(20, 0),
            HostUnit = s.Number % 4 == 0 ? $"宁德市第{s.Number}共建单位" : null,
            Latitude = 26.66,
            Longitude = 119.52,
        }));
        await db.SaveChangesAsync();
    }

    private static TestStation Describe(int number)
    {
        var districtIndex = (number - 1) % Districts.Count;
        var name = number == 17 ? $"{UniqueNameFragment}红色驿站" : $"{Districts[districtIndex].Name}红色驿站{number:00}号";
        return new TestStation(
            number,
            $"RS-{number:000}",
            name,
            districtIndex,
            (StationKind)((number - 1) % Enum.GetValues<StationKind>().Length),
            (StationStatus)((number - 1) / 2 % Enum.GetValues<StationStatus>().Length));
    }
}

public sealed record TestStation(int Number, string Code, string Name, int DistrictIndex, StationKind Kind, StationStatus Status);
