using System.Security.Cryptography;
using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RedStation.Dashboard.Features.Admin;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>The Admin pages for integration keys and display tokens: a secret shown once, revocation confirmed.</summary>
public sealed class AdminPagesTests : DashboardTestContext
{
    private bool _registered;

    [Fact]
    public async Task KeysPage_Create_ShowsTheKeyOnce_AndStoresOnlyItsHash()
    {
        var cut = RenderPage<KeysPage>();

        cut.Find("[data-testid=key-new]").Click();
        cut.WaitForElement("[data-testid=key-name-input]").Change("前台终端");
        cut.Find("[data-testid=key-create]").Click();

        var secret = cut.WaitForElement("[data-testid=secret-value]").GetAttribute("value")!;
        Assert.StartsWith("rsk_", secret);
        Assert.Contains("不再显示", cut.Find("[data-testid=secret-once]").TextContent);
        await using (var db = await Database.CreateContextAsync())
        {
            var stored = await db.IntegrationKeys.SingleAsync();
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), stored.Hash);
            Assert.Equal(["read"], stored.Scopes);
        }

        cut.Find("[data-testid=key-done]").Click();
        cut.WaitForAssertion(() => Assert.DoesNotContain(secret, cut.Markup));
        Assert.Contains(secret[..10], cut.Find("tbody").TextContent);
        Assert.Equal("前台终端", cut.Find("[data-testid=key-name]").TextContent.Trim());
    }

    [Fact]
    public void KeysPage_Create_WithoutAName_ShowsTheDomainsMessage()
    {
        var cut = RenderPage<KeysPage>();

        cut.Find("[data-testid=key-new]").Click();
        cut.WaitForElement("[data-testid=key-create]").Click();

        cut.WaitForAssertion(() => Assert.Contains("名称不能为空。", cut.Find(".mud-snackbar").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=secret-value]"));
    }

    [Fact]
    public async Task KeysPage_Revoke_AsksFirst_ThenRevokes()
    {
        var created = (await Database.Get<IntegrationKeyService>().CreateAsync("kiosk", ["read"], [])).Value!;
        var cut = RenderPage<KeysPage>();

        cut.WaitForElement("[data-testid=key-revoke]").Click();
        var confirm = cut.WaitForElement(".mud-message-box");
        Assert.Contains("kiosk", confirm.TextContent);
        cut.FindAll(".mud-message-box button").Single(b => b.TextContent.Trim() == "吊销").Click();

        cut.WaitForAssertion(() => Assert.Contains("已由", cut.Find("[data-testid=key-status]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=key-revoke]"));
        Assert.False(Assert.Single(await Database.Get<IntegrationKeyService>().ListAsync(), k => k.Id == created.Key.Id).IsActive);
    }

    [Fact]
    public async Task DisplaysPage_Create_ShowsTheLinkAndItsQrCode_OnlyInThisView()
    {
        var cut = RenderPage<DisplaysPage>();

        cut.Find("[data-testid=display-new]").Click();
        cut.WaitForElement("[data-testid=display-name-input]").Change("大厅大屏");
        cut.Find("[data-testid=display-create]").Click();

        var link = cut.WaitForElement("[data-testid=secret-value]").GetAttribute("value")!;
        Assert.StartsWith("http://localhost/display/connect?token=rsd_", link);
        Assert.StartsWith("data:image/png;base64,", cut.Find("[data-testid=display-qr]").GetAttribute("src"));
        var token = Uri.UnescapeDataString(link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        await using var db = await Database.CreateContextAsync();
        var stored = await db.DisplayTokens.SingleAsync();
        Assert.Equal(("大厅大屏", "all"), (stored.Name, stored.Scope));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), stored.Hash);

        // A new view of the page cannot show it again: only the hash is stored.
        var again = Render<DisplaysPage>();
        again.WaitForAssertion(() => Assert.Equal("大厅大屏", again.Find("[data-testid=display-name]").TextContent.Trim()));
        Assert.Empty(again.FindAll("[data-testid=display-qr]"));
        Assert.DoesNotContain(token, again.Markup);
    }

    [Fact]
    public async Task DisplaysPage_Revoke_AsksFirst_ThenRevokes_AndDropsTheLink()
    {
        var cut = RenderPage<DisplaysPage>();
        cut.Find("[data-testid=display-new]").Click();
        cut.WaitForElement("[data-testid=display-name-input]").Change("hall");
        cut.Find("[data-testid=display-create]").Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=display-qr]")), WaitTimeout);

        cut.WaitForElement("[data-testid=display-revoke]").Click();
        cut.WaitForElement(".mud-message-box");
        cut.FindAll(".mud-message-box button").Single(b => b.TextContent.Trim() == "吊销").Click();

        cut.WaitForAssertion(() => Assert.Contains("已由", cut.Find("[data-testid=display-status]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=display-qr]"));
        Assert.Empty(await Database.Get<DisplayTokenService>().ListActiveAsync());
    }

    private IRenderedComponent<IComponent> RenderPage<TPage>() where TPage : IComponent
    {
        UseCulture("zh-CN");
        if (!_registered)
        {
            Services.AddSingleton(Database.Get<IntegrationKeyService>());
            Services.AddSingleton(Database.Get<DisplayTokenService>());
            Services.AddOptions<RedStation.Dashboard.Features.WallDisplay.WallDisplayOptions>();
            // The displays page asks who is looking: administrators create and revoke, organisers only edit playlists.
            var auth = AddAuthorization();
            auth.SetAuthorized("admin");
            auth.SetRoles(RedStation.Data.Security.StaffRoles.Administrator);
            _registered = true;
        }

        // A circuit: the pages keep their buttons disabled while prerendering.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        // The providers the layout puts around every page: dialogs, snackbars and popovers.
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(3);
            builder.CloseComponent();
        });
    }
}
