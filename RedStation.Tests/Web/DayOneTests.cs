using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;
using RedStation.Tests.Security;

namespace RedStation.Tests.Web;

/// <summary>One app on an empty database, as a city's production start leaves it: who sees what before the network is in.</summary>
public sealed class EmptyNetworkFixture : IAsyncLifetime
{
    public const string Password = "test-only-password-2020";

    public RedStationAppFactory App { get; } = new();

    public async Task InitializeAsync()
    {
        _ = App.ServerAddress;
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        foreach (var (name, role) in new[] { ("organiser-day-one", StaffRoles.Organiser), ("duty-day-one", StaffRoles.DutyStaff) })
        {
            var user = new StaffUser { UserName = name };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }
    }

    public Task DisposeAsync() => App.DisposeAsync().AsTask();

    public async Task<HttpClient> SignedInAsync(string userName, string password = Password)
    {
        var client = SecurityFixture.CreateClient(App.ServerAddress);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await SecurityFixture.PostSignInAsync(client, userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}

public sealed class DayOneTests(EmptyNetworkFixture fixture) : IClassFixture<EmptyNetworkFixture>
{
    [Fact]
    public async Task AnEmptyNetwork_OpensOnTheSetupPage_ForTheAdministrator()
    {
        using var admin = await fixture.SignedInAsync(RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);

        using var overview = await admin.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode);
        Assert.EndsWith("/setup", overview.Headers.Location!.ToString(), StringComparison.Ordinal);

        var setup = WebUtility.HtmlDecode(await admin.GetStringAsync("/setup"));
        Assert.Contains("网络还是空的", setup, StringComparison.Ordinal);
        Assert.Contains("区县 0 个 · 社区 0 个", setup, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"setup-Staff-action\"", setup, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"setup-Network\" data-done=\"false\"", setup, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"setup-Stations\" data-done=\"false\"", setup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOrganiser_SeesTheSentence_AndTheNextStep_OnEveryStaffScreen()
    {
        using var organiser = await fixture.SignedInAsync("organiser-day-one");

        foreach (var (path, testId) in new[] { ("/", "overview-empty"), ("/occupancy", "occupancy-empty"), ("/stations", "stations-empty"), ("/analytics", "analytics-empty") })
        {
            using var response = await organiser.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.True(html.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal), $"{path} does not say the network is empty");
            Assert.Matches($"<a [^>]*href=\"setup\"[^>]*data-testid=\"{testId}-action\"", html);
            Assert.Contains("还没有驿站", html, StringComparison.Ordinal);
        }

        // The setup page is theirs too, without the steps only an administrator takes.
        var setup = await organiser.GetStringAsync("/setup");
        Assert.Contains("data-testid=\"setup-Volunteers-action\"", setup, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"setup-Staff-action\"", setup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DutyStaff_AreToldWhoBringsTheNetworkIn_WithoutALinkTheyCannotFollow()
    {
        using var duty = await fixture.SignedInAsync("duty-day-one");

        var desk = WebUtility.HtmlDecode(await duty.GetStringAsync("/desk"));
        Assert.Contains("data-testid=\"desk-empty\"", desk, StringComparison.Ordinal);
        Assert.Contains("请管理员在“开始使用”页导入驿站网络", desk, StringComparison.Ordinal);
        Assert.DoesNotContain("desk-empty-action", desk, StringComparison.Ordinal);

        using var setup = await duty.GetAsync("/setup");
        Assert.Equal(HttpStatusCode.Forbidden, setup.StatusCode);
    }

    [Fact]
    public async Task AWall_SaysTheNetworkIsNotInYet_InsteadOfCyclingThroughZeros()
    {
        using var admin = await fixture.SignedInAsync(RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);

        var wall = WebUtility.HtmlDecode(await admin.GetStringAsync("/display"));

        Assert.Contains("data-testid=\"wall-empty\"", wall, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"wall-panel\"", wall, StringComparison.Ordinal);
    }
}

/// <summary>The demo is seeded only when asked: a production start leaves the database empty; the README's run command seeds it.</summary>
public sealed class DemoSeedSettingTests
{
    [Theory]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    [InlineData("Development", true)]
    public void TheDemoIsSeeded_OnlyInTheSettingsThatAskForIt(string environment, bool seeded)
    {
        var contentRoot = Path.Combine(AppContext.BaseDirectory);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .Build();

        var options = configuration.GetSection(SeedOptions.SectionName).Get<SeedOptions>() ?? new SeedOptions();

        Assert.Equal(seeded, options.Demo);
        Assert.False(new SeedOptions().Demo);
    }
}

/// <summary>The setup page's counts are the database's.</summary>
public sealed class SetupDirectoryTests
{
    [Fact]
    public async Task TheCounts_AreTheDatabases()
    {
        await using var database = await TestDatabase.CreateAsync(seedDemo: true, seedDays: 1);
        await using var db = await database.CreateContextAsync();

        var setup = await database.Get<SetupDirectory>().GetAsync();

        Assert.Equal(await db.Districts.CountAsync(), setup.Districts);
        Assert.Equal(await db.Communities.CountAsync(), setup.Communities);
        Assert.Equal(await db.Stations.CountAsync(s => s.Kind != StationKind.SharedVenue), setup.RedStations);
        Assert.Equal(await db.Stations.CountAsync(s => s.Kind == StationKind.SharedVenue), setup.Venues);
        Assert.Equal(await db.Volunteers.CountAsync(), setup.Volunteers);
        Assert.Equal(await db.ActivityTypes.CountAsync(), setup.ActivityTypes);
        Assert.Equal(await db.Teams.CountAsync(), setup.Teams);
        Assert.True(setup.HasStations);
        Assert.True(setup.Districts > 0 && setup.Volunteers > 0);
    }

    [Fact]
    public async Task AnEmptyDatabase_HasNothing_AndIsNotReady()
    {
        await using var database = await TestDatabase.CreateAsync();

        var setup = await database.Get<SetupDirectory>().GetAsync();

        Assert.Equal(new NetworkSetup(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), setup);
        Assert.False(setup.HasStations);
        Assert.False(setup.IsReady);
    }
}
