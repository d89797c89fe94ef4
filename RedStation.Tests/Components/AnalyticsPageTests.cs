using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RedStation.Dashboard.Features.Analytics;
using RedStation.Dashboard.Features.Stations;
using RedStation.Data;
using RedStation.Data.Analytics;
using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Tests.Components;

/// <summary>The analytics page: its filter bar drives every section through the URL, and rows lead to the drill-down pages.</summary>
public sealed class AnalyticsPageTests : DashboardTestContext
{
    private const int StationA = 3;
    private const int StationB = 4;

    [Fact]
    public async Task Kpis_EqualTheService_ForTheFilterInTheUrl()
    {
        var (districtOfFirst, _) = await SeedAsync();
        var cut = RenderPage(("preset", "days7"), ("district", districtOfFirst.ToString(CultureInfo.InvariantCulture)));

        var today = Database.Get<CityClock>().Today;
        var expected = await Database.Get<AnalyticsService>().GetTrendAsync(
            new AnalyticsFilter(today.AddDays(-6), today, districtOfFirst), TrendGrain.Day);
        cut.WaitForAssertion(() =>
        {
            Assert.Equal(4, expected.CheckIns);
            Assert.Contains(expected.CheckIns.ToString("N0", CultureInfo.CurrentCulture), cut.Find("[data-testid=kpi-CheckIns] .kpi-value").TextContent);
            Assert.Contains(Math.Round(expected.VolunteerHours).ToString("N0", CultureInfo.CurrentCulture), cut.Find("[data-testid=kpi-Hours] .kpi-value").TextContent);
        });
    }

    [Fact]
    public async Task Preset_WhenChosen_PutsTheWholeFilterInTheUrl()
    {
        var (districtOfFirst, _) = await SeedAsync();
        var cut = RenderPage(("preset", "days30"), ("district", districtOfFirst.ToString(CultureInfo.InvariantCulture)));
        cut.WaitForElement("[data-testid=kpi-CheckIns]");

        cut.Find("[data-testid=preset-quarter]").Click();

        // MudButton hands the click to the page's handler asynchronously: wait for the navigation it makes.
        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith($"analytics?preset=quarter&district={districtOfFirst}", navigation.Uri));
    }

    [Fact]
    public async Task District_WhenChosen_KeepsThePresetAndNarrows()
    {
        await SeedAsync();
        var cut = RenderPage(("preset", "days7"));
        cut.WaitForElement("[data-testid=kpi-CheckIns]");

        cut.Find("[data-testid=filter-district]").Closest(".mud-input-control")!.MouseDown();
        cut.WaitForElement(".mud-popover-open .mud-list-item");
        cut.FindAll(".mud-popover-open .mud-list-item").First(item => item.TextContent.Trim() == "福安市").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches(@"analytics\?preset=days7&district=\d+$", navigation.Uri));
    }

    [Fact]
    public async Task Rankings_LinkToTheStationAndVolunteerPages_WithTheSameFilter()
    {
        await SeedAsync();
        var cut = RenderPage(("preset", "days7"));

        cut.WaitForAssertion(() =>
        {
            var stationLinks = cut.FindAll("[data-testid=top-stations] a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Equal($"stations/{StationA}?preset=days7", stationLinks[0]);
            var volunteerLinks = cut.FindAll("[data-testid=top-volunteers] a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Equal(2, volunteerLinks.Count);
            Assert.All(volunteerLinks, link => Assert.Matches(@"^volunteers/\d+\?preset=days7$", link));
        });
    }

    [Fact]
    public async Task StationPage_ShowsItsVolunteers_AndVolunteerPage_ShowsOnlyThePhoneTail()
    {
        await SeedAsync();
        UseCulture("zh-CN");
        Services.AddSupplyValueFromQueryProvider();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"stations/{StationA}?preset=days7");

        var station = Render<StationHistoryPage>(p => p.Add(x => x.StationId, StationA));
        station.WaitForAssertion(() => Assert.Equal(2, station.FindAll("[data-testid=station-volunteers] tbody tr").Count));
        var volunteerId = int.Parse(station.Find("[data-testid=station-volunteers] a").GetAttribute("href")!.Split('/', '?')[1], CultureInfo.InvariantCulture);

        Services.GetRequiredService<NavigationManager>().NavigateTo($"volunteers/{volunteerId}?preset=days7");
        var volunteer = Render<VolunteerPage>(p => p.Add(x => x.VolunteerId, volunteerId));
        volunteer.WaitForAssertion(() =>
        {
            var profile = volunteer.Find("[data-testid=volunteer-profile]").TextContent;
            Assert.Contains("手机尾号", profile);
            Assert.DoesNotContain("1370000", volunteer.Markup);
        });
    }

    private IRenderedComponent<IComponent> RenderPage(params (string Name, string Value)[] query)
    {
        UseCulture("zh-CN");
        Services.AddSingleton(Database.Get<AnalyticsService>());
        Services.AddTransient<AnalyticsTables>();

        // As the router does in the app: [SupplyParameterFromQuery] values come from the current address.
        Services.AddSupplyValueFromQueryProvider();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("analytics?" + string.Join('&', query.Select(q => $"{q.Name}={q.Value}")));
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<AnalyticsPage>(1);
            builder.CloseComponent();
        });
    }

    /// <summary>Two volunteers: one serves at station A on two days, one there and at station B (another district); four check-ins at A.</summary>
    private async Task<(int DistrictOfFirst, int DistrictOfSecond)> SeedAsync()
    {
        Services.AddSingleton(Database.Get<AnalyticsService>());
        var factory = Database.Get<IDbContextFactory<RedStationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var stations = await db.Stations.Where(s => s.Id == StationA || s.Id == StationB)
            .Select(s => new { s.Id, s.CommunityId, s.Community!.DistrictId, s.Status }).ToListAsync();
        Assert.All(stations, s => Assert.Equal(StationStatus.Open, s.Status));
        var first = stations.Single(s => s.Id == StationA);
        var second = stations.Single(s => s.Id == StationB);
        var volunteers = Enumerable.Range(1, 2).Select(i => new Volunteer
        {
            Name = $"分析志愿者{i}", PinyinInitials = "FXZYZ", Phone = $"1370000{i:D4}", MemberNumber = $"ANA{i:D6}", WorkUnit = "宁德市统计局",
            CommunityId = first.CommunityId,
        }).ToList();
        db.Volunteers.AddRange(volunteers);
        await db.SaveChangesAsync();
        var now = Database.Get<CityClock>().UtcNow;
        void Serve(Volunteer v, int stationId, int daysAgo, int hours) => db.DutySessions.Add(new DutySession
        {
            VolunteerId = v.Id, StationId = stationId, CheckedInAt = now.AddDays(-daysAgo).AddHours(-4), CheckedOutAt = now.AddDays(-daysAgo).AddHours(-4 + hours),
        });
        Serve(volunteers[0], StationA, 1, 2);
        Serve(volunteers[0], StationA, 2, 3);
        Serve(volunteers[1], StationA, 1, 1);
        Serve(volunteers[1], StationA, 3, 1);
        Serve(volunteers[1], StationB, 2, 2);
        await db.SaveChangesAsync();
        return (first.DistrictId, second.DistrictId);
    }
}
