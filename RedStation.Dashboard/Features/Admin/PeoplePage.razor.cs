using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor;
using RedStation.Dashboard.Security;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Admin;

/// <summary>
/// The people who sign in: their roles, stations and state. Every change goes through <see cref="StaffService"/>;
/// its outcome (the domain's own message on a refusal) is a snackbar. Sign-in lockouts (too many wrong passwords for a
/// name from an address) show under the person they concern and, with those of names no account has, in the list of
/// the last seven days; an administrator lifts one through <see cref="SignInLockoutService"/>, and this server's attempt
/// limiter forgets it at once (another server when the name next tries, from the recorded lift).
/// </summary>
public partial class PeoplePage
{
    internal const int SearchDebounceMilliseconds = 300;
    private static readonly int[] PageSizes = [10, 25, 50, 100];
    private static readonly IReadOnlyList<string> FilterRoles = StaffService.AssignableRoles;

    private IReadOnlyList<PersonRow> _people = [];
    private IReadOnlyList<SignInLockout> _lockouts = [];
    private ILookup<string, SignInLockout> _activeByPerson = Array.Empty<SignInLockout>().ToLookup(l => string.Empty);
    private string? _search;
    private string? _role;
    private bool _loading = true;

    [Inject]
    public required PeopleDirectory Directory { get; init; }

    [Inject]
    public required StaffService Staff { get; init; }

    [Inject]
    public required SignInLockoutService Lockouts { get; init; }

    [Inject]
    public required SignInAttemptLimiter Attempts { get; init; }

    [Inject]
    public required IOptions<IdentityOptions> Identity { get; init; }

    [Inject]
    public required CityClock Clock { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        _people = await Directory.SearchAsync(new PeopleQuery { Search = _search, Role = _role });
        _lockouts = await Lockouts.ListRecentAsync();
        var now = Clock.UtcNow;
        _activeByPerson = _lockouts.Where(l => l.UserId is not null && l.IsActive(now)).ToLookup(l => l.UserId!);
        _loading = false;
    }

    private Task OnSearchChangedAsync(string? search)
    {
        _search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        return LoadAsync();
    }

    private Task OnRoleChangedAsync(string? role)
    {
        _role = role;
        return LoadAsync();
    }

    private async Task CreateAsync()
    {
        if (await PersonDialog.ShowAsync(Dialogs, L["People.CreateTitle"], person: null) is { } created)
        {
            Snackbar.Add(L["People.Created", created.UserName], Severity.Success);
            await LoadAsync();
        }
    }

    private async Task EditAsync(PersonRow person)
    {
        if (await PersonDialog.ShowAsync(Dialogs, L["People.EditTitle", person.UserName], person) is { } updated)
        {
            Snackbar.Add(L["People.Updated", updated.UserName], Severity.Success);
            await LoadAsync();
        }
    }

    private async Task ResetPasswordAsync(PersonRow person)
    {
        if (await PasswordDialog.ShowAsync(Dialogs, L["People.ResetTitle", person.UserName], person))
        {
            Snackbar.Add(L["People.PasswordReset", person.UserName], Severity.Success);
            await LoadAsync();
        }
    }

    private async Task LockAsync(PersonRow person)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["People.LockTitle", person.UserName], L["People.LockConfirm", person.UserName],
            yesText: L["People.Lock"], cancelText: L["Dialog.Cancel"]);
        if (confirmed == true)
        {
            await ReportAsync(await Staff.LockAsync(person.Id), L["People.Locked", person.UserName]);
        }
    }

    private async Task UnlockAsync(PersonRow person)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["People.UnlockTitle", person.UserName], L["People.UnlockConfirm", person.UserName],
            yesText: L["People.Unlock"], cancelText: L["Dialog.Cancel"]);
        if (confirmed == true)
        {
            await ReportAsync(await Staff.UnlockAsync(person.Id), L["People.Unlocked", person.UserName]);
        }
    }

    private async Task LiftAsync(SignInLockout lockout)
    {
        var (title, question) = lockout.UserName is { } name
            ? (L["People.LiftTitle", name], L["People.LiftConfirm", name, lockout.Address])
            : (L["People.LiftAddressTitle", lockout.Address], L["People.LiftAddressConfirm", lockout.Address]);
        var confirmed = await Dialogs.ShowMessageBoxAsync(title, question, yesText: L["People.Lift"], cancelText: L["Dialog.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var result = await Lockouts.LiftAsync(lockout.Id);
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Error);
            await LoadAsync();
            return;
        }

        // This server lets the name try again at once; another server when the name next tries (it reads the lift).
        Attempts.Lift(result.Value!.NormalizedUserName, result.Value.Address);
        Snackbar.Add(lockout.UserName is { } lifted ? L["People.Lifted", lifted, lockout.Address] : L["People.LiftedAddress", lockout.Address], Severity.Success);
        await LoadAsync();
    }

    private IEnumerable<SignInLockout> ActiveLockouts(PersonRow person) => _activeByPerson[person.Id];

    private string LockoutChipLabel(SignInLockout lockout) =>
        L["People.SignInLockout", TimeLabel(lockout.EndsAt), lockout.Address, lockout.Failures];

    private string LockoutStateLabel(SignInLockout lockout) =>
        lockout.LiftedAt is { } lifted ? L["People.LockoutLifted", lockout.LiftedBy ?? "?", TimeLabel(lifted)]
        : lockout.IsActive(Clock.UtcNow) ? L["People.LockoutActive", TimeLabel(lockout.EndsAt)]
        : L["People.LockoutEnded", TimeLabel(lockout.EndsAt)];

    private Color LockoutStateColor(SignInLockout lockout) =>
        lockout.IsActive(Clock.UtcNow) ? Color.Warning : Color.Default;

    private string TimeLabel(DateTime utc) => Clock.ToLocal(utc).ToString("t", CultureInfo.CurrentCulture);

    private string StartedLabel(DateTime utc) => Clock.ToLocal(utc).ToString("g", CultureInfo.CurrentCulture);

    private async Task ReportAsync(Result<PersonRow> result, string success)
    {
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Error);
            return;
        }

        Snackbar.Add(success, Severity.Success);
        await LoadAsync();
    }

    private string RoleLabel(string? role) => role is null ? string.Empty : L[$"Role.{role}"];

    private static Color RoleColor(string role) => role switch
    {
        StaffRoles.Administrator => Color.Error,
        StaffRoles.Organiser => Color.Primary,
        _ => Color.Info,
    };

    private string StationsLabel(PersonRow person) => person.Stations.Count switch
    {
        0 => "—",
        <= 3 => string.Join("、", person.Stations.Select(s => s.Name)),
        _ => L["People.StationsMore", string.Join("、", person.Stations.Take(3).Select(s => s.Name)), person.Stations.Count - 3],
    };

    private string StateLabel(PersonRow person) =>
        !person.IsLocked(Directory.Now) ? L["People.Active"]
        : person.IsDisabled ? L["People.Disabled"]
        : L["People.LockedUntil", Clock.ToLocal(person.LockedUntil!.Value.UtcDateTime).ToString("t", CultureInfo.CurrentCulture)];

    private Color StateColor(PersonRow person) =>
        !person.IsLocked(Directory.Now) ? Color.Success : person.IsDisabled ? Color.Error : Color.Warning;

    private string LastChangeLabel(PersonRow person) =>
        person.LastChangedAt is { } at ? Clock.ToLocal(at).ToString("g", CultureInfo.CurrentCulture) : "—";
}
