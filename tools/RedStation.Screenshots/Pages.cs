using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Data.Entities;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>Pages several screenshots open: the Overview in a language, a wall screen by its link, a file chosen for an import.</summary>
public static class Pages
{
    public static readonly Language Chinese = new("zh-CN");

    public static readonly Language English = new("en");

    private static readonly Actor Admin = new(ActorKind.Person, "screenshots", ScreenshotApp.AdminUserName) { IsAdministrator = true };

    /// <summary>A signed-in browser in the language's locale on the Overview, its circuit up.</summary>
    public static async Task<IPage> OpenOverviewAsync(IBrowser browser, ScreenshotApp app, Language language, int width = 1440, int height = 900)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString(),
            Locale = language.Culture,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
        await page.GotoAsync("");
        await Expect(page.Locator(".overview[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
        return page;
    }

    /// <summary>A fresh browser context the size of a wall screen, not signed in (a screen opens its link).</summary>
    public static async Task<IPage> NewScreenAsync(IBrowser browser, ScreenshotApp app, int width = 1920, int height = 1080, string locale = "zh-CN")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    /// <summary>A display token's link whose playlist is the headline figures alone.</summary>
    public static async Task<string> CreateDisplayLinkAsync(ScreenshotApp app, string scope)
    {
        using var _ = ActorContext.Begin(Admin);
        var tokens = app.Services.GetRequiredService<DisplayTokenService>();
        var result = await tokens.CreateAsync($"大屏-{Guid.NewGuid():N}"[..12], scope);
        Ensure(result.Succeeded, result.Error?.Message);
        var set = await tokens.SetPlaylistAsync(result.Value!.Token.Id, [new(DisplayPlaylist.Kpis, 600)]);
        Ensure(set.Succeeded, set.Error?.Message);
        return $"{app.ServerAddress}display/connect?token={Uri.EscapeDataString(result.Value!.Secret)}";
    }

    /// <summary>Chooses a file the way a person does: the button opens the browser's file chooser, which is answered with the file.</summary>
    public static async Task ChooseFileAsync(IPage page, string name, string csv)
    {
        await Expect(page.GetByTestId("import-choose")).ToBeEnabledAsync(new() { Timeout = 60_000 });
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByTestId("import-choose").ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
    }

    /// <summary>Stops the screenshot with the domain's message when setting up its example data fails.</summary>
    public static void Ensure(bool succeeded, string? message)
    {
        if (!succeeded)
        {
            throw new InvalidOperationException(message ?? "Setting up the screenshot's example data failed.");
        }
    }

    public sealed record Language(string Culture);
}
