using Microsoft.EntityFrameworkCore;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain.Management;

public class CatalogServiceTests : DomainTestBase
{
    private CatalogService Catalog => Service<CatalogService>();

    [Fact]
    public async Task CreateTeam_ThenAddAndRemoveAMember()
    {
        var team = AssertSucceeded(await Catalog.CreateTeamAsync(new TeamInput(" 巾帼志愿者服务队 ", "Women's volunteer team")));

        Assert.True(AssertSucceeded(await Catalog.SetMemberAsync(team.Id, VolunteerA, member: true)));
        Assert.False(AssertSucceeded(await Catalog.SetMemberAsync(team.Id, VolunteerA, member: true)));
        Assert.Equal(1, (await Catalog.GetTeamsAsync()).Single().MemberCount);
        Assert.True(AssertSucceeded(await Catalog.SetMemberAsync(team.Id, VolunteerA, member: false)));

        var row = Assert.Single(await Catalog.GetTeamsAsync());
        Assert.Equal("巾帼志愿者服务队", row.Name);
        Assert.Equal(0, row.MemberCount);
    }

    [Fact]
    public async Task CreateTeam_WithATakenName_IsRejected()
    {
        AssertSucceeded(await Catalog.CreateTeamAsync(new TeamInput("交通劝导队", "Traffic guidance team")));

        await AssertRejectedAsync(() => Catalog.CreateTeamAsync(new TeamInput("交通劝导队", "Another")), ErrorCodes.TeamNameTaken, ErrorKind.Conflict);
    }

    [Fact]
    public async Task RenameTeam_ToAnotherTeamsName_IsRejected()
    {
        AssertSucceeded(await Catalog.CreateTeamAsync(new TeamInput("交通劝导队", "Traffic guidance team")));
        var second = AssertSucceeded(await Catalog.CreateTeamAsync(new TeamInput("文明督导队", "Civility patrol")));

        await AssertRejectedAsync(() => Catalog.UpdateTeamAsync(second.Id, new TeamInput("交通劝导队", "x")), ErrorCodes.TeamNameTaken, ErrorKind.Conflict);
    }

    [Fact]
    public async Task CreateTeam_WithoutAnEnglishName_IsRejected() =>
        await AssertRejectedAsync(() => Catalog.CreateTeamAsync(new TeamInput("交通劝导队", "")), ErrorCodes.TextRequired, ErrorKind.Validation);

    [Fact]
    public async Task SetMember_OfAnUnknownTeam_IsNotFound() =>
        await AssertRejectedAsync(() => Catalog.SetMemberAsync(UnknownId, VolunteerA, true), ErrorCodes.TeamNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task CreateActivityType_AndEditIt()
    {
        var type = AssertSucceeded(await Catalog.CreateActivityTypeAsync(new ActivityTypeInput("Chess-Tea", "棋艺茶叙", "Chess and tea")));

        AssertSucceeded(await Catalog.UpdateActivityTypeAsync(type.Id, new ActivityTypeInput("chess-tea", "棋艺茶叙会", "Chess and tea", IsActive: false)));

        var row = (await Catalog.GetActivityTypesAsync()).Single(t => t.Id == type.Id);
        Assert.Equal(("chess-tea", "棋艺茶叙会", false), (row.Code, row.Name, row.IsActive));
    }

    [Fact]
    public async Task CreateActivityType_WithATakenCode_IsRejected() =>
        await AssertRejectedAsync(() => Catalog.CreateActivityTypeAsync(new ActivityTypeInput("weekend-lecture", "讲堂", "Lecture")), ErrorCodes.ActivityTypeCodeTaken, ErrorKind.Conflict);

    [Fact]
    public async Task CreateActivityType_WithAMalformedCode_IsRejected() =>
        await AssertRejectedAsync(() => Catalog.CreateActivityTypeAsync(new ActivityTypeInput("周末 讲堂", "讲堂", "Lecture")), ErrorCodes.ActivityTypeCodeInvalid, ErrorKind.Validation);

    [Fact]
    public async Task UpdateActivityType_Unknown_IsNotFound() =>
        await AssertRejectedAsync(() => Catalog.UpdateActivityTypeAsync(UnknownId, new ActivityTypeInput("x", "x", "x")), ErrorCodes.ActivityTypeNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task AnInactiveType_IsNoLongerOfferedNorAccepted()
    {
        AssertSucceeded(await Catalog.UpdateActivityTypeAsync(LectureTypeId, new ActivityTypeInput("weekend-lecture", "周末讲堂", "Weekend lecture", IsActive: false)));
        var now = Database.Time.GetUtcNow().UtcDateTime;

        Assert.Empty(await Service<StationDirectory>().GetActivityTypesAsync());
        await AssertRejectedAsync(
            () => Service<ActivityService>().LogAsync(new LogActivityRequest(OpenStationId, LectureTypeId, "讲座", now, now.AddHours(1), 5, null)),
            ErrorCodes.ActivityTypeInactive, ErrorKind.Conflict);
    }

    [Fact]
    public async Task EveryCatalogChange_IsAudited()
    {
        AssertSucceeded(await Catalog.CreateTeamAsync(new TeamInput("交通劝导队", "Traffic guidance team")));
        AssertSucceeded(await Catalog.CreateActivityTypeAsync(new ActivityTypeInput("guqin", "古琴培训", "Guqin lessons")));

        await using var db = await Database.CreateContextAsync();
        Assert.Equal(["ActivityType", "Team"], await db.AuditEntries.Select(a => a.Entity).OrderBy(e => e).ToListAsync());
    }
}

public sealed class CatalogServiceTests_PostgreSQL : CatalogServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
