using Bunit;
using RedStation.Dashboard.Features.Overview;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Tests.Web;

namespace RedStation.Tests.Components;

/// <summary>Free text written through the domain services reaches the live ticker encoded, never as markup.</summary>
public sealed class HostileTextRenderingTests : DashboardTestContext
{
    private LiveFeed Feed => Database.Get<LiveFeed>();

    [Fact]
    public async Task MarkupInWishesActivitiesAndCases_ShowsOnTheTickerAsText_AndCreatesNoElement()
    {
        UseCulture("en");
        var station = Feed.Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open).StationId;
        var typeId = await AddActivityTypeAsync();
        UseInteractiveRenderer();
        var page = Render<OverviewPage>();
        var now = Database.Time.GetUtcNow().UtcDateTime;

        var wish = await Database.Get<WishService>().PostAsync(
            new PostWishRequest(station, WishCategory.HomeCleaning, HostileInputTests.ScriptPayload, HostileInputTests.ImagePayload));
        var activity = await Database.Get<ActivityService>().LogAsync(new LogActivityRequest(
            station, typeId, HostileInputTests.AttributePayload, now.AddHours(-1), now.AddHours(1), 3, HostileInputTests.ImagePayload, HostileInputTests.ScriptPayload));
        var mediation = await Database.Get<MediationService>().OpenAsync(
            new OpenCaseRequest(station, MediationCategory.PublicAffairs, 2, HostileInputTests.ScriptPayload, HostileInputTests.ImagePayload));

        Assert.True(wish.Succeeded, wish.Error?.Message);
        Assert.True(activity.Succeeded, activity.Error?.Message);
        Assert.True(mediation.Succeeded, mediation.Error?.Message);
        // The domain keeps the text as it was given: encoding is the renderer's job, not the database's.
        Assert.Equal(HostileInputTests.ScriptPayload, wish.Value!.Title);
        Assert.Equal(HostileInputTests.ImagePayload, wish.Value.RequesterName);
        page.WaitForAssertion(() =>
        {
            var sentences = page.FindAll("[data-testid=ticker-line] .ticker-sentence").Select(s => s.TextContent).ToList();
            Assert.Contains(sentences, s => s.Contains(HostileInputTests.ScriptPayload, StringComparison.Ordinal));
            Assert.Contains(sentences, s => s.Contains(HostileInputTests.AttributePayload, StringComparison.Ordinal));
            Assert.Contains(sentences, s => s.StartsWith("Mediation case opened", StringComparison.Ordinal));
        });

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Markup, StringComparison.Ordinal);
        Assert.Contains("&lt;svg onload=alert(1)&gt;", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("script"));
        Assert.Empty(page.FindAll("img"));
        Assert.Empty(page.FindAll("[onload], [onerror]"));
        // The resident's name and the case's summary are never shown on the overview at all.
        Assert.DoesNotContain("onerror", page.Markup, StringComparison.Ordinal);
    }

    private async Task<int> AddActivityTypeAsync()
    {
        await using var db = await Database.CreateContextAsync();
        var type = new ActivityType { Code = "hostile-test", Name = "测试活动", NameEn = "Test activity" };
        db.ActivityTypes.Add(type);
        await db.SaveChangesAsync();
        await Feed.RebuildAsync(Database.Get<DomainWriter>());
        return type.Id;
    }
}
