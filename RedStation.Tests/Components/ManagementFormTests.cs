using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RedStation.Dashboard.Features.Management;
using RedStation.Data;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>The management forms show the domain's refusals under the field at fault, in the user's language, and keep what was typed.</summary>
public sealed class ManagementFormTests : DashboardTestContext
{
    private static readonly TimeSpan WriteTimeout = WaitTimeout;

    [Fact]
    public async Task StationDialog_WithCapacityOutOfRange_ShowsTheMessageUnderCapacity_AndWritesNothing()
    {
        var before = await CapacitiesAsync();
        var cut = Render<ManageStationsPage>("zh-CN");
        cut.WaitForElement("[data-testid=station-edit]").Click();

        cut.WaitForElement("[data-testid=station-capacity]").Change("0");
        cut.Find("[data-testid=station-save]").Click();

        cut.WaitForAssertion(
            () =>
            {
                Assert.Contains("容量须在 1 到 2000 人之间", cut.Find("[data-testid=station-dialog]").TextContent);
                Assert.NotEmpty(cut.FindAll("[data-testid=station-dialog] .mud-input-error"));
            },
            WriteTimeout);
        Assert.Equal(before, await CapacitiesAsync());
    }

    [Fact]
    public void StationDialog_WithATakenCode_SaysSoInEnglish()
    {
        var cut = Render<ManageStationsPage>("en");
        cut.WaitForElement("[data-testid=station-create]").Click();

        cut.WaitForElement("[data-testid=station-code]").Change(StationCodeOfFirst());
        cut.Find("[data-testid=station-name]").Change("A new station");
        cut.Find("[data-testid=station-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("is already taken", cut.Find("[data-testid=station-dialog]").TextContent), WriteTimeout);
    }

    [Fact]
    public void VolunteerDialog_WithAMalformedPhone_ShowsTheMessageUnderPhone()
    {
        var cut = Render<ManageVolunteersPage>("zh-CN");
        cut.WaitForElement("[data-testid=volunteer-create]").Click();

        cut.WaitForElement("[data-testid=volunteer-name]").Change("张晓明");
        cut.Find("[data-testid=volunteer-phone]").Change("12345");
        cut.Find("[data-testid=volunteer-member]").Change("NDDY990001");
        cut.Find("[data-testid=volunteer-unit]").Change("宁德市民政局");
        cut.Find("[data-testid=volunteer-save]").Click();

        cut.WaitForAssertion(
            () =>
            {
                Assert.Contains("手机号“12345”格式不正确", cut.Find("[data-testid=volunteer-dialog]").TextContent);
                Assert.Equal("张晓明", cut.Find("[data-testid=volunteer-name]").GetAttribute("value"));
            },
            WriteTimeout);
    }

    [Fact]
    public async Task TeamDialog_WithARightToLeftOverrideInTheName_ShowsTheMessageUnderTheName_AndWritesNothing()
    {
        var before = await TeamCountAsync();
        var cut = Render<ManageTeamsPage>("zh-CN");
        cut.WaitForElement("[data-testid=team-create]").Click();

        cut.WaitForElement("[data-testid=team-name]").Change("交通\u202E劝导队");
        cut.Find("[data-testid=team-name-en]").Change("Traffic team");
        cut.Find("[data-testid=team-save]").Click();

        cut.WaitForAssertion(
            () =>
            {
                var dialog = cut.Find("[data-testid=team-dialog]");
                Assert.Contains("队伍名称含有不允许的字符（U+202E", dialog.TextContent);
                Assert.NotEmpty(dialog.QuerySelectorAll(".mud-input-error"));
            },
            WriteTimeout);
        Assert.Equal(before, await TeamCountAsync());
    }

    [Fact]
    public void ActivityTypeDialog_WithAMalformedCode_ShowsTheMessageUnderTheCode()
    {
        var cut = Render<ManageActivityTypesPage>("en");
        cut.WaitForElement("[data-testid=activity-type-create]").Click();

        cut.WaitForElement("[data-testid=activity-type-code]").Change("<script>");
        cut.Find("[data-testid=activity-type-name]").Change("新类型");
        cut.Find("[data-testid=activity-type-name-en]").Change("New type");
        cut.Find("[data-testid=activity-type-save]").Click();

        cut.WaitForAssertion(
            () =>
            {
                var dialog = cut.Find("[data-testid=activity-type-dialog]");
                Assert.Contains("lower-case letters, digits and hyphens", dialog.TextContent);
                Assert.NotEmpty(dialog.QuerySelectorAll(".mud-input-error"));
            },
            WriteTimeout);
    }

    private async Task<int> TeamCountAsync()
    {
        await using var db = await Database.Get<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        return await db.Teams.CountAsync();
    }

    private string StationCodeOfFirst()
    {
        using var db = Database.Get<IDbContextFactory<RedStationDbContext>>().CreateDbContext();
        return db.Stations.OrderBy(s => s.Code).First().Code;
    }

    private async Task<List<int>> CapacitiesAsync()
    {
        await using var db = await Database.Get<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        return await db.Stations.OrderBy(s => s.Id).Select(s => s.Capacity).ToListAsync();
    }

    private IRenderedComponent<IComponent> Render<TPage>(string culture) where TPage : IComponent
    {
        UseCulture(culture);
        Services.AddSingleton(Database.Get<StationAdminService>());
        Services.AddSingleton(Database.Get<VolunteerAdminService>());
        Services.AddSingleton(Database.Get<CatalogService>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(3);
            builder.CloseComponent();
        });
    }
}
