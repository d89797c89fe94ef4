using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Time;
using RedStation.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class AnalyticsEndToEndTests(BrowserFixture fixture)
{
    private const int StationInXiapu = 3;
    private const int StationInJiaocheng = 4;

    [Fact]
    public async Task Organiser_FiltersToADistrictAndThirtyDays_DownloadsTheXlsx_WhoseTotalsEqualThePage_ThenDrillsDown()
    {
        // An app of its own: the history written here must not change what the other browser tests see.
        await using var app = new RedStationAppFactory();
        await app.InsertStationGridNetworkAsync();
        await SeedHistoryAsync(app);
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ServerAddress.ToString(), Locale = "zh-CN", AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);

        await page.GotoAsync("analytics");
        await Expect(page.GetByTestId("kpi-CheckIns")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("analytics-filter")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 30_000 });
        await page.GetByTestId("preset-days7").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/analytics\?preset=days7$"));
        await page.GetByTestId("preset-days30").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/analytics\?preset=days30$"));

        await page.GetByTestId("filter-district").Locator("xpath=ancestor::div[contains(@class,'mud-input-control')]").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "霞浦县" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/analytics\?preset=days30&district=\d+$"));
        // Four check-ins at the Xiapu station; the Jiaocheng one is filtered out.
        await Expect(page.GetByTestId("kpi-CheckIns").Locator(".kpi-value")).ToHaveTextAsync("4");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-stations-xlsx").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"redstation-e2e-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        try
        {
            var rows = MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            var checkIns = rows.Sum(r => Convert.ToInt32(r.Values.ElementAt(4), CultureInfo.InvariantCulture));
            Assert.Equal(4, checkIns);
        }
        finally
        {
            File.Delete(file);
        }

        await page.GetByTestId("top-stations").GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/stations/{StationInXiapu}\?preset=days30&district=\d+$"));
        await Expect(page.GetByTestId("station-name")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("station-volunteers").Locator("tbody tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Charts_ShowCountsAsIntegers_AndADistrictsBar_DrillsDownToItsDistrict()
    {
        await using var app = new RedStationAppFactory();
        await app.InsertStationGridNetworkAsync();
        await SeedHistoryAsync(app);
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ServerAddress.ToString(), Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);

        await page.GotoAsync("analytics?preset=days30");
        await Expect(page.GetByTestId("analytics-filter")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 30_000 });
        // The chart module's own formatter: counts as integers, hours with one decimal at most, text left alone.
        var formatted = await page.EvaluateAsync<string[]>("""
            async () => {
                const chart = await import('./Components/Charts/ApexChart.razor.js');
                return [chart.formatValue(14), chart.formatValue(3.25), chart.formatValue(12.04), chart.formatValue(1234), chart.formatValue('霞浦县')];
            }
            """);
        Assert.Equal(["14", "3.3", "12", "1,234", "霞浦县"], formatted);

        // On the chart itself: the tooltip of a district's bar reads "4", not "4.00".
        var districts = page.GetByTestId("section-districts");
        var bar = districts.Locator("path.apexcharts-bar-area[val]:not([val='0'])").Last;
        await Expect(bar).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(districts.Locator("[data-testid=chart-loading]")).ToBeHiddenAsync();
        await bar.HoverAsync();
        var values = districts.Locator(".apexcharts-tooltip-text-y-value");
        await Expect(values.First).Not.ToBeEmptyAsync();
        foreach (var value in await values.AllTextContentsAsync())
        {
            Assert.Matches(@"^\d[\d,]*(\.\d)?$", value);
        }

        await bar.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/analytics\?preset=days30&district=\d+$"));
    }

    private static async Task SeedHistoryAsync(RedStationAppFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        var community = await db.Stations.Where(s => s.Id == StationInXiapu).Select(s => s.CommunityId).SingleAsync();
        var volunteers = Enumerable.Range(1, 3).Select(i => new Volunteer
        {
            Name = $"浏览器志愿者{i}", PinyinInitials = "LLQZYZ", Phone = $"1360000{i:D4}", MemberNumber = $"E2E{i:D6}", WorkUnit = "宁德市统计局", CommunityId = community,
        }).ToList();
        db.Volunteers.AddRange(volunteers);
        await db.SaveChangesAsync();
        var now = app.Services.GetRequiredService<CityClock>().UtcNow;
        void Serve(Volunteer v, int stationId, int daysAgo) => db.DutySessions.Add(new DutySession
        {
            VolunteerId = v.Id, StationId = stationId, CheckedInAt = now.AddDays(-daysAgo).AddHours(-3), CheckedOutAt = now.AddDays(-daysAgo).AddHours(-1),
        });
        Serve(volunteers[0], StationInXiapu, 2);
        Serve(volunteers[0], StationInXiapu, 4);
        Serve(volunteers[1], StationInXiapu, 3);
        Serve(volunteers[1], StationInXiapu, 12);
        Serve(volunteers[2], StationInJiaocheng, 2);
        await db.SaveChangesAsync();
    }
}
