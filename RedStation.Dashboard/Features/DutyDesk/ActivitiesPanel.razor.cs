using Microsoft.AspNetCore.Components;
using RedStation.Dashboard.Localization;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.DutyDesk;

/// <summary>Logging an activity (now to +1 h by default), ending a running one with its final attendance, and today's list.</summary>
public partial class ActivitiesPanel : DeskPanelBase
{
    private IReadOnlyList<ActivityTypeOption> _types = [];
    private IReadOnlyList<DeskActivityRow> _activities = [];
    private readonly Dictionary<long, int> _final = [];
    private int? _typeId;
    private string? _title;
    private DateTime _startsAt;
    private DateTime _endsAt;
    private int _attendance;
    private string? _notes;

    [Inject] public required ActivityService Activities { get; init; }

    [Inject] public required StationDirectory Stations { get; init; }

    [Inject] public required DeskDirectory Desk { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _types = await Stations.GetActivityTypesAsync();
        ResetForm();
    }

    protected override async Task LoadAsync() => _activities = await Desk.TodayActivitiesAsync(Station.StationId);

    /// <summary>The form starts at the current city minute and lasts an hour.</summary>
    private void ResetForm()
    {
        var now = Clock.LocalNow;
        _startsAt = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Unspecified);
        _endsAt = _startsAt.AddHours(1);
        (_title, _notes, _attendance) = (null, null, 0);
    }

    private bool IsRunning(DeskActivityRow activity) => activity.EndedAt is null && activity.StartsAt <= Clock.UtcNow;

    private int FinalAttendance(DeskActivityRow activity) => _final.GetValueOrDefault(activity.Id, activity.Attendance);

    private string TypeName(ActivityTypeOption type) => type.DisplayName();

    private string TypeLabel(int? typeId) => _types.FirstOrDefault(t => t.Id == typeId) is { } type ? TypeName(type) : string.Empty;

    private async Task LogAsync()
    {
        if (_typeId is not { } typeId)
        {
            Snackbar.Add(L["Desk.Activity.TypeRequired"], MudBlazor.Severity.Error);
            return;
        }

        // The form speaks the city's local time; the domain stores UTC.
        var request = new LogActivityRequest(
            Station.StationId, typeId, _title ?? string.Empty, Clock.ToUtc(_startsAt), Clock.ToUtc(_endsAt), _attendance, Notes: _notes);
        if (await WriteAsync(() => Activities.LogAsync(request), a => L["Desk.Activity.Logged", a.Title]) is not null)
        {
            ResetForm();
        }
    }

    private async Task EndAsync(DeskActivityRow activity)
    {
        if (await WriteAsync(() => Activities.EndAsync(activity.Id, FinalAttendance(activity)), a => L["Desk.Activity.EndedMessage", a.Title, a.Attendance]) is not null)
        {
            _final.Remove(activity.Id);
        }
    }
}
