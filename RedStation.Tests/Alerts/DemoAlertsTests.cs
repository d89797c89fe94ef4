using RedStation.Data.Alerts;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedStation.Tests.Alerts;

/// <summary>
/// A fresh demo start shows an organiser a handful of alert groups, not hundreds: its history is that of a network
/// that mostly keeps its limits (wishes claimed and fulfilled in time, cases closed, stations staffed), with a few
/// lapses so that the feature still has something to show. Seeded with a fixed clock at several hours of a Monday.
/// </summary>
public sealed class DemoAlertsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(2, 0)]
    [InlineData(9, 30)]
    [InlineData(15, 0)]
    [InlineData(19, 30)]
    public async Task AFreshDemoStart_AtAnyHour_HasAFewOpenAlertGroups_AtMost25(int hour, int minute)
    {
        // City time (UTC+8) on Monday 7 December 2026.
        var now = new DateTimeOffset(2026, 12, 7, hour, minute, 0, TimeSpan.FromHours(8));
        await using var database = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 90, now: now);
        var feed = database.Get<LiveFeed>();
        await feed.RebuildAsync(database.Get<DomainWriter>());
        var alerts = database.Get<AlertService>();

        // Once now, and once more after the longest damping (five minutes), as the monitor would.
        await alerts.EvaluateAsync();
        database.Time.Advance(TimeSpan.FromMinutes(5));
        await alerts.EvaluateAsync();

        var groups = feed.OpenGroups(LiveScope.All);
        output.WriteLine($"{hour:00}:{minute:00} — {groups.Count} groups of {feed.Alerts(LiveScope.All).Count} alerts: " +
            string.Join(", ", groups.GroupBy(g => g.Rule).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()} ({g.Sum(x => x.Count)})")));
        Assert.InRange(groups.Count, 3, 25);
    }
}
