using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class StationDirectoryTests : DomainTestBase
{
    private StationDirectory Directory => Service<StationDirectory>();

    [Fact]
    public async Task Search_Unsorted_ListsRedStationsBeforeSharedVenues()
    {
        await using (var db = await Database.CreateContextAsync())
        {
            db.Stations.Add(new Station
            {
                Code = "GJ-JC-001", Name = "宁德市图书馆共建阵地", CommunityId = CommunityId, Kind = StationKind.SharedVenue,
                Status = StationStatus.Open, Capacity = 80, OpensAt = new TimeOnly(9, 0), ClosesAt = new TimeOnly(18, 0), HostUnit = "宁德市图书馆",
            });
            await db.SaveChangesAsync();
        }

        var page = await Directory.SearchAsync(new StationQuery());

        Assert.Equal(["ND-JC-001", "ND-JC-002", "ND-JC-003", "GJ-JC-001"], page.Items.Select(s => s.Code));
        Assert.Equal(4, page.TotalCount);
    }

    [Fact]
    public async Task Search_FiltersByStatusAndTextAndPages()
    {
        var open = await Directory.SearchAsync(new StationQuery { Status = StationStatus.Open, PageSize = 1, Page = 1 });
        var byName = await Directory.SearchAsync(new StationQuery { Search = "颐养" });

        Assert.Equal(2, open.TotalCount);
        Assert.Equal("ND-JC-002", Assert.Single(open.Items).Code);
        Assert.Equal(SecondOpenStationId, Assert.Single(byName.Items).Id);
    }

    [Fact]
    public async Task Find_AnswersTheStationOrNothing()
    {
        Assert.Equal("蕉城区", (await Directory.FindAsync(OpenStationId))!.DistrictName);
        Assert.Null(await Directory.FindAsync(UnknownId));
    }
}

public sealed class StationDirectoryTests_PostgreSQL : StationDirectoryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
