using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

/// <summary>A wall screen's life: the administrator makes its link, the screen opens it, the administrator revokes it.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DisplayTokenEndToEndTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AScreenOpensItsDisplayLink_SeesTheWallWithMaskedNames_AndLosesAccessWhenRevoked()
    {
        var admin = await fixture.NewPageAsync();
        IPage? screen = null;
        IPage? secondScreen = null;
        try
        {
            await admin.GotoAsync("admin/displays");
            await admin.GetByTestId("display-new").ClickAsync();
            await admin.GetByTestId("display-name-input").FillAsync("一楼大厅大屏");
            await admin.GetByTestId("display-create").ClickAsync();
            var link = await admin.GetByTestId("secret-value").InputValueAsync();
            Assert.Contains("/display/connect?token=rsd_", link);
            await Expect(admin.GetByTestId("display-qr")).ToBeVisibleAsync();
            // A new token's wall leads with the cumulative figures; this test watches the live headline and feed.
            await ShowTheHeadlineFiguresAsync("一楼大厅大屏");

            // Two fresh screens, nobody signed in: one keeps its page open, the other navigates after the revocation.
            screen = await NewScreenAsync();
            secondScreen = await NewScreenAsync();
            var response = await screen.GotoAsync(link);
            Assert.Equal(200, response!.Status);
            await Expect(screen).ToHaveURLAsync(fixture.App.ServerAddress + "display");
            await Expect(screen.GetByTestId("wall-kpi-on-duty")).ToBeVisibleAsync();
            await secondScreen.GotoAsync(link);
            await Expect(secondScreen.GetByTestId("wall-kpi-on-duty")).ToBeVisibleAsync();

            await CheckInAsync("欧阳晓燕", "13900002026");
            await Expect(screen.GetByTestId("wall-feed-line").First).ToContainTextAsync("欧*燕", new() { Timeout = 10_000 });
            var text = await screen.Locator("body").InnerTextAsync();
            Assert.DoesNotContain("欧阳晓燕", text);
            Assert.DoesNotContain("13900002026", text);

            // Other tests of the collection add tokens of their own: this one's row, by its name.
            var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "一楼大厅大屏" });
            await row.GetByTestId("display-revoke").ClickAsync();
            await admin.Locator(".mud-message-box").GetByRole(AriaRole.Button, new() { Name = "吊销" }).ClickAsync();
            await Expect(row.GetByTestId("display-status")).ToContainTextAsync("已由");

            // The next request of a screen is refused, plainly.
            var refused = await secondScreen.GotoAsync("occupancy");
            Assert.Equal(401, refused!.Status);
            await Expect(secondScreen.GetByRole(AriaRole.Heading, new() { Name = "此大屏未获授权" })).ToBeVisibleAsync();

            // The open screen's circuit notices within its revalidation interval and stops showing the network.
            await Expect(screen.GetByTestId("wall-kpi-on-duty")).ToHaveCountAsync(0, new() { Timeout = 40_000 });
            Assert.DoesNotContain("欧*燕", await screen.Locator("body").InnerTextAsync());
        }
        finally
        {
            foreach (var page in new[] { screen, secondScreen, admin })
            {
                if (page is not null)
                {
                    await page.Context.CloseAsync();
                }
            }
        }
    }

    private async Task<IPage> NewScreenAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.ServerAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 1920, Height = 1080 },
        });
        return await context.NewPageAsync();
    }

    private async Task CheckInAsync(string name, string phone)
    {
        var factory = fixture.App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>();
        int volunteerId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var volunteer = new Volunteer
            {
                Name = name,
                PinyinInitials = "OYXY",
                Phone = phone,
                MemberNumber = $"NDDY-E2E-{Guid.NewGuid():N}"[..20],
                WorkUnit = "宁德市民政局",
                CommunityId = await db.Communities.Select(c => c.Id).FirstAsync(),
            };
            db.Volunteers.Add(volunteer);
            await db.SaveChangesAsync();
            volunteerId = volunteer.Id;
        }

        var station = fixture.App.Services.GetRequiredService<LiveFeed>().Snapshot(LiveScope.All).Stations.First(s => s.Status == StationStatus.Open);
        using var client = fixture.App.CreateClient();
        using var response = await client.PostAsJsonAsync($"api/v1/stations/{station.StationId}/checkins", new { volunteerId });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    private async Task ShowTheHeadlineFiguresAsync(string tokenName)
    {
        var factory = fixture.App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var id = await db.DisplayTokens.Where(t => t.Name == tokenName && t.RevokedAt == null).Select(t => t.Id).SingleAsync();
        using var _ = RedStation.Data.Security.ActorContext.Begin(new(RedStation.Data.Security.ActorKind.Person, "e2e", "admin"));
        var result = await fixture.App.Services.GetRequiredService<RedStation.Data.Services.DisplayTokenService>().SetPlaylistAsync(id, [new(DisplayPlaylist.Kpis, 600)]);
        Assert.True(result.Succeeded, result.Error?.Message);
    }
}
