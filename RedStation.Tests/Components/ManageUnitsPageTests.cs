using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RedStation.Dashboard.Features.Management;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>The units page (驻区单位): the "nothing yet" state pointing to the import, and the list with kind, community and venues.</summary>
public sealed class ManageUnitsPageTests : DashboardTestContext
{
    [Fact]
    public void InChinese_WithNoUnits_ThePageSaysSo_AndLinksToTheUnitsImport()
    {
        var cut = RenderPage("zh-CN");

        var empty = cut.Find("[data-testid=units-empty]");
        Assert.Contains("还没有驻区单位", WebUtility.HtmlDecode(empty.TextContent));
        Assert.Equal("manage/import?sheet=units", cut.Find("[data-testid=units-empty-action]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=unit-table]"));
    }

    [Fact]
    public async Task InEnglish_TheUnitsAreListed_WithKindCommunityAndTheVenuesTheyOpen()
    {
        var units = Database.Get<UnitService>();
        var factory = Database.Get<IDbContextFactory<RedStationDbContext>>();
        int communityId, venueId;
        string venueName;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var venue = await db.Stations.Include(s => s.Community).OrderBy(s => s.Id).FirstAsync();
            (communityId, venueId, venueName) = (venue.CommunityId, venue.Id, venue.Name);
        }

        var hospital = AssertSucceeded(await units.CreateAsync(new UnitInput
        {
            Code = "U-JC-001", Name = "宁德市医院", NameEn = "Ningde Municipal Hospital", Kind = UnitKind.PublicInstitution, CommunityId = communityId,
        }));
        AssertSucceeded(await units.CreateAsync(new UnitInput { Code = "U-JC-002", Name = "国网宁德供电公司", Kind = UnitKind.Enterprise, CommunityId = communityId }));
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Stations.Where(s => s.Id == venueId).ExecuteUpdateAsync(s => s.SetProperty(x => x.UnitId, hospital.Id));
        }

        var cut = RenderPage("en");

        Assert.Empty(cut.FindAll("[data-testid=units-empty]"));
        var rows = cut.FindAll("[data-testid=unit-table] tbody tr");
        Assert.Equal(2, rows.Count);
        var first = WebUtility.HtmlDecode(rows[0].TextContent);
        Assert.Contains("U-JC-001", first);
        Assert.Contains("宁德市医院", first);
        Assert.Contains("Public institution", first);
        Assert.Contains(venueName, first);
        Assert.Equal(["1", "0"], cut.FindAll("[data-testid=unit-venue-count]").Select(c => c.TextContent.Trim()));
        Assert.Contains("Enterprise", WebUtility.HtmlDecode(rows[1].TextContent));
        Assert.Contains("None yet", rows[1].TextContent);
        Assert.Equal("Units: 2 · venues they open: 1", WebUtility.HtmlDecode(cut.Find("[data-testid=unit-summary]").TextContent).Trim());
    }

    private IRenderedComponent<IComponent> RenderPage(string culture)
    {
        UseCulture(culture);
        Services.AddSingleton(Database.Get<UnitService>());
        Services.AddSingleton(Database.Get<StationAdminService>());
        var auth = AddAuthorization();
        auth.SetAuthorized("organiser");
        auth.SetRoles(StaffRoles.Organiser);
        UseInteractiveRenderer();
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<ManageUnitsPage>(2);
            builder.CloseComponent();
        });
    }

    private static T AssertSucceeded<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }
}
