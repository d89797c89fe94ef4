using System.Net;
using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RedStation.Dashboard.Features.Management;
using RedStation.Data;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Components;

/// <summary>The one import flow (Components/Import/ImportFlow) as both import pages use it: preview, problems, skip, outcome.</summary>
public sealed class ImportFlowTests : DashboardTestContext
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void VolunteerPage_PreviewsTheFile_NamesTheBadRow_AndImportsTheValidOnesWhenAsked()
    {
        var cut = RenderPage<VolunteerImportPage>(StaffRoles.Organiser);
        var community = $"{StationGridNetwork.Districts[0].Name}中心社区";
        Upload(cut, "volunteers.csv", $"姓名,手机号,党员编号,工作单位,社区\n陈晓明,13912340001,NDDY900101,民政局,{community}\n林芳,12345,NDDY900102,民政局,{community}");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=import-preview]")), WriteTimeout);
        Assert.Contains("1", cut.Find("[data-testid=import-valid]").TextContent);
        Assert.Contains("1", cut.Find("[data-testid=import-invalid]").TextContent);
        Assert.Contains("12345", Decode(cut.Find("[data-testid=import-problem]").TextContent));
        Assert.True(cut.Find("[data-testid=import-confirm]").HasAttribute("disabled"));

        cut.Find("[data-testid=import-skip]").Click();

        cut.WaitForAssertion(() => Assert.Contains("已导入 1 名志愿者", Decode(cut.Find("[data-testid=import-done]").TextContent)), WriteTimeout);
        Assert.Empty(cut.FindAll("[data-testid=import-preview]"));
    }

    [Fact]
    public void NetworkPage_AStaffSheet_OffersTheInitialPasswordsOnce_AsTheStoredHashesAccept()
    {
        var cut = RenderPage<NetworkImportPage>(StaffRoles.Administrator, "manage/import?sheet=staff");
        Assert.EndsWith("template/staff.csv", cut.Find("[data-testid=template-csv]").GetAttribute("href"), StringComparison.Ordinal);
        Upload(cut, "staff.csv", $"用户名,显示名称,角色,站点编号\nflow.duty,流程值班员,值班员,{StationGridNetwork.Stations[0].Code}");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=import-preview]")), WriteTimeout);
        Assert.Contains("新增", Decode(cut.Find("[data-testid=import-rows] tbody").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=import-passwords]"));
        cut.Find("[data-testid=import-confirm]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=import-passwords-download]")), WriteTimeout);
        var link = cut.Find("[data-testid=import-passwords-download]");
        Assert.Equal("initial-passwords.csv", link.GetAttribute("download"));
        const string Prefix = "data:text/csv;charset=utf-8;base64,";
        var href = link.GetAttribute("href")!;
        Assert.StartsWith(Prefix, href, StringComparison.Ordinal);
        var line = Encoding.UTF8.GetString(Convert.FromBase64String(href[Prefix.Length..])).Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("flow.duty,", StringComparison.Ordinal));
        var password = line["flow.duty,".Length..];
        using (var db = Database.Get<IDbContextFactory<RedStationDbContext>>().CreateDbContext())
        {
            var user = db.Users.Single(u => u.UserName == "flow.duty");
            Assert.Equal(PasswordVerificationResult.Success, Database.Get<IPasswordHasher<StaffUser>>().VerifyHashedPassword(user, user.PasswordHash!, password));
        }

        // Once: choosing the next file ends the outcome, and nothing on the page can show the password again.
        Upload(cut, "staff.csv", "用户名,显示名称,角色,站点编号\nflow.duty,流程值班员,组织者,");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=import-preview]")), WriteTimeout);
        Assert.Empty(cut.FindAll("[data-testid=import-passwords]"));
        Assert.DoesNotContain(password, cut.Markup, StringComparison.Ordinal);
        Assert.Contains("更新", Decode(cut.Find("[data-testid=import-rows] tbody").TextContent));
    }

    [Fact]
    public void NetworkPage_OffersNoStaffSheetToAnOrganiser()
    {
        var cut = RenderPage<NetworkImportPage>(StaffRoles.Organiser, "manage/import?sheet=staff");

        Assert.EndsWith("template/districts.csv", cut.Find("[data-testid=template-csv]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkPage_AWorkbook_ShowsOneGridPerSheet_AndImportsThemTogether()
    {
        var cut = RenderPage<NetworkImportPage>(StaffRoles.Organiser, "manage/import?sheet=workbook");
        Assert.EndsWith("template/network.xlsx", cut.Find("[data-testid=template-workbook]").GetAttribute("href"), StringComparison.Ordinal);
        var book = new Dictionary<string, object>
        {
            ["Districts"] = new[] { new Dictionary<string, object> { ["区县编号"] = "FLOW", ["区县名称"] = "流程区", ["英文名称"] = "Flow", ["排序"] = "9" } },
            ["Communities"] = new[] { new Dictionary<string, object> { ["区县编号"] = "FLOW", ["社区名称"] = "流程社区", ["党组织"] = "流程社区党委" } },
        };
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, book, excelType: MiniExcelLibs.ExcelType.XLSX);
        Upload(cut, "network.xlsx", stream.ToArray());

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=import-rows]").Count), WriteTimeout);
        Assert.Equal(["区县", "社区（含党组织）"], cut.FindAll("[data-testid=import-sheet-title]").Select(t => Decode(t.TextContent).Split('·')[0].Trim()));
        cut.Find("[data-testid=import-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=import-done-sheet]").Count), WriteTimeout);
        using var db = Database.Get<IDbContextFactory<RedStationDbContext>>().CreateDbContext();
        Assert.Equal("FLOW", db.Communities.Include(c => c.District).Single(c => c.Name == "流程社区").District!.Code);
    }

    private IRenderedComponent<IComponent> RenderPage<TPage>(string role, string? address = null)
        where TPage : IComponent
    {
        UseCulture("zh-CN");
        var auth = AddAuthorization();
        auth.SetAuthorized(role.ToLowerInvariant());
        auth.SetRoles(role);
        Services.AddSingleton(Database.Get<VolunteerImportService>());
        Services.AddSingleton(Database.Get<NetworkImportService>());
        UseInteractiveRenderer();
        if (address is not null)
        {
            // The page reads its sheet from the address, as a link from the setup page opens it.
            Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        }

        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(1);
            builder.CloseComponent();
        });
    }

    private static void Upload(IRenderedComponent<IComponent> cut, string name, string text) => Upload(cut, name, Encoding.UTF8.GetBytes(text));

    private static void Upload(IRenderedComponent<IComponent> cut, string name, byte[] bytes) =>
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(bytes, name));

    private static string Decode(string text) => WebUtility.HtmlDecode(text);
}
