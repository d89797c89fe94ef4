using Microsoft.Playwright;
using RedStation.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RedStation.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class PeopleEndToEndTests(BrowserFixture fixture)
{
    private const string UserName = "e2e.duty";
    private const string Password = "e2e-duty-password-2020";

    [Fact]
    public async Task Administrator_CreatesDutyStaff_WhoSignsIn_AndTheAuditShowsTheCreation()
    {
        var station = StationGridNetwork.Stations.Single(s => s.Number == 3);
        var admin = await fixture.NewPageAsync();
        try
        {
            await admin.GotoAsync("admin/people");
            await admin.GetByTestId("person-create").ClickAsync();
            var dialog = admin.GetByRole(AriaRole.Dialog);
            await dialog.GetByTestId("person-username-input").FillAsync(UserName);
            await dialog.GetByTestId("person-displayname-input").FillAsync("端到端值班员");
            await dialog.GetByTestId("person-password-input").FillAsync(Password);
            await dialog.GetByText("值班人员").ClickAsync();
            await dialog.GetByTestId("person-station-search").FillAsync(station.Name);
            await admin.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = station.Code }).First.ClickAsync();
            await Expect(dialog.GetByTestId("person-stations")).ToContainTextAsync(station.Name);
            await dialog.GetByTestId("person-save").ClickAsync();

            await Expect(admin.Locator(".mud-snackbar")).ToContainTextAsync($"已创建 {UserName}");
            await Expect(admin.GetByTestId("people-table")).ToContainTextAsync(UserName);

            var duty = await fixture.NewPageAsync(signIn: false);
            try
            {
                await BrowserFixture.SignInAsync(duty, UserName, Password);
                await duty.GotoAsync("stations");
                await Expect(duty.GetByTestId("signed-in-user")).ToHaveTextAsync("端到端值班员");
            }
            finally
            {
                await duty.Context.CloseAsync();
            }

            await admin.GotoAsync("admin/audit");
            var table = admin.GetByTestId("audit-table");
            await Expect(table).ToContainTextAsync(RedStationAppFactory.AdminUserName);
            await Expect(table).ToContainTextAsync("值班驿站分配");
            await Expect(table).ToContainTextAsync(station.Name);
            var assignment = table.Locator("tbody tr").Filter(new() { HasText = "值班驿站分配" }).First;
            await Expect(assignment).ToContainTextAsync(RedStationAppFactory.AdminUserName);
            await Expect(assignment).ToContainTextAsync("新增");
            await Expect(assignment).ToContainTextAsync(station.Name);
        }
        finally
        {
            await admin.Context.CloseAsync();
        }
    }
}
