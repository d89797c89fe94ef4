using Microsoft.AspNetCore.Identity;

namespace RedStation.Data.Security;

/// <summary>
/// The password and lockout rules of people, in one place: the sign-in (Identity in the Dashboard) and the
/// people service (<see cref="Services.StaffService"/>, which sets passwords) read the same options.
/// </summary>
public static class StaffIdentityPolicy
{
    public static void Configure(IdentityOptions options)
    {
        // Length over composition rules (NIST SP 800-63B): at least 10 characters, no forced symbol mix.
        options.Password.RequiredLength = 10;
        options.Password.RequiredUniqueChars = 4;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequireUppercase = false;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.User.RequireUniqueEmail = false;
    }
}
