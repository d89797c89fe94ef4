using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using RedStation.Dashboard.Security;
using RedStation.Data.Entities;

namespace RedStation.Dashboard.Features.Account;

/// <summary>
/// Sign-in for people: a static server-rendered form (no circuit before sign-in), antiforgery-checked,
/// rate-limited per IP address; five wrong passwords lock the account for 15 minutes.
/// </summary>
public partial class LoginPage
{
    private string? _error;

    [Inject]
    public required SignInManager<StaffUser> SignInManager { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

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

        var user = await SignInManager.UserManager.FindByNameAsync(Input.UserName.Trim());
        if (user is null)
        {
            // The same work and the same message as a wrong password: the form must not confirm user names.
            UnknownUserPasswordCheck.Verify(SignInManager.UserManager.PasswordHasher, Input.Password);
            _error = L["Login.Failed"];
            return;
        }

        var result = await SignInManager.PasswordSignInAsync(user, Input.Password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            Navigation.NavigateTo(SecurityExtensions.IsLocal(ReturnUrl) ? ReturnUrl! : "/", forceLoad: true);
            return;
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
