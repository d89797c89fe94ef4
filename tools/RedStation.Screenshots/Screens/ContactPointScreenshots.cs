using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RedStation.Data.Alerts.Notifications;
using RedStation.Data.Entities;
using RedStation.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Screenshots;

/// <summary>The alerts page's contact points, with their deliveries and the form, in zh-CN and en (skipped unless screenshots are asked for).</summary>
public sealed class ContactPointScreenshots
{
    [Shot]
    public async Task ContactPointsPanel_InChineseAndEnglish()
    {
        await using var session = await ScreenshotSession.StartAsync(ownApp: true);
        await using var receiver = await LocalReceiver.StartAsync();
        var services = session.App!.Services;
        var contactPoints = services.GetRequiredService<ContactPointService>();
        var weCom = (await contactPoints.CreateAsync(new ContactPointInput(
            "蕉城区值班群", ContactPointKind.WeCom, receiver.Url("cgi-bin/webhook/send?key=693a91f6"), Rules: [AlertRule.OverCapacity, AlertRule.NobodyOnDuty], DistrictId: 1))).Value!;
        await contactPoints.CreateAsync(new ContactPointInput(
            "市级钉钉群", ContactPointKind.DingTalk, receiver.Url("robot/send?access_token=5f0c"), "SEC9a8b7c6d5e4f3a2b1c0d", ReminderMinutes: 120, NotifyResolved: true));
        await contactPoints.CreateAsync(new ContactPointInput(
            "网格平台 Webhook", ContactPointKind.Webhook, receiver.Url("hooks/redstation"), "hmac-secret-of-the-grid", Enabled: false, ReminderMinutes: 0));
        var notifier = services.GetRequiredService<AlertNotifier>();
        receiver.Answer = n => Task.FromResult(n == 1 ? (500, "{}") : (200, LocalReceiver.RobotOk));
        await notifier.SendTestAsync(weCom.Id);
        await notifier.SendTestAsync(weCom.Id);

        foreach (var (culture, suffix) in new[] { ("zh-CN", "zh"), ("en", "en") })
        {
            var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = session.BaseUrl,
                Locale = culture,
                ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            });
            var page = await context.NewPageAsync();
            await Chromium.SignInAsync(page, ScreenshotApp.AdminUserName, ScreenshotApp.AdminPassword);
            await page.GotoAsync($"culture/set?culture={culture}&redirectUri=%2Falerts");
            var table = page.GetByTestId("contact-points");
            await Expect(table).ToBeVisibleAsync(new() { Timeout = 30_000 });
            // The page is prerendered first: the toggle answers once the circuit is up.
            for (var i = 0; i < 30 && !await page.GetByTestId("contact-point-delivery-list").IsVisibleAsync(); i++)
            {
                await page.GetByTestId("contact-point-deliveries").Last.ClickAsync();
                await page.WaitForTimeoutAsync(500);
            }

            await Expect(page.GetByTestId("contact-point-delivery-list")).ToBeVisibleAsync();
            await table.ScrollIntoViewIfNeededAsync();
            await table.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(session.Folder, $"contact-points-{suffix}.png") });

            await page.GetByTestId("contact-point-edit").Nth(1).ClickAsync();
            var form = page.GetByTestId("contact-point-form");
            await Expect(form).ToBeVisibleAsync();
            await form.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(session.Folder, $"contact-point-form-{suffix}.png") });
            await context.CloseAsync();
        }
    }
}
