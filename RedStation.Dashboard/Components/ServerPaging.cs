using MudBlazor;

namespace RedStation.Dashboard.Components;

/// <summary>
/// Reloads a server-paged table or grid after its filter changed, starting again at page one: page 4 of the old
/// result may not exist in the new one. Does nothing before the component is rendered.
/// </summary>
public static class ServerPaging
{
    public static async Task ReloadFromFirstPageAsync<T>(this MudTable<T>? table)
    {
        if (table is null)
        {
            return;
        }

        if (table.CurrentPage != 0)
        {
            table.NavigateTo(Page.First);
        }

        await table.ReloadServerData();
    }

    public static async Task ReloadFromFirstPageAsync<T>(this MudDataGrid<T>? grid)
    {
        if (grid is null)
        {
            return;
        }

        if (grid.CurrentPage != 0)
        {
            grid.NavigateTo(Page.First);
        }

        await grid.ReloadServerData();
    }
}
