using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using RedStation.Dashboard.Features.Stations;
using RedStation.Data.Entities;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Components;

public sealed class StationsPageTests : DashboardTestContext
{
    private const int DefaultPageSize = 25;

    /// <summary>The search box waits for typing to pause; the assertion waits a little longer than that.</summary>
    private static readonly TimeSpan SearchTimeout = TimeSpan.FromMilliseconds(StationsPage.SearchDebounceMilliseconds) + WaitTimeout;

    [Fact]
    public void Grid_OnFirstLoad_ShowsTheFirstPageAndTheTotalCount()
    {
        var cut = RenderStationsPage();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(ExpectedCodes(StationGridNetwork.Stations).Take(DefaultPageSize), Codes(cut));
            Assert.Contains("30", cut.Find("[data-testid=station-total]").TextContent);
        });
    }

    [Fact]
    public void Grid_WhenPagedForward_ShowsTheNextRows()
    {
        var cut = RenderStationsPage();
        cut.WaitForAssertion(() => Assert.Equal(DefaultPageSize, Codes(cut).Count));

        cut.Find("button[aria-label='下一页']").Click();

        cut.WaitForAssertion(() => Assert.Equal(ExpectedCodes(StationGridNetwork.Stations).Skip(DefaultPageSize), Codes(cut)));
    }

    [Fact]
    public void Grid_WhenFilteredByDistrict_ShowsOnlyThatDistrict()
    {
        var cut = RenderStationsPage();

        Choose(cut, "filter-district", "福安市");

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(ExpectedCodes(StationGridNetwork.Stations.Where(s => s.DistrictIndex == 1)).Take(DefaultPageSize), Codes(cut));
            Assert.All(Column(cut, 2), district => Assert.Equal("福安市", district));
        });
    }

    [Fact]
    public void Grid_WhenFilteredByKind_ShowsOnlyThatKind()
    {
        var cut = RenderStationsPage();

        Choose(cut, "filter-kind", "农贸市场");

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(ExpectedCodes(StationGridNetwork.Stations.Where(s => s.Kind == StationKind.Market)).Take(DefaultPageSize), Codes(cut));
            Assert.All(Column(cut, 4), kind => Assert.Equal("农贸市场", kind));
        });
    }

    [Fact]
    public void Grid_WhenFilteredByStatus_ShowsOnlyThatStatus()
    {
        var cut = RenderStationsPage();

        Choose(cut, "filter-status", "已关闭");

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(ExpectedCodes(StationGridNetwork.Stations.Where(s => s.Status == StationStatus.Closed)).Take(DefaultPageSize), Codes(cut));
            Assert.All(Column(cut, 5), status => Assert.Equal("已关闭", status));
        });
    }

    [Fact]
    public void Grid_WhenFilteredOnALaterPage_StartsAgainAtPageOne()
    {
        var cut = RenderStationsPage();
        cut.WaitForAssertion(() => Assert.Equal(DefaultPageSize, Codes(cut).Count));
        cut.Find("button[aria-label='下一页']").Click();
        cut.WaitForAssertion(() => Assert.Equal(StationGridNetwork.StationCount - DefaultPageSize, Codes(cut).Count));

        Choose(cut, "filter-district", "蕉城区");

        cut.WaitForAssertion(() =>
            Assert.Equal(ExpectedCodes(StationGridNetwork.Stations.Where(s => s.DistrictIndex == 0)).Take(DefaultPageSize), Codes(cut)));
    }

    [Fact]
    public void Grid_WhenSearched_ShowsOnlyMatchingStations()
    {
        var cut = RenderStationsPage();
        cut.WaitForAssertion(() => Assert.Equal(DefaultPageSize, Codes(cut).Count));

        cut.Find("[data-testid=station-search]").Input(StationGridNetwork.UniqueNameFragment);

        cut.WaitForAssertion(
            () =>
            {
                Assert.Equal(["RS-017"], Codes(cut));
                Assert.Contains("1", cut.Find("[data-testid=station-total]").TextContent);
            },
            SearchTimeout);
    }

    [Fact]
    public void Grid_WhenSortedByCapacityDescending_ShowsTheLargestFirst()
    {
        var cut = RenderStationsPage();
        cut.WaitForAssertion(() => Assert.Equal(DefaultPageSize, Codes(cut).Count));

        SortBy(cut, "容量");
        cut.WaitForAssertion(() => Assert.Equal("RS-001", Codes(cut)[0]));
        SortBy(cut, "容量");

        cut.WaitForAssertion(() => Assert.Equal("RS-030", Codes(cut)[0]));
    }

    [Fact]
    public void Grid_InChinese_ShowsChineseHeadersAndLabels()
    {
        var cut = RenderStationsPage("zh-CN");

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(
                ["编号", "名称", "区县", "社区", "类型", "状态", "容量", "当前人数", "面积（m²）", "开放时间", "共建单位", "签到海报"],
                Headers(cut));
            Assert.Equal("蕉城区", Column(cut, 2)[0]);
            Assert.Equal("住宅小区", Column(cut, 4)[0]);
        });
    }

    [Fact]
    public void Grid_InEnglish_ShowsEnglishHeadersAndLabels()
    {
        var cut = RenderStationsPage("en");

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(
                ["Code", "Name", "District", "Community", "Kind", "Status", "Capacity", "Present now", "Floor area (m²)", "Opening hours", "Host unit", "Check-in poster"],
                Headers(cut));
            Assert.Equal("Jiaocheng District", Column(cut, 2)[0]);
            Assert.Equal("Residential compound", Column(cut, 4)[0]);
            Assert.NotNull(cut.Find("button[aria-label='Next page']"));
        });
    }

    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> RenderStationsPage(string culture = "zh-CN")
    {
        UseCulture(culture);
        // The popover provider hosts the select's option list, as the layout does in the app.
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<StationsPage>(1);
            builder.CloseComponent();
        });
    }

    private static void Choose(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string testId, string option)
    {
        cut.WaitForElement($"[data-testid={testId}]");
        cut.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.MouseDown();
        cut.WaitForElement(".mud-popover-open .mud-list-item");
        cut.FindAll(".mud-popover-open .mud-list-item").Single(item => item.TextContent.Trim() == option).Click();
    }

    private static void SortBy(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string header) =>
        cut.FindAll("thead .sortable-column-header").Single(h => h.TextContent.Trim() == header).Click();

    private static List<string> Headers(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut) =>
        cut.FindAll("thead th").Select(th => th.TextContent.Trim()).ToList();

    private static List<string> Codes(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut) => Column(cut, 0);

    private static List<string> Column(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, int index) =>
        DataRows(cut).Select(row => row.Children[index].TextContent.Trim()).ToList();

    /// <summary>Body rows that hold a station (not the "no records" or loading row).</summary>
    private static IEnumerable<IElement> DataRows(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut) =>
        cut.FindAll("tbody.mud-table-body tr.mud-table-row").Where(row => row.Children.Length > 1);

    private static IEnumerable<string> ExpectedCodes(IEnumerable<TestStation> stations) =>
        stations.OrderBy(s => s.Kind == StationKind.SharedVenue).ThenBy(s => s.Code, StringComparer.Ordinal).Select(s => s.Code);
}
