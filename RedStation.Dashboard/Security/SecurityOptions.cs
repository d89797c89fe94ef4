namespace RedStation.Dashboard.Security;

/// <summary>The <c>Security</c> section of the configuration.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>The first administrator, created on a start when no administrator exists.</summary>
    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    /// <summary>
    /// Development only, with the demo network: one account per role, keyed by user name
    /// (<c>admin</c>, <c>organiser</c>, <c>duty</c>). Never configure these in production.
    /// </summary>
    public Dictionary<string, DemoAccountOptions> DemoAccounts { get; set; } = [];

    /// <summary>Integration keys for <c>/api/v1</c> and <c>/hubs/live</c>.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Sign-in attempts (form posts) allowed per client IP address per window.</summary>
    public int SignInPermitLimit { get; set; } = 10;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Wrong passwords from one client address, whatever the user names, before that address may not sign in for
    /// <see cref="SignInAddressLockout"/> (<see cref="SignInAttemptLimiter"/>): enough for an office of people who mistype,
    /// too few to try many names.
    /// </summary>
    public int SignInAddressFailureLimit { get; set; } = 30;

    public TimeSpan SignInAddressFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan SignInAddressLockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>API requests allowed per caller (key, person, or else IP address) per window.</summary>
    public int ApiPermitLimit { get; set; } = 1200;

    public TimeSpan ApiWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Display-link openings (<c>/display/connect</c>) allowed per client IP address per window.</summary>
    public int DisplayConnectPermitLimit { get; set; } = 20;

    public TimeSpan DisplayConnectWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the in-memory list of keys and display tokens created in Admin is trusted before it is read
    /// again: the delay before a revocation made on another server takes effect here.
    /// </summary>
    public TimeSpan CredentialRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an open Blazor circuit of a wall display checks that its token is still active.</summary>
    public TimeSpan DisplayRevalidation { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often a sign-in cookie is checked against the person's security stamp, so that locking a person, resetting
    /// their password or changing their roles or stations ends or refreshes their sessions.
    /// </summary>
    public TimeSpan StampValidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class BootstrapAdminOptions
{
    public string UserName { get; set; } = "admin";
    public string? Password { get; set; }
}

public sealed class DemoAccountOptions
{
    public string Role { get; set; } = "";
    public string? Password { get; set; }

    /// <summary>For duty staff: how many open Red Stations (the first by code) they staff.</summary>
    public int Stations { get; set; }
}

public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary><c>read</c> and/or <c>write</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>When set, the key writes only at these stations.</summary>
    public List<int> Stations { get; set; } = [];
}
