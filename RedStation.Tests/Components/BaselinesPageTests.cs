using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RedStation.Dashboard.Features.Admin;
using RedStation.Dashboard.Features.WallDisplay;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Tests.Components;

/// <summary>The historical baselines page: the form in both languages, the domain's refusals under the field, the studios' baselines.</summary>
public sealed class BaselinesPageTests : DashboardTestContext
{
    private static readonly TimeSpan WriteTimeout = WaitTimeout;

    [Fact]
    public async Task InChinese_TheFormSaysThereIsNoBaselineYet_AndSavingItStoresTheFigures()
    {
        var cut = RenderPage("zh-CN");

        Assert.Contains("历史基数", cut.Find("h1").TextContent);
        Assert.Contains("尚未录入基数", cut.Find("[data-testid=baseline-none]").TextContent);
        Assert.Contains("认领微心愿", cut.Find("[data-testid=baseline-form]").TextContent);
        Assert.Contains("党员志愿者认领的群众微心愿数", cut.Find("[data-testid=baseline-form]").TextContent);
        cut.Find("[data-testid=baseline-start]").Change("2020-07-01");
        cut.Find("[data-testid=baseline-as-of]").Change("2022-06-30");
        cut.Find("[data-testid=baseline-WishesClaimed]").Change("6800");
        cut.Find("[data-testid=baseline-VolunteersRegistered]").Change("17000");
        cut.Find("[data-testid=baseline-source]").Change("市委组织部通报");
        cut.Find("[data-testid=baseline-save]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=baseline-updated]")), WriteTimeout);
        var stored = await Database.Get<BaselineService>().GetAsync();
        Assert.NotNull(stored);
        Assert.Equal((new DateOnly(2020, 7, 1), new DateOnly(2022, 6, 30), 6_800, 17_000, "市委组织部通报"),
            (stored.StartDate, stored.AsOf, stored.WishesClaimed, stored.VolunteersRegistered, stored.Source));
        Assert.Equal("6800", cut.Find("[data-testid=baseline-WishesClaimed]").GetAttribute("value"));
    }

    [Fact]
    public async Task InChinese_AStartAfterTheLastDay_IsRefusedUnderTheStart_AndNothingIsWritten()
    {
        var cut = RenderPage("zh-CN");

        cut.Find("[data-testid=baseline-start]").Change("2023-01-01");
        cut.Find("[data-testid=baseline-as-of]").Change("2022-06-30");
        cut.Find("[data-testid=baseline-save]").Click();

        cut.WaitForAssertion(
            () =>
            {
                var text = cut.Find("[data-testid=baseline-form]").TextContent;
                Assert.Contains("项目启动日期（2023-01-01）不能晚于基数截止日期（2022-06-30）", text);
                Assert.NotEmpty(cut.FindAll("[data-testid=baseline-form] .mud-input-error"));
            },
            WriteTimeout);
        Assert.Null(await Database.Get<BaselineService>().GetAsync());
    }

    [Fact]
    public async Task InEnglish_AFigureAboveTheLimit_IsRefusedUnderItsField()
    {
        var cut = RenderPage("en");

        Assert.Contains("Historical baselines", cut.Find("h1").TextContent);
        // The field itself keeps figures from going below 0; the domain refuses one above its limit.
        cut.Find("[data-testid=baseline-HoursServed]").Change("100000001");
        cut.Find("[data-testid=baseline-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Hours served must be a whole number between 0 and 100,000,000.", cut.Find("[data-testid=baseline-form]").TextContent), WriteTimeout);
        Assert.Null(await Database.Get<BaselineService>().GetAsync());
    }

    [Fact]
    public async Task InEnglish_AStudiosBaseline_IsSetWithTheStationPicker_ListedAndRemoved()
    {
        var today = Database.Get<CityClock>().Today;
        AssertSucceeded(await Database.Get<BaselineService>().SaveAsync(new ProgrammeBaselineInput(new DateOnly(2020, 7, 1), today, 0, 0, 0, 0, 0)));
        string name;
        await using (var db = await Database.CreateContextAsync())
        {
            name = await db.Stations.OrderBy(s => s.Code).Select(s => s.Name).FirstAsync();
        }

        var cut = RenderPage("en");
        Assert.Contains("No station has a baseline.", cut.Find("[data-testid=baseline-station-table]").TextContent);
        cut.Find("[data-testid=baseline-station-picker]").Input(name);
        cut.WaitForElement(".mud-popover-open .mud-list-item");
        cut.FindAll(".mud-popover-open .mud-list-item").First(item => item.TextContent.Contains(name, StringComparison.Ordinal)).Click();
        cut.Find("[data-testid=baseline-station-disputes]").Change("107");
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=baseline-station-set]").HasAttribute("disabled")));
        cut.Find("[data-testid=baseline-station-set]").Click();

        cut.WaitForAssertion(() => Assert.Equal("107", cut.Find("[data-testid=baseline-station-figure]").TextContent.Trim()), WriteTimeout);
        Assert.Contains(name, cut.Find("[data-testid=baseline-station-row]").TextContent);
        Assert.Equal(107, Assert.Single(await Database.Get<BaselineService>().ListStationsAsync()).DisputesSettled);

        cut.Find("[data-testid=baseline-station-remove]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=baseline-station-row]")), WriteTimeout);
        Assert.Empty(await Database.Get<BaselineService>().ListStationsAsync());
    }

    private IRenderedComponent<IComponent> RenderPage(string culture)
    {
        UseCulture(culture);
        Services.AddSingleton(Database.Get<BaselineService>());
        Services.AddOptions<WallDisplayOptions>();
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(StaffRoles.Administrator);
        UseInteractiveRenderer();
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<BaselinesPage>(2);
            builder.CloseComponent();
        });
    }

    private static T AssertSucceeded<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }
}
