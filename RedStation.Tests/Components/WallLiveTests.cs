using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Features.WallDisplay;
using RedStation.Dashboard.Security;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>
/// The wall's live subscription: known before it subscribes (a refused display never does), and its one-second timer's
/// failures reach the error boundary like every other live update's.
/// </summary>
public sealed class WallLiveTests : DashboardTestContext
{
    private LiveFeed Feed => Database.Get<LiveFeed>();

    private DisplayTokenService Tokens => Database.Get<DisplayTokenService>();

    private void AddWallServices()
    {
        Services.AddSingleton(Tokens);
        Services.AddSingleton(Database.Get<HighlightsDirectory>());
        Services.AddSingleton(Database.Get<PublicFiguresDirectory>());
        Services.AddOptions<WallDisplayOptions>();
        UseInteractiveRenderer();
    }

    [Fact]
    public async Task ARefusedDisplay_HoldsNoSubscription_AndItsOwnScopeDoes()
    {
        UseCulture("zh-CN");
        AddWallServices();
        var districts = Feed.Snapshot(LiveScope.All).Districts;
        var token = await CreateDistrictTokenAsync(districts[0].DistrictId);
        var before = Feed.SubscriberCount;

        var city = RenderWall(DisplayOf(token));
        var other = RenderWall(DisplayOf(token), districtId: districts[1].DistrictId);
        city.WaitForAssertion(() => city.Find("[data-testid=wall-refused]"));
        other.WaitForAssertion(() => other.Find("[data-testid=wall-refused]"));

        Assert.Equal(before, Feed.SubscriberCount);

        var own = RenderWall(DisplayOf(token), districtId: districts[0].DistrictId);
        own.WaitForAssertion(() => own.Find("[data-testid=wall-panel]"));

        Assert.Equal(before + 1, Feed.SubscriberCount);
    }

    [Fact]
    public void AWallOfAStationThatDoesNotExist_HoldsNoSubscription()
    {
        UseCulture("en");
        AddWallServices();
        var before = Feed.SubscriberCount;

        var wall = RenderWall(Person(StaffRoles.Organiser), stationId: 999_999);

        wall.WaitForAssertion(() => wall.Find("[data-testid=wall-refused]"));
        Assert.Equal(before, Feed.SubscriberCount);
    }

    [Fact]
    public void ATimerTickThatThrows_ReachesTheErrorBoundary_InsteadOfVanishing()
    {
        UseCulture("en");
        var clock = new FailingClock(Database.Time);
        Services.AddSingleton<TimeProvider>(clock);
        AddWallServices();
        var user = Person(StaffRoles.Organiser);

        var boundary = Render<ErrorBoundary>(parameters => parameters
            .AddCascadingValue(Task.FromResult(new AuthenticationState(user)))
            .Add(b => b.ErrorContent, ex => $"<p data-testid=\"wall-error\">{ex.Message}</p>")
            .AddChildContent<WallDisplayPage>());
        boundary.WaitForAssertion(() => boundary.Find("[data-testid=wall-panel]"));
        Assert.Empty(boundary.FindAll("[data-testid=wall-error]"));

        // The next one-second tick reads the clock first: it fails there.
        clock.Fail = true;

        boundary.WaitForAssertion(
            () => Assert.Equal(FailingClock.Message, boundary.Find("[data-testid=wall-error]").TextContent),
            TimeSpan.FromSeconds(15));
    }

    private IRenderedComponent<WallDisplayPage> RenderWall(ClaimsPrincipal user, int? districtId = null, int? stationId = null) =>
        Render<WallDisplayPage>(parameters => parameters
            .Add(p => p.DistrictId, districtId)
            .Add(p => p.StationId, stationId)
            .AddCascadingValue(Task.FromResult(new AuthenticationState(user))));

    private static ClaimsPrincipal Person(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role)], "Identity.Application", ClaimTypes.Name, ClaimTypes.Role));

    private static ClaimsPrincipal DisplayOf((int Id, string Scope) token) =>
        DisplaySignIn.PrincipalFor(new DisplayTokenEntry(token.Id, "大厅大屏", [], token.Scope));

    private async Task<(int Id, string Scope)> CreateDistrictTokenAsync(int districtId)
    {
        // Only an administrator issues tokens.
        using var _ = ActorContext.Begin(new Actor(ActorKind.Person, "user-7", "organiser") { IsAdministrator = true });
        var scope = $"district:{districtId}";
        var created = await Tokens.CreateAsync("大厅大屏", scope);
        Assert.True(created.Succeeded, created.Error?.Message);
        return (created.Value!.Token.Id, scope);
    }

    /// <summary>The test's clock, which fails on demand: what the wall reads first on each tick.</summary>
    private sealed class FailingClock(TimeProvider inner) : TimeProvider
    {
        public const string Message = "The clock failed.";

        private volatile bool _fail;

        public bool Fail
        {
            get => _fail;
            set => _fail = value;
        }

        public override DateTimeOffset GetUtcNow() => Fail ? throw new InvalidOperationException(Message) : inner.GetUtcNow();
    }
}
