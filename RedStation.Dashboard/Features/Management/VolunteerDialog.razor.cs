using Microsoft.AspNetCore.Components;
using MudBlazor;
using RedStation.Dashboard.Components.Forms;
using RedStation.Dashboard.Localization;
using RedStation.Data.Entities;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

/// <summary>Registers a volunteer (<see cref="VolunteerId"/> null) or edits one; a refusal is shown under the field at fault.</summary>
public partial class VolunteerDialog
{
    private static readonly string[] FormFields = ["VolunteerName", "Phone", "MemberNumber", "WorkUnit", "Community", "Teams", "Skills"];

    private readonly FieldErrors _errors = new();
    private string? _name;
    private string? _phone;
    private string? _memberNumber;
    private string? _workUnit;
    private string? _skills;
    private int _communityId;
    private IReadOnlyCollection<int> _teamIds = [];
    private bool _saving;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public int? VolunteerId { get; set; }

    [Parameter, EditorRequired]
    public required VolunteerInput Input { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<CommunityOption> Communities { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<TeamRow> Teams { get; set; }

    [Inject]
    public required VolunteerAdminService Volunteers { get; init; }

    public static async Task<Volunteer?> ShowAsync(IDialogService dialogs, string title, int? volunteerId, VolunteerInput input, IReadOnlyList<CommunityOption> communities, IReadOnlyList<TeamRow> teams)
    {
        var parameters = new DialogParameters<VolunteerDialog>
        {
            { d => d.VolunteerId, volunteerId },
            { d => d.Input, input },
            { d => d.Communities, communities },
            { d => d.Teams, teams },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<VolunteerDialog>(title, parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: Volunteer volunteer } ? volunteer : null;
    }

    protected override void OnInitialized()
    {
        (_name, _phone, _memberNumber, _workUnit, _skills, _communityId) = (Input.Name, Input.Phone, Input.MemberNumber, Input.WorkUnit, Input.Skills, Input.CommunityId);
        _teamIds = Input.TeamIds.ToHashSet();
    }

    private string CommunityLabel(int communityId) =>
        Communities.FirstOrDefault(c => c.Id == communityId) is { } c ? $"{Bilingual.Pick(c.DistrictName, c.DistrictNameEn)} · {c.Name}" : string.Empty;

    private string TeamLabel(int teamId) =>
        Teams.FirstOrDefault(t => t.Id == teamId) is { } t ? t.DisplayName() : string.Empty;

    /// <summary>The chosen teams' names (MudSelect hands over the values as text).</summary>
    private string TeamsText(IReadOnlyList<string> ids) =>
        string.Join("、", _teamIds.Select(TeamLabel));

    private void Cancel() => Dialog.Cancel();

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var input = new VolunteerInput
            {
                Name = _name ?? string.Empty,
                Phone = _phone ?? string.Empty,
                MemberNumber = _memberNumber ?? string.Empty,
                WorkUnit = _workUnit ?? string.Empty,
                CommunityId = _communityId,
                Skills = _skills,
                TeamIds = _teamIds.ToList(),
            };
            var result = VolunteerId is { } id ? await Volunteers.UpdateAsync(id, input) : await Volunteers.CreateAsync(input);
            _errors.Set(result.Error);
            if (result.Error is null)
            {
                Dialog.Close(DialogResult.Ok(result.Value));
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
