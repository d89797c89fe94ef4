using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain.Management;

/// <summary>The network import's staff sheet: accounts through StaffService's rules, initial passwords shown once.</summary>
public class NetworkImportStaffTests : DomainTestBase
{
    private const string Header = "用户名,显示名称,角色,站点编号";

    private NetworkImportService Import => Service<NetworkImportService>();

    private static MemoryStream Csv(params string[] rows) => new(Encoding.UTF8.GetBytes(string.Join('\n', [Header, .. rows])));

    private async Task<NetworkImportOutcome> ImportAsync(Stream file)
    {
        var preview = AssertSucceeded(await Import.ReadAsync(file, "staff.csv", NetworkSheet.Staff));
        Assert.True(preview.InvalidCount == 0, string.Join("; ", preview.Rows.SelectMany(r => r.Errors)));
        return AssertSucceeded(await Import.ImportAsync(preview, skipInvalidRows: false));
    }

    [Fact]
    public async Task NewUserNames_GetAccounts_WithGeneratedPasswordsShownOnce_AndStoredHashedOnly()
    {
        var outcome = await ImportAsync(Csv("lin.fang,林芳,值班员,ND-JC-001、ND-JC-002", "zhou.min,周敏,组织者；管理员,", "chen.jie,陈杰,DutyStaff|Organiser,nd-jc-002"));

        Assert.Equal((3, 0, 0), (outcome.Created, outcome.Updated, outcome.Skipped));
        Assert.Equal(["lin.fang", "zhou.min", "chen.jie"], outcome.InitialPasswords.Select(p => p.UserName));
        Assert.Equal(3, outcome.InitialPasswords.Select(p => p.Password).Distinct().Count());
        await using var db = await Database.CreateContextAsync();
        var hasher = Database.Get<IPasswordHasher<StaffUser>>();
        var people = await Service<PeopleDirectory>().SearchAsync(new PeopleQuery());
        foreach (var initial in outcome.InitialPasswords)
        {
            Assert.Null(Service<StaffService>().CheckPassword(initial.Password));
            Assert.DoesNotContain(initial.Password, initial.ToString(), StringComparison.Ordinal);
            var user = await db.Users.SingleAsync(u => u.UserName == initial.UserName);
            Assert.NotEqual(initial.Password, user.PasswordHash);
            Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, user.PasswordHash!, initial.Password));
            Assert.False(await db.AuditEntries.AnyAsync(a => (a.After != null && a.After.Contains(initial.Password)) || (a.Before != null && a.Before.Contains(initial.Password))), "a password reached the audit");
        }

        var lin = people.Single(p => p.UserName == "lin.fang");
        Assert.Equal("林芳", lin.DisplayName);
        Assert.Equal([StaffRoles.DutyStaff], lin.Roles);
        Assert.Equal(["ND-JC-001", "ND-JC-002"], lin.Stations.Select(s => s.Code));
        Assert.Equal([StaffRoles.Administrator, StaffRoles.Organiser], people.Single(p => p.UserName == "zhou.min").Roles);
        Assert.Equal(["ND-JC-002"], people.Single(p => p.UserName == "chen.jie").Stations.Select(s => s.Code));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(StaffUser) && a.Change == AuditChange.Added));
    }

    [Fact]
    public async Task AnExistingUserName_UpdatesNameRolesAndStations_AndKeepsItsPassword()
    {
        var first = await ImportAsync(Csv("lin.fang,林芳,值班员,ND-JC-001"));
        var password = Assert.Single(first.InitialPasswords).Password;
        await using (var db = await Database.CreateContextAsync())
        {
            Assert.NotNull(await db.Users.SingleAsync(u => u.UserName == "lin.fang"));
        }

        var again = AssertSucceeded(await Import.ReadAsync(Csv("LIN.FANG,林芳芳,组织者、值班员,ND-JC-002"), "staff.csv", NetworkSheet.Staff));
        Assert.True(again.Rows.Single().IsUpdate);
        var outcome = AssertSucceeded(await Import.ImportAsync(again, skipInvalidRows: false));

        Assert.Equal((0, 1), (outcome.Created, outcome.Updated));
        Assert.Empty(outcome.InitialPasswords);
        var person = Assert.Single(await Service<PeopleDirectory>().SearchAsync(new PeopleQuery()), p => p.UserName == "lin.fang");
        Assert.Equal("林芳芳", person.DisplayName);
        Assert.Equal([StaffRoles.Organiser, StaffRoles.DutyStaff], person.Roles);
        Assert.Equal(["ND-JC-002"], person.Stations.Select(s => s.Code));
        await using var check = await Database.CreateContextAsync();
        var user = await check.Users.SingleAsync(u => u.UserName == "lin.fang");
        Assert.Equal(PasswordVerificationResult.Success, Database.Get<IPasswordHasher<StaffUser>>().VerifyHashedPassword(user, user.PasswordHash!, password));
    }

    [Fact]
    public async Task BadRows_AreNamedByColumn_AndAllOrNothingWritesNothing()
    {
        using var culture = new CultureSwitch("zh-CN");
        var preview = AssertSucceeded(await Import.ReadAsync(Csv(
            "good.one,好人,组织者,",
            "bad.role,坏角色,园长,",
            "no.station,没站点,值班员,ND-XX-999",
            "good.one,重复,组织者,",
            "duty.none,无站点值班员,值班员,",
            "大屏,中文名,组织者,",
            "wall.screen,大屏,Display,"), "staff.csv", NetworkSheet.Staff));

        Assert.Equal((1, 6), (preview.ValidCount, preview.InvalidCount));
        string Problem(int row) => Assert.Single(preview.Rows.Single(r => r.RowNumber == row).Errors);
        Assert.StartsWith("角色：", Problem(3), StringComparison.Ordinal);
        Assert.Contains("园长", Problem(3), StringComparison.Ordinal);
        Assert.StartsWith("站点编号：", Problem(4), StringComparison.Ordinal);
        Assert.Contains("ND-XX-999", Problem(4), StringComparison.Ordinal);
        Assert.StartsWith("用户名：", Problem(5), StringComparison.Ordinal);
        Assert.Contains("第 2 行", Problem(5), StringComparison.Ordinal);
        Assert.StartsWith("站点编号：", Problem(6), StringComparison.Ordinal);
        Assert.StartsWith("用户名：", Problem(7), StringComparison.Ordinal);
        Assert.StartsWith("角色：", Problem(8), StringComparison.Ordinal);

        var before = await DatabaseSnapshot.TakeAsync(Database);
        Assert.Equal(ErrorCodes.ImportHasErrors, (await Import.ImportAsync(preview, skipInvalidRows: false)).Error?.Code);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));

        var outcome = AssertSucceeded(await Import.ImportAsync(preview, skipInvalidRows: true));
        Assert.Equal((1, 0, 6), (outcome.Created, outcome.Updated, outcome.Skipped));
        Assert.Equal(["good.one"], outcome.InitialPasswords.Select(p => p.UserName));
    }

    [Fact]
    public async Task AnOrganiser_MayNotImportStaff()
    {
        var preview = AssertSucceeded(await Import.ReadAsync(Csv("lin.fang,林芳,组织者,"), "staff.csv", NetworkSheet.Staff));
        using var organiser = ActorContext.Begin(new Actor(ActorKind.Person, "organiser-id", "organiser"));

        Assert.Equal(ErrorCodes.AdministratorRequired, (await Import.ReadAsync(Csv("lin.fang,林芳,组织者,"), "staff.csv", NetworkSheet.Staff)).Error?.Code);
        var before = await DatabaseSnapshot.TakeAsync(Database);
        Assert.Equal(ErrorCodes.AdministratorRequired, (await Import.ImportAsync(preview, skipInvalidRows: false)).Error?.Code);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(Database));
    }

    [Fact]
    public async Task ThePasswordsCsv_ListsEachUserWithTheirPassword()
    {
        var csv = Encoding.UTF8.GetString(InitialPassword.Csv([new InitialPassword("lin.fang", "Abcd-Efgh-2345-Jkmn")]));

        Assert.Equal(["用户名,初始密码", "lin.fang,Abcd-Efgh-2345-Jkmn"], csv.TrimStart('\uFEFF').Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Sets the UI culture for a test's messages, and puts the previous one back.</summary>
    private sealed class CultureSwitch : IDisposable
    {
        private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

        public CultureSwitch(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = _previous;
    }
}
