using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RedStation.Dashboard.Security;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Tests.Web;

namespace RedStation.Tests.Security;

/// <summary>The demo accounts of appsettings.Development.json, created beside the demo network.</summary>
public sealed class DemoAccountTests(SeededAppFixture fixture) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task DemoNetwork_InDevelopment_HasOneAccountPerRole_AndDutyStaffAtTheFirstTwoOpenRedStations()
    {
        using var scope = fixture.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByNameAsync("organiser"))!, StaffRoles.Organiser));
        var duty = (await users.FindByNameAsync("duty"))!;
        Assert.True(await users.IsInRoleAsync(duty, StaffRoles.DutyStaff));

        await using var db = await fixture.Service<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        var expected = await db.Stations
            .Where(s => s.Status == StationStatus.Open && s.Kind != StationKind.SharedVenue)
            .OrderBy(s => s.Code).Select(s => s.Id).Take(2).ToListAsync();
        var assigned = await db.StaffStations.Where(s => s.UserId == duty.Id).Select(s => s.StationId).OrderBy(id => id).ToListAsync();
        Assert.Equal(expected.Order(), assigned);
    }

    [Fact]
    public async Task DemoDutyAccount_SignsInWithItsConfiguredPassword()
    {
        var password = fixture.Service<IOptions<SecurityOptions>>().Value.DemoAccounts["duty"].Password!;
        using var client = SecurityFixture.CreateClient(fixture.ServerAddress);

        using var response = await SecurityFixture.PostSignInAsync(client, "duty", password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
