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

    public const string ApiKeyScheme = "ApiKey";

    /// <summary>Chooses the API-key scheme when a key is presented, the person's cookie otherwise.</summary>
    public const string SmartScheme = "RedStation";
}
