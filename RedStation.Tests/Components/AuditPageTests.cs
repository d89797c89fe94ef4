using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RedStation.Dashboard.Features.Admin;
using RedStation.Data.Auditing;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

public sealed class AuditPageTests : DashboardTestContext
{
    private static readonly TimeSpan LoadTimeout = WaitTimeout;

    [Fact]
    public async Task Table_ShowsNewestFirst_WithActorEntityChangeAndStationName()
    {
        using (ActorContext.Begin(new Actor(ActorKind.ApiKey, "config:kiosk", "kiosk-east")))
        {
            Assert.True((await Database.Get<OccupancyService>().SetAsync(3, 4)).Succeeded);
        }

        Database.Time.Advance(TimeSpan.FromMinutes(5));
        using (ActorContext.Begin(new Actor(ActorKind.Person, "u1", "chief") { IsAdministrator = true }))
        {
            Assert.True((await Database.Get<StaffService>().CreateAsync(new NewPerson("lin.fang", "林芳", "component-test-password", [StaffRoles.Organiser], []))).Succeeded);
        }

        var cut = RenderPage();

        cut.WaitForAssertion(
            () =>
            {
                var rows = cut.FindAll("[data-testid=audit-table] tbody tr");
                Assert.Contains("chief", rows[0].TextContent);
                Assert.Contains("人员", rows[0].TextContent);
                var last = rows[^1];
                Assert.Contains("接口密钥", last.TextContent);
                Assert.Contains("kiosk-east", last.TextContent);
                Assert.Contains("修改", cut.Markup);
                Assert.Contains("人数变化", cut.Markup);
                // Two rows of the head-count; the person, their role and the role row itself (new in this database).
                Assert.Equal("共 5 条", cut.Find("[data-testid=audit-total]").TextContent.Trim());
            },
            LoadTimeout);
    }

    [Fact]
    public async Task Details_ShowBeforeAndAfter_AsEncodedText()
    {
        Assert.True((await Database.Get<StaffService>().CreateAsync(new NewPerson("hostile", "<b>x</b>", "component-test-password", [StaffRoles.Organiser], []))).Succeeded);
        var person = (await Database.Get<PeopleDirectory>().SearchAsync(new PeopleQuery()))[0];
        Assert.True((await Database.Get<StaffService>().UpdateAsync(person.Id, new PersonChange("<script>alert(1)</script>", [StaffRoles.Organiser], []))).Succeeded);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=audit-details]")), LoadTimeout);

        cut.FindAll("[data-testid=audit-details]")[0].Click();

        cut.WaitForAssertion(
            () =>
            {
                var row = cut.FindAll("[data-testid=audit-diff] tbody tr").Single(r => r.Children[0].TextContent == "DisplayName");
                Assert.Equal("<b>x</b>", row.Children[1].TextContent);
                Assert.Equal("<script>alert(1)</script>", row.Children[2].TextContent);
                Assert.Empty(cut.FindAll("[data-testid=audit-diff] script, [data-testid=audit-diff] b"));
            },
            LoadTimeout);
    }

    [Fact]
    public async Task FilterByEntity_ShowsOnlyThatEntity()
    {
        Assert.True((await Database.Get<OccupancyService>().SetAsync(3, 4)).Succeeded);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Contains("2", cut.Find("[data-testid=audit-total]").TextContent), LoadTimeout);

        cut.Find("[data-testid=audit-entity]").Closest(".mud-input-control")!.MouseDown();
        cut.WaitForElement(".mud-popover-open .mud-list-item");
        cut.FindAll(".mud-popover-open .mud-list-item").Single(item => item.TextContent.Trim() == "人数变化").Click();

        cut.WaitForAssertion(
            () =>
            {
                Assert.Contains("1", cut.Find("[data-testid=audit-total]").TextContent);
                Assert.All(cut.FindAll("[data-testid=audit-entity-cell]"), cell => Assert.Contains("人数变化", cell.TextContent));
            },
            LoadTimeout);
    }

    private IRenderedComponent<IComponent> RenderPage()
    {
        UseCulture("zh-CN");
        Services.AddSingleton(Database.Get<AuditLog>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<AuditPage>(2);
            builder.CloseComponent();
        });
    }
}
