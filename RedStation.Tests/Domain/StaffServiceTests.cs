using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class StaffServiceTests : DomainTestBase
{
    private const string Password = "a-long-enough-password";
    private static readonly Actor Admin = new(ActorKind.Person, "admin-id", "chief") { IsAdministrator = true };

    private StaffService Staff => Service<StaffService>();

    [Fact]
    public async Task Create_DutyStaff_PersistsTheAccountRolesAndStations_WithAHashThatVerifies()
    {
        var person = AssertSucceeded(await Staff.CreateAsync(Duty("lin.fang", OpenStationId, SecondOpenStationId)));

        await using var db = await Database.CreateContextAsync();
        var user = await db.Users.SingleAsync(u => u.Id == person.Id);
        Assert.Equal(("lin.fang", "LIN.FANG", "林芳"), (user.UserName, user.NormalizedUserName, user.DisplayName));
        Assert.False(string.IsNullOrEmpty(user.SecurityStamp));
        Assert.True(user.LockoutEnabled);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<StaffUser>().VerifyHashedPassword(user, user.PasswordHash!, Password));
        var roles = await db.UserRoles.Where(ur => ur.UserId == person.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToListAsync();
        Assert.Equal([StaffRoles.DutyStaff], roles);
        Assert.Equal([OpenStationId, SecondOpenStationId], await db.StaffStations.Where(s => s.UserId == person.Id).Select(s => s.StationId).OrderBy(id => id).ToListAsync());
        Assert.Equal([OpenStationId, SecondOpenStationId], person.Stations.Select(s => s.Id));
    }

    [Fact]
    public async Task Create_IsAuditedAsTheAdministrator_WithoutThePasswordHash()
    {
        PersonRow person;
        using (ActorContext.Begin(Admin))
        {
            person = AssertSucceeded(await Staff.CreateAsync(Duty("lin.fang", OpenStationId)));
        }

        await using var db = await Database.CreateContextAsync();
        var hash = (await db.Users.SingleAsync(u => u.Id == person.Id)).PasswordHash!;
        var entries = await db.AuditEntries.ToListAsync();
        Assert.Contains(entries, e => e.Entity == nameof(StaffUser) && e.EntityKey == person.Id && e.Change == AuditChange.Added);
        Assert.Contains(entries, e => e.Entity == nameof(StaffStation) && e.StationId == OpenStationId);
        Assert.All(entries, e => Assert.Equal(("admin-id", "chief"), (e.ActorId, e.ActorName)));
        Assert.All(entries, e => Assert.DoesNotContain(hash, e.After ?? string.Empty));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("<script>")]
    [InlineData("张三")]
    public async Task Create_WithAnInvalidUserName_IsRejected(string userName) =>
        await AssertRejectedAsync(() => Staff.CreateAsync(Organiser(userName)), ErrorCodes.UserNameInvalid, ErrorKind.Validation);

    [Fact]
    public async Task Create_WithATakenUserName_InAnyCase_IsRejected()
    {
        AssertSucceeded(await Staff.CreateAsync(Organiser("zhou.min")));

        await AssertRejectedAsync(() => Staff.CreateAsync(Organiser("Zhou.Min")), ErrorCodes.UserNameTaken, ErrorKind.Conflict);
    }

    [Theory]
    [InlineData("short-pw", ErrorCodes.PasswordTooShort)]
    [InlineData("aaaaaaaaaabbb", ErrorCodes.PasswordTooFewUniqueChars)]
    public async Task Create_WithAPasswordBelowThePolicy_IsRejectedWithTheRule(string password, string code)
    {
        var error = await AssertRejectedAsync(() => Staff.CreateAsync(Organiser("zhou.min") with { Password = password }), code, ErrorKind.Validation);

        Assert.Contains(code == ErrorCodes.PasswordTooShort ? "10" : "4", error.Message);
    }

    [Fact]
    public async Task Create_DutyStaffWithoutStation_IsRejected() =>
        await AssertRejectedAsync(() => Staff.CreateAsync(Duty("lin.fang")), ErrorCodes.DutyStaffNeedsStation, ErrorKind.Validation);

    [Fact]
    public async Task Create_DutyStaffAtAnUnknownStation_IsRejected() =>
        await AssertRejectedAsync(() => Staff.CreateAsync(Duty("lin.fang", OpenStationId, UnknownId)), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Create_WithTheDisplayRole_IsRejected_DisplaysUseTokens() =>
        await AssertRejectedAsync(() => Staff.CreateAsync(Organiser("screen-1") with { Roles = [StaffRoles.Display] }), ErrorCodes.RoleNotAssignable, ErrorKind.Validation);

    [Fact]
    public async Task Create_WithNoRoleOrAnUnknownRole_IsRejected()
    {
        await AssertRejectedAsync(() => Staff.CreateAsync(Organiser("zhou.min") with { Roles = [] }), ErrorCodes.RoleRequired, ErrorKind.Validation);
        await AssertRejectedAsync(() => Staff.CreateAsync(Organiser("zhou.min") with { Roles = ["Emperor"] }), ErrorCodes.RoleUnknown, ErrorKind.Validation);
    }

    [Fact]
    public async Task Create_WithoutDisplayName_IsRejected() =>
        await AssertRejectedAsync(() => Staff.CreateAsync(Organiser("zhou.min") with { DisplayName = " " }), ErrorCodes.TextRequired, ErrorKind.Validation);

    [Fact]
    public async Task Update_ChangesRolesStationsAndName_AndRenewsTheSecurityStamp()
    {
        var person = AssertSucceeded(await Staff.CreateAsync(Duty("lin.fang", OpenStationId)));
        var stamp = await StampAsync(person.Id);

        var updated = AssertSucceeded(await Staff.UpdateAsync(person.Id, new PersonChange("林芳芳", [StaffRoles.DutyStaff, StaffRoles.Organiser], [SecondOpenStationId])));

        Assert.Equal([StaffRoles.Organiser, StaffRoles.DutyStaff], updated.Roles);
        var found = (await Service<PeopleDirectory>().FindAsync(person.Id))!;
        Assert.Equal("林芳芳", found.DisplayName);
        Assert.Equal([StaffRoles.Organiser, StaffRoles.DutyStaff], found.Roles);
        Assert.Equal([SecondOpenStationId], found.Stations.Select(s => s.Id));
        Assert.NotEqual(stamp, await StampAsync(person.Id));
    }

    [Fact]
    public async Task Update_OfTheDisplayNameAlone_KeepsTheSessions()
    {
        var person = AssertSucceeded(await Staff.CreateAsync(Duty("lin.fang", OpenStationId)));
        var stamp = await StampAsync(person.Id);

        AssertSucceeded(await Staff.UpdateAsync(person.Id, new PersonChange("林 芳", [StaffRoles.DutyStaff], [OpenStationId])));

        Assert.Equal(stamp, await StampAsync(person.Id));
    }

    [Fact]
    public async Task SignInChanges_RaiseALivePersonSettingChanged_SoEveryServersCircuitsRecheck_ButANameAloneDoesNot()
    {
        await Service<LiveFeed>().RebuildAsync(Service<DomainWriter>());
        var raised = 0;
        using var subscription = Service<LiveFeed>().Subscribe(events => raised += events.Count(e => e is SettingChanged { Kind: SettingKind.Person }));
        var person = AssertSucceeded(await Staff.CreateAsync(Duty("lin.fang", OpenStationId)));
        Assert.Equal(1, raised);

        AssertSucceeded(await Staff.UpdateAsync(person.Id, new PersonChange("林 芳", [StaffRoles.DutyStaff], [OpenStationId])));
        Assert.Equal(1, raised);

        AssertSucceeded(await Staff.UpdateAsync(person.Id, new PersonChange("林 芳", [StaffRoles.DutyStaff], [SecondOpenStationId])));
        AssertSucceeded(await Staff.LockAsync(person.Id));
        Assert.Equal(3, raised);
    }

    [Fact]
    public async Task Update_OfAnUnknownPerson_IsRejected() =>
        await AssertRejectedAsync(() => Staff.UpdateAsync("nobody", new PersonChange("x", [StaffRoles.Organiser], [])), ErrorCodes.PersonNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Update_TakingAwayTheLastAdministratorsRole_IsRejected()
    {
        var admin = AssertSucceeded(await Staff.CreateAsync(Organiser("chief") with { Roles = [StaffRoles.Administrator] }));

        await AssertRejectedAsync(() => Staff.UpdateAsync(admin.Id, new PersonChange("Chief", [StaffRoles.Organiser], [])), ErrorCodes.LastAdministrator, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Update_TakingAwayAnAdministratorsRole_IsAllowedWhileAnotherCanSignIn()
    {
        var first = AssertSucceeded(await Staff.CreateAsync(Organiser("chief") with { Roles = [StaffRoles.Administrator] }));
        AssertSucceeded(await Staff.CreateAsync(Organiser("deputy") with { Roles = [StaffRoles.Administrator] }));

        var updated = AssertSucceeded(await Staff.UpdateAsync(first.Id, new PersonChange("Chief", [StaffRoles.Organiser], [])));

        Assert.Equal([StaffRoles.Organiser], updated.Roles);
    }

    [Fact]
    public async Task Lock_OfTheLastAdministrator_IsRejected_EvenWhenAnotherAdministratorIsLocked()
    {
        var chief = AssertSucceeded(await Staff.CreateAsync(Organiser("chief") with { Roles = [StaffRoles.Administrator] }));
        var deputy = AssertSucceeded(await Staff.CreateAsync(Organiser("deputy") with { Roles = [StaffRoles.Administrator] }));
        AssertSucceeded(await Staff.LockAsync(deputy.Id));

        // The chief locking themselves: the only administrator left who can sign in.
        using (ActorContext.Begin(new Actor(ActorKind.Person, chief.Id, "chief") { IsAdministrator = true }))
        {
            await AssertRejectedAsync(() => Staff.LockAsync(chief.Id), ErrorCodes.LastAdministrator, ErrorKind.Conflict);
        }

        await AssertRejectedAsync(() => Staff.UpdateAsync(chief.Id, new PersonChange("Chief", [StaffRoles.Organiser], [])), ErrorCodes.LastAdministrator, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Lock_DisablesThePerson_AndUnlockRestoresThem_EachWithANewStamp()
    {
        var person = AssertSucceeded(await Staff.CreateAsync(Organiser("zhou.min")));
        var stamp = await StampAsync(person.Id);

        var locked = AssertSucceeded(await Staff.LockAsync(person.Id));

        Assert.True(locked.IsDisabled);
        Assert.True(locked.IsLocked(Database.Time.GetUtcNow()));
        var lockedStamp = await StampAsync(person.Id);
        Assert.NotEqual(stamp, lockedStamp);
        await AssertRejectedAsync(() => Staff.LockAsync(person.Id), ErrorCodes.PersonAlreadyLocked, ErrorKind.Conflict);

        var unlocked = AssertSucceeded(await Staff.UnlockAsync(person.Id));

        Assert.False(unlocked.IsLocked(Database.Time.GetUtcNow()));
        Assert.NotEqual(lockedStamp, await StampAsync(person.Id));
        await AssertRejectedAsync(() => Staff.UnlockAsync(person.Id), ErrorCodes.PersonNotLocked, ErrorKind.Conflict);
    }

    [Fact]
    public async Task ResetPassword_ChangesTheHashAndStamp_AndItsAuditEntryNeverHoldsTheHash()
    {
        var person = AssertSucceeded(await Staff.CreateAsync(Organiser("zhou.min")));
        var stamp = await StampAsync(person.Id);

        AssertSucceeded(await Staff.ResetPasswordAsync(person.Id, "another-long-password"));

        await using var db = await Database.CreateContextAsync();
        var user = await db.Users.SingleAsync(u => u.Id == person.Id);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<StaffUser>().VerifyHashedPassword(user, user.PasswordHash!, "another-long-password"));
        Assert.NotEqual(stamp, user.SecurityStamp);
        var reset = await db.AuditEntries.Where(a => a.Entity == nameof(StaffUser) && a.Change == AuditChange.Modified).SingleAsync();
        Assert.Contains("\"PasswordHash\":\"***\"", reset.After);
        Assert.Contains("\"PasswordHash\":\"***\"", reset.Before);
        Assert.DoesNotContain(user.PasswordHash!, reset.After);
        Assert.DoesNotContain(user.SecurityStamp!, reset.After);
    }

    [Fact]
    public async Task ResetPassword_BelowThePolicy_IsRejected()
    {
        var person = AssertSucceeded(await Staff.CreateAsync(Organiser("zhou.min")));

        await AssertRejectedAsync(() => Staff.ResetPasswordAsync(person.Id, "123456789"), ErrorCodes.PasswordTooShort, ErrorKind.Validation);
    }

    [Theory]
    [InlineData("zh-CN", "至少选择一个角色")]
    [InlineData("en", "at least one role")]
    public async Task Refusals_SpeakTheCallersLanguage(string culture, string expected)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var result = await Staff.CreateAsync(Organiser("zhou.min") with { Roles = [] });

            Assert.Contains(expected, result.Error!.Message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task Directory_SearchesByNameAndFiltersByRole_ShowingStationsAndLockedState()
    {
        AssertSucceeded(await Staff.CreateAsync(Duty("lin.fang", OpenStationId)));
        var zhou = AssertSucceeded(await Staff.CreateAsync(Organiser("zhou.min") with { DisplayName = "周敏" }));
        AssertSucceeded(await Staff.LockAsync(zhou.Id));
        var directory = Service<PeopleDirectory>();

        Assert.Equal(["lin.fang", "zhou.min"], (await directory.SearchAsync(new PeopleQuery())).Select(p => p.UserName));
        Assert.Equal(["zhou.min"], (await directory.SearchAsync(new PeopleQuery { Search = "周" })).Select(p => p.UserName));
        Assert.Equal(["lin.fang"], (await directory.SearchAsync(new PeopleQuery { Search = "LIN" })).Select(p => p.UserName));
        var duty = Assert.Single(await directory.SearchAsync(new PeopleQuery { Role = StaffRoles.DutyStaff }));
        Assert.Equal([OpenStationId], duty.Stations.Select(s => s.Id));
        Assert.NotNull(duty.LastChangedAt);
        Assert.True((await directory.FindAsync(zhou.Id))!.IsDisabled);
    }

    private static NewPerson Duty(string userName, params int[] stations) =>
        new(userName, "林芳", Password, [StaffRoles.DutyStaff], stations);

    private static NewPerson Organiser(string userName) =>
        new(userName, userName, Password, [StaffRoles.Organiser], []);

    private async Task<string?> StampAsync(string userId)
    {
        await using var db = await Database.CreateContextAsync();
        return (await db.Users.SingleAsync(u => u.Id == userId)).SecurityStamp;
    }
}

public sealed class StaffServiceTests_PostgreSQL : StaffServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
