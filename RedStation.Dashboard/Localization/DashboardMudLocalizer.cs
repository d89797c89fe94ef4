using Microsoft.Extensions.Localization;
using MudBlazor;

namespace RedStation.Dashboard.Localization;

/// <summary>
/// Gives MudBlazor's own strings (pager buttons, sort labels, "clear") our translations: a key
/// <c>MudDataGridPager_NextPage</c> is looked up as <c>Mud.MudDataGridPager_NextPage</c> in <see cref="SharedResource"/>.
/// Keys we do not translate keep MudBlazor's English.
/// </summary>
internal sealed class DashboardMudLocalizer(IStringLocalizer<SharedResource> localizer) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var translated = localizer[$"Mud.{key}"];
            return translated.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, translated.Value);
        }
    }
}
