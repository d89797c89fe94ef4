using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using RedStation.Dashboard.Security;
using RedStation.Data.Entities;

namespace RedStation.Dashboard.Features.Account;

/// <summary>
/// Sign-in for people: a static server-rendered form (no circuit before sign-in), antiforgery-checked,
/// rate-limited per IP address; five wrong passwords lock the name out from that address for 15 minutes
/// (<see cref="SignInAttemptLimiter"/>).
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
        if (Attempts.IsLockedOut(normalized, address))
        {
            _error = L["Login.LockedOut"];
            return;
        }

        var user = await SignInManager.UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // The same work and the same message as a wrong password: the form must not confirm user names.
            UnknownUserPasswordCheck.Verify(SignInManager.UserManager.PasswordHasher, Input.Password);
            Attempts.RecordFailure(normalized, address);
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
            Attempts.RecordFailure(normalized, address);
        }

        // The same message for an unknown user and a wrong password: the form must not confirm user names.
        _error = result.IsLockedOut ? L["Login.LockedOut"] : L["Login.Failed"];
    }

    internal sealed class LoginInput
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }
}
