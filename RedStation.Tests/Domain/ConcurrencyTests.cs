using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

/// <summary>Real writers on real threads against one SQLite file.</summary>
public class ConcurrencyTests : DomainTestBase
{
    private const int Writers = 24;

    [Fact]
    public async Task CheckIn_OfOneVolunteerByManyDesksAtOnce_OpensExactlyOneSession()
    {
        var duty = Service<DutyService>();

        var results = await RunConcurrentlyAsync(i => duty.CheckInAsync(i % 2 == 0 ? OpenStationId : SecondOpenStationId, VolunteerA));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ErrorKind.Conflict, r.Error!.Kind));
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(1, await db.DutySessions.CountAsync(d => d.VolunteerId == VolunteerA && d.CheckedOutAt == null));
    }

    [Fact]
    public async Task CheckIn_OfManyVolunteersAtOneStationAtOnce_AllSucceed()
    {
        var duty = Service<DutyService>();

        var results = await RunConcurrentlyAsync(i => duty.CheckInAsync(OpenStationId, i + 1));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(Writers, await db.DutySessions.CountAsync(d => d.StationId == OpenStationId && d.CheckedOutAt == null));
    }

    [Fact]
    public async Task HeadCount_ChangedByManyDesksAtOnce_LosesNoChange()
    {
        var occupancy = Service<OccupancyService>();

        var results = await RunConcurrentlyAsync(_ => occupancy.ChangeAsync(OpenStationId, 1));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(Writers, (await db.Stations.SingleAsync(s => s.Id == OpenStationId)).Occupancy);
        var counts = await db.OccupancyChanges.OrderBy(c => c.Id).Select(c => c.Count).ToListAsync();
        Assert.Equal(Enumerable.Range(1, Writers), counts);
    }

    [Fact]
    public async Task HeadCount_DecrementedPastZeroByManyDesksAtOnce_NeverGoesNegative()
    {
        var occupancy = Service<OccupancyService>();
        AssertSucceeded(await occupancy.SetAsync(OpenStationId, 5));

        var results = await RunConcurrentlyAsync(_ => occupancy.ChangeAsync(OpenStationId, -1));

        Assert.Equal(5, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ErrorCodes.OccupancyBelowZero, r.Error!.Code));
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(0, (await db.Stations.SingleAsync(s => s.Id == OpenStationId)).Occupancy);
    }

    [Fact]
    public async Task Claim_OfOneWishByManyVolunteersAtOnce_HasOneWinner()
    {
        var wishes = Service<WishService>();
        var wish = AssertSucceeded(await wishes.PostAsync(new PostWishRequest(OpenStationId, WishCategory.HomeCleaning, "清理楼前杂物", "林阿伯")));

        var results = await RunConcurrentlyAsync(i => wishes.ClaimAsync(wish.Id, i + 1));

        var winner = Assert.Single(results, r => r.Succeeded);
        await using var db = await Database.CreateContextAsync();
        var stored = await db.MicroWishes.SingleAsync();
        Assert.Equal(WishStatus.Claimed, stored.Status);
        Assert.Equal(winner.Value!.ClaimedByVolunteerId, stored.ClaimedByVolunteerId);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task Resolve_AndRefer_OfOneCaseAtOnce_EndInOneState()
    {
        var mediation = Service<MediationService>();
        var opened = AssertSucceeded(await mediation.OpenAsync(new OpenCaseRequest(OpenStationId, MediationCategory.PublicAffairs, 2, "广场舞噪音扰民")));

        var results = await RunConcurrentlyAsync(i => i % 2 == 0
            ? mediation.ResolveAsync(opened.Id, "和解")
            : mediation.ReferAsync(opened.Id, "移交"));

        var winner = Assert.Single(results, r => r.Succeeded);
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(winner.Value!.Status, (await db.MediationCases.SingleAsync()).Status);
    }

    private static async Task<Result<T>[]> RunConcurrentlyAsync<T>(Func<int, Task<Result<T>>> write)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, Writers)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await write(i);
            }))
            .ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }
}

public sealed class ConcurrencyTests_PostgreSQL : ConcurrencyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
