using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class StationsPageEndToEndTests(BrowserFixture fixture)
{
    [Fact]
    public async Task StationsPage_WhenLanguageIsSwitched_ShowsTheGridInThatLanguageAndBack()
    {
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("stations");

            await Expect(page.GetByRole(AriaRole.Columnheader, Header("名称"))).ToBeVisibleAsync();
            // Rows come from ServerData, which runs once the circuit is interactive: from here on, clicks are handled.
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "RS-001", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "蕉城区", Exact = true }).First).ToBeVisibleAsync();

            await SwitchLanguageAsync(page, "切换语言", "English");

            await Expect(page).ToHaveURLAsync(new Regex("/stations$"));
            await Expect(page.GetByRole(AriaRole.Columnheader, Header("Name"))).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, Header("District"))).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "RS-001", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Jiaocheng District", Exact = true }).First).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, Header("名称"))).ToHaveCountAsync(0);

            await SwitchLanguageAsync(page, "Language", "中文");

            await Expect(page.GetByRole(AriaRole.Columnheader, Header("名称"))).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "RS-001", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, Header("Name"))).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task LanguageSwitch_ComesBackToTheAddressOfTheMoment_QueryIncluded_AfterNavigatingInsideTheApp()
    {
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("stations");
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "RS-001", Exact = true })).ToBeVisibleAsync();

            // Navigations inside the circuit (no page load): the switch must follow them, query and all.
            await page.GetByRole(AriaRole.Link, new() { Name = "统计分析" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/analytics$"));
            await page.GetByTestId("preset-days30").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/analytics\\?preset=days30$"));
            await SwitchLanguageAsync(page, "切换语言", "English");

            await Expect(page).ToHaveURLAsync(new Regex("/analytics\\?preset=days30$"));
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "中文", Exact = true })).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", new Regex("^en"));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Healthz_ThroughTheFactoryClient_Returns200()
    {
        using var client = fixture.App.CreateClient();

        using var response = await client.GetAsync(new Uri("healthz", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A column header by its title; its accessible name also holds the sort button's label.</summary>
    private static PageGetByRoleOptions Header(string title) => new() { NameRegex = new Regex($"^{Regex.Escape(title)}(\\s|$)") };

    /// <summary>The app bar offers the other language by its name, and says what it does in its title.</summary>
    private static async Task SwitchLanguageAsync(IPage page, string switchTitle, string language)
    {
        var button = page.GetByRole(AriaRole.Button, new() { Name = language, Exact = true });
        await Expect(button).ToHaveAttributeAsync("title", switchTitle);
        await button.ClickAsync();
    }
}
