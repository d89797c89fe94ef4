using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using RedStation.Dashboard.Security;
using RedStation.Data.Entities;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Account;

/// <summary>
/// Sign-in for people: a static server-rendered form (no circuit before sign-in), antiforgery-checked,
/// rate-limited per IP address; five wrong passwords lock the name out from that address for 15 minutes
/// (<see cref="SignInAttemptLimiter"/>). Each lockout that begins is recorded, audited, in the name of the anonymous
/// caller at that address (<see cref="SignInLockoutService"/>), for a known name as for an unknown one.
/// </summary>
public partial class LoginPage
{
    private string? _error;

    [Inject]
    public required SignInManager<StaffUser> SignInManager { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required SignInAttemptLimiter Attempts { get; init; }

    [Inject]
    public required SignInLockoutService Lockouts { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "login")]
    private LoginInput? Input { get; set; }

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    protected override void OnInitialized() => Input ??= new LoginInput();

    private async Task SignInAsync()
    {
        Input ??= new LoginInput();
        if (string.IsNullOrWhiteSpace(Input.UserName) || string.IsNullOrEmpty(Input.Password))
        {
            _error = L["Login.Missing"];
            return;
        }

        var userName = Input.UserName.Trim();
        var normalized = SignInManager.UserManager.NormalizeName(userName);
        var address = HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (Attempts.IsLockedOut(normalized, address) && !await LiftedAsync(normalized, address))
        {
            _error = L["Login.LockedOut"];
            return;
        }

        var user = await SignInManager.UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // The same work and the same message as a wrong password: the form must not confirm user names.
            UnknownUserPasswordCheck.Verify(SignInManager.UserManager.PasswordHasher, Input.Password);
            await RecordFailureAsync(userName, normalized, address);
            _error = L["Login.Failed"];
            return;
        }

        // Identity's own lockout is per account, whoever fails: anyone could keep the administrator locked out. Wrong
        // passwords lock the name out from the address they come from (SignInAttemptLimiter); an account an administrator
        // locked stays locked (Identity checks that whatever lockoutOnFailure says).
        var result = await SignInManager.PasswordSignInAsync(user, Input.Password, isPersistent: true, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            Attempts.RecordSuccess(normalized, address);
            Navigation.NavigateTo(SecurityExtensions.IsLocal(ReturnUrl) ? ReturnUrl! : "/", forceLoad: true);
            return;
        }

        if (!result.IsLockedOut)
        {
            await RecordFailureAsync(userName, normalized, address);
        }

        // The same message for an unknown user and a wrong password: the form must not confirm user names.
        _error = result.IsLockedOut ? L["Login.LockedOut"] : L["Login.Failed"];
    }

    /// <summary>
    /// Counts the wrong password, and records the lockouts it set off: the same write for an unknown name as for a real
    /// one, so that the answer's time tells nothing.
    /// </summary>
    private async Task RecordFailureAsync(string userName, string normalized, string address)
    {
        foreach (var started in Attempts.RecordFailure(normalized, address))
        {
            var (failures, since, until) = (started.Lockout.Failures, started.Lockout.Since.UtcDateTime, started.Lockout.Until.UtcDateTime);
            var name = started.NormalizedUserName is null ? null : userName;
            _ = await Lockouts.RecordAsync(new SignInLockoutStart(name, started.NormalizedUserName, address, failures, since, until));
        }
    }

    /// <summary>
    /// Whether an administrator lifted, since it began, every lockout this server holds against the name at this address
    /// (on any server: the lift is recorded); a lifted one is forgotten here too. Asked only while locked out, known
    /// name or not.
    /// </summary>
    private async Task<bool> LiftedAsync(string normalized, string address)
    {
        foreach (var name in new[] { normalized, null })
        {
            if (Attempts.LockedSince(name, address) is { } since &&
                await Lockouts.WasLiftedSinceAsync(name, address, since.UtcDateTime))
            {
                Attempts.Lift(name, address);
            }
        }

        return !Attempts.IsLockedOut(normalized, address);
    }

    internal sealed class LoginInput
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }
}
