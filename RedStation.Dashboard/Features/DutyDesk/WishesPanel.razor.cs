using Microsoft.AspNetCore.Components;
using RedStation.Data.Entities;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.DutyDesk;

/// <summary>Micro-wishes: posting one for a resident, claiming it for a volunteer on duty here, fulfilling it; the open list oldest first.</summary>
public partial class WishesPanel : DeskPanelBase
{
    private IReadOnlyList<DeskWishRow> _wishes = [];
    private readonly Dictionary<long, int?> _claimer = [];
    private readonly Dictionary<long, string?> _notes = [];
    private WishCategory _category = WishCategory.ElderlyHelp;
    private string? _title;
    private string? _requester;
    private string? _phone;

    [Inject] public required WishService Wishes { get; init; }

    [Inject] public required DeskDirectory Desk { get; init; }

    protected override async Task LoadAsync() => _wishes = await Desk.OpenWishesAsync(Station.StationId);

    private string CategoryLabel(WishCategory category) => L[$"WishCategory.{category}"];

    private string VolunteerLabel(int? volunteerId) => Station.OnDuty.FirstOrDefault(v => v.VolunteerId == volunteerId)?.Name ?? string.Empty;

    private string Age(TimeSpan age) => age.TotalDays >= 1
        ? L["Desk.Age.Days", (int)age.TotalDays]
        : age.TotalHours >= 1 ? L["Desk.Age.Hours", (int)age.TotalHours] : L["Desk.Age.Minutes", Math.Max(0, (int)age.TotalMinutes)];

    private async Task PostAsync()
    {
        var request = new PostWishRequest(Station.StationId, _category, _title ?? string.Empty, _requester ?? string.Empty, _phone);
        if (await WriteAsync(() => Wishes.PostAsync(request), w => L["Desk.Wish.Posted", w.Title]) is not null)
        {
            (_title, _requester, _phone) = (null, null, null);
        }
    }

    private async Task ClaimAsync(DeskWishRow wish)
    {
        if (_claimer.GetValueOrDefault(wish.Id) is not { } volunteerId)
        {
            return;
        }

        var name = VolunteerLabel(volunteerId);
        if (await WriteAsync(() => Wishes.ClaimAsync(wish.Id, volunteerId), w => L["Desk.Wish.Claimed", w.Title, name]) is not null)
        {
            _claimer.Remove(wish.Id);
        }
    }

    private async Task FulfilAsync(DeskWishRow wish)
    {
        if (await WriteAsync(() => Wishes.FulfilAsync(wish.Id, _notes.GetValueOrDefault(wish.Id)), w => L["Desk.Wish.Fulfilled", w.Title]) is not null)
        {
            _notes.Remove(wish.Id);
        }
    }
}
