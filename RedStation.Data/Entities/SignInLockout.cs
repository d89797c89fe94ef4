namespace RedStation.Data.Entities;

/// <summary>
/// A sign-in lockout as it happened: too many wrong passwords for one user name from one address (or, with no user
/// name, from one address for any name), and until when sign-in is refused there. Recorded for unknown names as for
/// known ones, so that the record's existence tells nothing; the people page shows those of real accounts under the
/// person, the others in its list of recent lockouts (someone trying names). An administrator may lift one early.
/// </summary>
/// <remarks>
/// The lockout itself is enforced in memory, by the sign-in's attempt limiter on the server that counted the failures;
/// this row is its durable, audited trace, and the lift that every server consults before refusing a locked name.
/// </remarks>
public sealed class SignInLockout
{
    /// <summary>The longest user name kept (Identity's own limit); a longer one typed at the form is cut.</summary>
    public const int MaxUserNameLength = 256;

    /// <summary>Room for an IPv6 address with a zone.</summary>
    public const int MaxAddressLength = 64;

    public long Id { get; set; }

    /// <summary>The user name as it was typed (trimmed); null for a lockout of the whole address.</summary>
    public string? UserName { get; set; }

    /// <summary>The user name normalised as Identity compares it; null for a lockout of the whole address.</summary>
    public string? NormalizedUserName { get; set; }

    /// <summary>The client address the failures came from.</summary>
    public required string Address { get; set; }

    /// <summary>The account of that name when there is one; null for a name no account has.</summary>
    public string? UserId { get; set; }

    /// <summary>The wrong passwords that set the lockout off.</summary>
    public int Failures { get; set; }

    public DateTime StartedAt { get; set; }

    /// <summary>When the lockout ends by itself.</summary>
    public DateTime EndsAt { get; set; }

    /// <summary>When an administrator lifted it early; null while it runs or once it ended by itself.</summary>
    public DateTime? LiftedAt { get; set; }

    /// <summary>Who lifted it (as <c>IntegrationKeyService.Who</c> names an actor).</summary>
    public string? LiftedBy { get; set; }

    /// <summary>Whether sign-in is still refused by it at <paramref name="utcNow"/>.</summary>
    public bool IsActive(DateTime utcNow) => LiftedAt is null && EndsAt > utcNow;
}
