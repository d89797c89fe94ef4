using Bunit;
using Microsoft.EntityFrameworkCore;
using RedStation.Dashboard.Features.Alerts;
using RedStation.Data.Alerts.Notifications;
using RedStation.Data.Entities;

namespace RedStation.Tests.Components;

/// <summary>The alerts page's contact points: added, edited and removed through the form, refusals on their field, the secret never sent back.</summary>
public sealed class ContactPointsPanelTests : DashboardTestContext
{
    private const string Secret = "SECf00dfeedcafe0123456789abcdef-robot";
    private static readonly TimeSpan WriteTimeout = WaitTimeout;

    [Fact]
    public void AddingAContactPoint_SavesIt_AndListsIt()
    {
        UseCulture("zh-CN");
        var cut = Render<ContactPointsPanel>();
        Assert.Contains("还没有通知渠道", cut.Find("[data-testid=contact-points]").TextContent);

        cut.Find("[data-testid=contact-point-add]").Click();
        cut.WaitForElement("[data-testid=contact-point-name]").Input("蕉城区值班群");
        cut.Find("[data-testid=contact-point-url]").Input("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123");
        cut.Find("[data-testid=contact-point-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=contact-point-form]")), WriteTimeout);
        // The list is read again after the form closes: wait for the new row, not just for the form to go.
        var row = cut.WaitForElement("[data-testid=contact-point-row-name]", WriteTimeout).TextContent;
        Assert.Contains("蕉城区值班群", row);
        Assert.Contains("企业微信群机器人", row);
        // The robot's key is in the query: once saved it stays off the list.
        Assert.Equal("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…", cut.Find("[data-testid=contact-point-row-url]").TextContent.Trim());
        Assert.Contains("每 4 小时", cut.Markup);
    }

    [Fact]
    public async Task AnAddressThatIsNotHttp_IsRefusedOnItsField()
    {
        UseCulture("en");
        var cut = Render<ContactPointsPanel>();

        cut.Find("[data-testid=contact-point-add]").Click();
        cut.WaitForElement("[data-testid=contact-point-name]").Input("Duty group");
        cut.Find("[data-testid=contact-point-url]").Input("ftp://robots.example/send");
        cut.Find("[data-testid=contact-point-save]").Click();

        cut.WaitForAssertion(() =>
        {
            const string Message = "Address (URL) must be an absolute http:// or https:// address.";
            Assert.Contains(Message, cut.Find("[data-testid=contact-point-url]").Closest(".mud-input-control")!.TextContent);
            Assert.DoesNotContain(Message, cut.Find("[data-testid=contact-point-name]").Closest(".mud-input-control")!.TextContent);
        }, WriteTimeout);
        Assert.Empty(await Database.Get<ContactPointService>().ListAsync());
    }

    [Fact]
    public async Task TheSecret_IsNeverShownBack_AndEditingWithTheFieldEmptyKeepsIt()
    {
        UseCulture("zh-CN");
        var created = (await Database.Get<ContactPointService>().CreateAsync(new ContactPointInput(
            "钉钉值班群", ContactPointKind.DingTalk, "https://oapi.dingtalk.com/robot/send?access_token=t0k3n", Secret))).Value!;
        var cut = Render<ContactPointsPanel>();

        Assert.DoesNotContain(Secret, cut.Markup);
        Assert.Contains("密钥 ••••ot", cut.Find("[data-testid=contact-point-row-secret]").TextContent);

        cut.Find("[data-testid=contact-point-edit]").Click();
        var secretField = cut.WaitForElement("[data-testid=contact-point-secret]");
        Assert.True(string.IsNullOrEmpty(secretField.GetAttribute("value")));
        Assert.Equal("password", secretField.GetAttribute("type"));
        Assert.DoesNotContain(Secret, cut.Markup);
        Assert.Contains("已设置密钥（••••ot），留空则保持不变。", cut.Markup);

        cut.Find("[data-testid=contact-point-name]").Input("钉钉值班群（夜间）");
        cut.Find("[data-testid=contact-point-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("钉钉值班群（夜间）", cut.Find("[data-testid=contact-point-row-name]").TextContent), WriteTimeout);
        await using var db = await Database.CreateContextAsync();
        var stored = await db.ContactPoints.SingleAsync(c => c.Id == created.Id);
        Assert.Equal(("钉钉值班群（夜间）", Secret), (stored.Name, stored.Secret));
        Assert.DoesNotContain(Secret, cut.Markup);
    }

    [Fact]
    public async Task RemovingAContactPoint_AsksOnce_ThenRemovesIt()
    {
        UseCulture("en");
        await Database.Get<ContactPointService>().CreateAsync(new ContactPointInput("Webhook", ContactPointKind.Webhook, "https://hooks.example/redstation"));
        var cut = Render<ContactPointsPanel>();

        cut.Find("[data-testid=contact-point-delete]").Click();
        cut.WaitForElement("[data-testid=contact-point-delete-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Contains("No contact points yet", cut.Find("[data-testid=contact-points]").TextContent), WriteTimeout);
        Assert.Empty(await Database.Get<ContactPointService>().ListAsync());
    }

    [Fact]
    public async Task AContactPointChangedElsewhere_ShowsWithoutAReload()
    {
        UseCulture("en");
        UseInteractiveRenderer();
        await Database.Get<ContactPointService>().CreateAsync(new ContactPointInput("First", ContactPointKind.Webhook, "https://hooks.example/1"));
        var cut = Render<ContactPointsPanel>();

        await Database.Get<ContactPointService>().CreateAsync(new ContactPointInput("Second", ContactPointKind.Webhook, "https://hooks.example/2"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=contact-point-row-name]").Count), WriteTimeout);
    }
}
