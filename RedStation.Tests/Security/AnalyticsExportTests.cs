using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using RedStation.Data;
using RedStation.Data.Analytics;
using RedStation.Data.Entities;
using RedStation.Data.Time;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Security;

/// <summary>The analytics exports: organisers and administrators only; the files hold what the service answers.</summary>
public sealed class AnalyticsExportTests(SecurityFixture fixture) : AnalyticsExportTestsBase<SecurityFixture>(fixture);

/// <summary>The same tests, on PostgreSQL.</summary>
public sealed class AnalyticsExportTests_PostgreSQL(SecurityFixture_PostgreSQL fixture) : AnalyticsExportTestsBase<SecurityFixture_PostgreSQL>(fixture);

/// <summary>The tests, on the database of <typeparamref name="TFixture"/>.</summary>
public abstract class AnalyticsExportTestsBase<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : SecurityFixture
{
    private const string Query = "?preset=days30";

    public async Task InitializeAsync()
    {
        // A little history at the two open stations of the grid, over the last days of the city.
        var factory = fixture.App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        if (await db.DutySessions.AnyAsync())
        {
            return;
        }

        var community = await db.Stations.Where(s => s.Id == SecurityFixture.StationA).Select(s => s.CommunityId).SingleAsync();
        var volunteers = Enumerable.Range(1, 3).Select(i => new Volunteer
        {
            Name = $"导出志愿者{i}", PinyinInitials = "DCZYZ", Phone = $"1390000{i:D4}", MemberNumber = $"EXP{i:D6}", WorkUnit = "宁德市统计局", CommunityId = community,
        }).ToList();
        db.Volunteers.AddRange(volunteers);
        await db.SaveChangesAsync();
        var now = fixture.App.Services.GetRequiredService<CityClock>().UtcNow;
        for (var day = 1; day <= 5; day++)
        {
            foreach (var (volunteer, index) in volunteers.Select((v, i) => (v, i)))
            {
                var start = now.AddDays(-day).AddHours(-index);
                db.DutySessions.Add(new DutySession
                {
                    VolunteerId = volunteer.Id, StationId = index == 0 ? SecurityFixture.StationB : SecurityFixture.StationA,
                    CheckedInAt = start, CheckedOutAt = start.AddMinutes(90 + (30 * index)),
                });
            }
        }

        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(Who.Anonymous)]
    [InlineData(Who.DutyStaffOfA)]
    [InlineData(Who.Display)]
    [InlineData(Who.ReadKey)]
    public async Task Export_IsRefused_ToAnyoneButOrganisersAndAdministrators(Who who)
    {
        using var client = who switch
        {
            Who.DutyStaffOfA => await fixture.SignedInClientAsync("duty-a"),
            Who.ReadKey => fixture.Client(SecurityFixture.ReadKey),
            Who.Display => fixture.Client(cookies: WithCookie(fixture.DisplayCookie)),
            _ => fixture.Client(),
        };

        foreach (var path in new[] { $"/analytics/export/stations.csv{Query}", "/analytics/report/2026-10.xlsx", "/analytics", $"/stations/{SecurityFixture.StationA}" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized,
                $"{who} {path}: {response.StatusCode}");
            Assert.NotEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task StationsCsv_HasAByteOrderMark_AndEqualsTheService()
    {
        using var client = await fixture.SignedInClientAsync("organiser-1");

        using var response = await client.GetAsync($"/analytics/export/stations.csv{Query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("redstation-stations-", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        var expected = await ServiceRankingsAsync();
        Assert.Equal(expected.Stations.Count + 1, lines.Length);
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(expected.Stations.Select(s => s.Code), rows.Select(r => r[0]));
        Assert.Equal(expected.Stations.Select(s => s.CheckIns.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[4]));
        Assert.Equal(expected.Stations.Select(s => s.VolunteerHours.ToString("0.##", CultureInfo.InvariantCulture)), rows.Select(r => r[5]));
        Assert.Equal(15, expected.Stations.Sum(s => s.CheckIns));
    }

    [Fact]
    public async Task DistrictFilter_NarrowsTheExport()
    {
        using var client = await fixture.SignedInClientAsync("organiser-1");

        var all = await client.GetStringAsync($"/analytics/export/volunteers.csv{Query}");
        var districtB = await client.GetStringAsync($"/analytics/export/volunteers.csv{Query}&district={fixture.DistrictOfB}");

        Assert.Equal(4, all.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        // Only the first volunteer served at station B.
        Assert.Equal(2, districtB.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("导出志愿者1", districtB);
    }

    [Fact]
    public async Task SectionXlsx_Opens_WithTheServicesRows()
    {
        using var client = await fixture.SignedInClientAsync(RedStationAppFactory.AdminUserName, password: RedStationAppFactory.AdminPassword);

        using var response = await client.GetAsync($"/analytics/export/districts.xlsx{Query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var expected = await ServiceRankingsAsync();
        Assert.Equal(expected.Districts.Count, rows.Count);
        Assert.Equal(expected.Districts.Sum(d => d.CheckIns), rows.Sum(r => Convert.ToInt32(r.Values.ElementAt(1), CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task MonthlyReport_HasOneSheetPerSection()
    {
        using var client = await fixture.SignedInClientAsync("organiser-1");
        var month = fixture.App.Services.GetRequiredService<CityClock>().Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);

        using var response = await client.GetAsync($"/analytics/report/{month}.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"redstation-report-{month}.xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(9, stream.GetSheetNames().Count);
    }

    [Fact]
    public async Task UnknownSectionOrFormat_IsNotFound()
    {
        using var client = await fixture.SignedInClientAsync("organiser-1");

        using var section = await client.GetAsync("/analytics/export/passwords.csv");
        using var format = await client.GetAsync("/analytics/export/stations.pdf");

        Assert.Equal(HttpStatusCode.NotFound, section.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, format.StatusCode);
    }

    private async Task<RankingsReport> ServiceRankingsAsync()
    {
        var today = fixture.App.Services.GetRequiredService<CityClock>().Today;
        return await fixture.App.Services.GetRequiredService<AnalyticsService>()
            .GetRankingsAsync(new AnalyticsFilter(today.AddDays(-29), today));
    }

    private static CookieContainer WithCookie(Cookie cookie)
    {
        var cookies = new CookieContainer();
        cookies.Add(cookie);
        return cookies;
    }
}
