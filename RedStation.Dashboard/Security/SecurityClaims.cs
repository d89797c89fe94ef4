namespace RedStation.Dashboard.Security;

/// <summary>The claims RedStation adds to people and integration keys.</summary>
public static class SecurityClaims
{
    /// <summary>A station the principal may write at (duty staff assignment, or a key's station limit).</summary>
    public const string Station = "redstation:station";

    /// <summary>An integration key's scope: <see cref="ReadScope"/> or <see cref="WriteScope"/>.</summary>
    public const string Scope = "redstation:scope";

    public const string ReadScope = "read";
    public const string WriteScope = "write";

    /// <summary>The id recorded in the audit trail for a key (<c>key:{id}</c>, <c>config:{name}</c>) or a display token (<c>display:{id}</c>).</summary>
    public const string ActorId = "redstation:actor";

    /// <summary>A wall display's live scope: <c>all</c>, <c>district:{id}</c> or <c>station:{id}</c>.</summary>
    public const string DisplayScope = "redstation:display-scope";

    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The cookie scheme of wall displays admitted by a display token.</summary>
    public const string DisplayScheme = "Display";

    /// <summary>The cookie that keeps a wall display signed in.</summary>
    public const string DisplayCookie = "RedStation.Display";

    /// <summary>The cookie that keeps a person signed in.</summary>
    public const string PersonCookie = "RedStation.Auth";

    /// <summary>
    /// Chooses the API-key scheme when a key is presented, the person's cookie when there is one, the display's
    /// cookie when only that is there.
    /// </summary>
    public const string SmartScheme = "RedStation";
}
