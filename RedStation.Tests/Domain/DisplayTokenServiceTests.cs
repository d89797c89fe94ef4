using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class DisplayTokenServiceTests : DomainTestBase
{
    private static readonly Actor Admin = new(ActorKind.Person, "user-1", "admin") { IsAdministrator = true };

    [Theory]
    [InlineData("all")]
    [InlineData("district:1")]
    [InlineData("station:1")]
    public async Task Create_WithAKnownScope_ReturnsTheTokenOnce_AndStoresOnlyItsHash(string scope)
    {
        CreatedDisplayToken created;
        using (ActorContext.Begin(Admin))
        {
            created = AssertSucceeded(await Service<DisplayTokenService>().CreateAsync("大厅大屏", scope));
        }

        Assert.StartsWith("rsd_", created.Secret);
        await using var db = await Database.CreateContextAsync();
        var stored = await db.DisplayTokens.SingleAsync();
        Assert.Equal(("大厅大屏", scope, "admin"), (stored.Name, stored.Scope, stored.CreatedBy));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Secret)), stored.Hash);
        Assert.StartsWith(stored.Prefix, created.Secret);
    }

    [Fact]
    public async Task Create_IsAudited_WithTheActor_AndNeverTheHash()
    {
        CreatedDisplayToken created;
        using (ActorContext.Begin(Admin))
        {
            created = AssertSucceeded(await Service<DisplayTokenService>().CreateAsync("hall", "all"));
        }

        await using var db = await Database.CreateContextAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(DisplayToken));
        Assert.Equal((ActorKind.Person, "user-1", AuditChange.Added), (entry.ActorKind, entry.ActorId, entry.Change));
        Assert.DoesNotContain(Convert.ToBase64String(created.Token.Hash), entry.After);
        Assert.DoesNotContain(created.Secret, entry.After);
        Assert.Contains("\"Hash\":\"***\"", entry.After);
    }

    [Theory]
    [InlineData("", "all", ErrorCodes.TextRequired, ErrorKind.Validation)]
    [InlineData("hall", "", ErrorCodes.DisplayScopeInvalid, ErrorKind.Validation)]
    [InlineData("hall", "city", ErrorCodes.DisplayScopeInvalid, ErrorKind.Validation)]
    [InlineData("hall", "district:", ErrorCodes.DisplayScopeInvalid, ErrorKind.Validation)]
    [InlineData("hall", "station:-1", ErrorCodes.DisplayScopeInvalid, ErrorKind.Validation)]
    [InlineData("hall", "district:9999", ErrorCodes.DistrictNotFound, ErrorKind.NotFound)]
    [InlineData("hall", "station:9999", ErrorCodes.StationNotFound, ErrorKind.NotFound)]
    public async Task Create_WithoutANameOrAKnownScope_IsRejected(string name, string scope, string code, ErrorKind kind) =>
        await AssertRejectedAsync(() => Service<DisplayTokenService>().CreateAsync(name, scope), code, kind);

    [Fact]
    public async Task Create_WithANameTooLong_IsRejected() =>
        await AssertRejectedAsync(() => Service<DisplayTokenService>().CreateAsync(new string('屏', 65), "all"), ErrorCodes.TextTooLong, ErrorKind.Validation);

    [Fact]
    public async Task Revoke_RecordsWhoAndWhen_OnceOnly()
    {
        var service = Service<DisplayTokenService>();
        var created = AssertSucceeded(await service.CreateAsync("hall", $"district:{DistrictId}"));

        using (ActorContext.Begin(Admin))
        {
            AssertSucceeded(await service.RevokeAsync(created.Token.Id));
        }

        var token = Assert.Single(await service.ListAsync());
        Assert.Equal(("admin", Database.Time.GetUtcNow().UtcDateTime), (token.RevokedBy, token.RevokedAt));
        Assert.Empty(await service.ListActiveAsync());
        await AssertRejectedAsync(() => service.RevokeAsync(created.Token.Id), ErrorCodes.DisplayTokenAlreadyRevoked, ErrorKind.Conflict);
        await AssertRejectedAsync(() => service.RevokeAsync(UnknownId), ErrorCodes.DisplayTokenNotFound, ErrorKind.NotFound);
    }

    [Fact]
    public async Task Refusals_SpeakTheCallersLanguage()
    {
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");
            var zh = await Service<DisplayTokenService>().CreateAsync("hall", "district:9999");
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
            var en = await Service<DisplayTokenService>().CreateAsync("hall", "district:9999");

            Assert.Equal("不存在编号为 9999 的区县。", zh.Error!.Message);
            Assert.Equal("There is no district 9999.", en.Error!.Message);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }
}

public sealed class DisplayTokenServiceTests_PostgreSQL : DisplayTokenServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
