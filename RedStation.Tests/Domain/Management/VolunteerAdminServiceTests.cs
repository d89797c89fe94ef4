using Microsoft.EntityFrameworkCore;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain.Management;

public class VolunteerAdminServiceTests : DomainTestBase
{
    private VolunteerAdminService Volunteers => Service<VolunteerAdminService>();

    private static VolunteerInput NewVolunteer() => new()
    {
        Name = "曾晓明",
        Phone = "139 0000 1111",
        MemberNumber = "nddy900001",
        WorkUnit = "宁德市民政局",
        CommunityId = CommunityId,
        Skills = "法律咨询",
    };

    private async Task<int> NewTeamAsync(string name = "交通劝导队") =>
        AssertSucceeded(await Service<CatalogService>().CreateTeamAsync(new TeamInput(name, "Traffic guidance team"))).Id;

    [Fact]
    public async Task Create_NormalizesTheNumbersAndComputesThePinyinInitials()
    {
        var teamId = await NewTeamAsync();

        var created = AssertSucceeded(await Volunteers.CreateAsync(NewVolunteer() with { TeamIds = [teamId] }));

        await using var db = await Database.CreateContextAsync();
        var volunteer = await db.Volunteers.Include(v => v.Teams).SingleAsync(v => v.Id == created.Id);
        Assert.Equal("13900001111", volunteer.Phone);
        Assert.Equal("NDDY900001", volunteer.MemberNumber);
        Assert.Equal("ZXM", volunteer.PinyinInitials);
        Assert.Equal(Database.Time.GetUtcNow().UtcDateTime, volunteer.RegisteredAt);
        Assert.Equal([teamId], volunteer.Teams.Select(t => t.Id));
    }

    [Fact]
    public async Task Update_RenamesRecomputesInitialsAndReplacesTheTeams()
    {
        var first = await NewTeamAsync();
        var second = await NewTeamAsync("文明督导队");
        var input = await Volunteers.GetAsync(VolunteerA);
        AssertSucceeded(await Volunteers.UpdateAsync(VolunteerA, input! with { TeamIds = [first] }));

        AssertSucceeded(await Volunteers.UpdateAsync(VolunteerA, input with { Name = "林建国", TeamIds = [second] }));

        await using var db = await Database.CreateContextAsync();
        var volunteer = await db.Volunteers.Include(v => v.Teams).SingleAsync(v => v.Id == VolunteerA);
        Assert.Equal("林建国", volunteer.Name);
        Assert.Equal("LJG", volunteer.PinyinInitials);
        Assert.Equal([second], volunteer.Teams.Select(t => t.Id));
    }

    [Fact]
    public async Task Update_KeepingItsOwnPhoneAndNumber_IsAllowed()
    {
        var input = await Volunteers.GetAsync(VolunteerB);

        AssertSucceeded(await Volunteers.UpdateAsync(VolunteerB, input! with { WorkUnit = "宁德市教育局" }));
    }

    [Theory]
    [InlineData("1380000123")]
    [InlineData("138000012345")]
    [InlineData("12800001234")]
    [InlineData("0593-2881234")]
    [InlineData("1380000abcd")]
    public async Task Create_WithAMalformedPhone_IsRejected(string phone) =>
        await AssertRejectedAsync(() => Volunteers.CreateAsync(NewVolunteer() with { Phone = phone }), ErrorCodes.PhoneInvalid, ErrorKind.Validation);

    [Fact]
    public async Task Create_WithAPhoneAlreadyRegistered_IsRejected()
    {
        var error = await AssertRejectedAsync(() => Volunteers.CreateAsync(NewVolunteer() with { Phone = "+86 13800000001" }), ErrorCodes.PhoneTaken, ErrorKind.Conflict);

        Assert.Contains("志愿者1", error.Message);
    }

    [Fact]
    public async Task Create_WithAMemberNumberAlreadyRegistered_IsRejected() =>
        await AssertRejectedAsync(() => Volunteers.CreateAsync(NewVolunteer() with { MemberNumber = "NDDY000002" }), ErrorCodes.MemberNumberTaken, ErrorKind.Conflict);

    [Fact]
    public async Task Update_ToAnotherVolunteersPhone_IsRejected()
    {
        var input = await Volunteers.GetAsync(VolunteerA);

        await AssertRejectedAsync(() => Volunteers.UpdateAsync(VolunteerA, input! with { Phone = "13800000002" }), ErrorCodes.PhoneTaken, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Create_WithAMalformedMemberNumber_IsRejected() =>
        await AssertRejectedAsync(() => Volunteers.CreateAsync(NewVolunteer() with { MemberNumber = "NDDY-9" }), ErrorCodes.MemberNumberInvalid, ErrorKind.Validation);

    [Theory]
    [InlineData("", "TextRequired")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "TextTooLong")]
    public async Task Create_WithABadName_IsRejected(string name, string code) =>
        await AssertRejectedAsync(() => Volunteers.CreateAsync(NewVolunteer() with { Name = name }), code, ErrorKind.Validation);

    [Fact]
    public async Task Create_WithoutAWorkUnit_IsRejected() =>
        await AssertRejectedAsync(() => Volunteers.CreateAsync(NewVolunteer() with { WorkUnit = " " }), ErrorCodes.TextRequired, ErrorKind.Validation);

    [Fact]
    public async Task Create_InAnUnknownCommunity_IsRejected() =>
        await AssertRejectedAsync(() => Volunteers.CreateAsync(NewVolunteer() with { CommunityId = UnknownId }), ErrorCodes.CommunityNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Create_InAnUnknownTeam_IsRejected() =>
        await AssertRejectedAsync(() => Volunteers.CreateAsync(NewVolunteer() with { TeamIds = [UnknownId] }), ErrorCodes.TeamNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Update_AnUnknownVolunteer_IsNotFound() =>
        await AssertRejectedAsync(() => Volunteers.UpdateAsync(UnknownId, NewVolunteer()), ErrorCodes.VolunteerNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Search_PagesAndFiltersInTheDatabase()
    {
        var page = await Volunteers.SearchAsync(new VolunteerQuery { Search = "志愿者1", PageSize = 5, Page = 1 });

        Assert.Equal(11, page.TotalCount);
        Assert.Equal(5, page.Items.Count);
        Assert.All(page.Items, v => Assert.StartsWith("志愿者1", v.Name));
    }
}

public sealed class VolunteerAdminServiceTests_PostgreSQL : VolunteerAdminServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
