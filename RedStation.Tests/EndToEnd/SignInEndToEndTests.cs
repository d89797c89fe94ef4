using System.Text.RegularExpressions;
using RedStation.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed partial class SignInEndToEndTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AnonymousVisitor_IsSentToSignIn_ComesBackToThePageSignedIn_AndSignsOut()
    {
        // The stations page holds no live-feed subscription, so this test leaves the feed's count alone.
        var page = await fixture.NewPageAsync(signIn: false);
        try
        {
            await page.GotoAsync("stations");
            await Expect(page).ToHaveURLAsync(LoginAddress());
            await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();

            await page.GetByLabel("用户名").FillAsync(RedStationAppFactory.AdminUserName);
            await page.GetByLabel("密码").FillAsync("wrong-password-0");
            await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Alert)).ToContainTextAsync("用户名或密码不正确");

            await page.GetByLabel("用户名").FillAsync(RedStationAppFactory.AdminUserName);
            await page.GetByLabel("密码").FillAsync(RedStationAppFactory.AdminPassword);
            await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(StationsAddress());
            await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(RedStationAppFactory.AdminUserName);

            await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(LoginAddress());
            await page.GotoAsync("stations");
            await Expect(page).ToHaveURLAsync(LoginAddress());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [GeneratedRegex("/account/login")]
    private static partial Regex LoginAddress();

    [GeneratedRegex("/stations$")]
    private static partial Regex StationsAddress();
}
