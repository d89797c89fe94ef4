namespace RedStation.Data.Security;

/// <summary>What kind of caller made a change.</summary>
public enum ActorKind
{
    /// <summary>The application itself: seeding, scheduled work, automatic check-outs.</summary>
    System,

    /// <summary>A person signed in with a password.</summary>
    Person,

    /// <summary>An integration key (kiosk, other system).</summary>
    ApiKey,

    /// <summary>A wall display admitted by a display token.</summary>
    DisplayToken,

    /// <summary>A volunteer identifying themselves at a station's self check-in page.</summary>
    Volunteer,

    /// <summary>Someone not signed in, known only by their address: whoever set off a sign-in lockout.</summary>
    Anonymous,
}

/// <summary>Who is making a change: recorded with every write in the audit trail.</summary>
/// <param name="Id">The person's user id, the key's or token's id, or a volunteer's id.</param>
/// <param name="Name">A human name for the audit page (user name, key name…).</param>
public sealed record Actor(ActorKind Kind, string Id, string Name)
{
    public static Actor System { get; } = new(ActorKind.System, "system", "system");

    /// <summary>Someone not signed in, at <paramref name="address"/>: the audit trail names them by it.</summary>
    public static Actor Anonymous(string address) => new(ActorKind.Anonymous, address, address);

    /// <summary>A person in the administrator role: the only actor, besides the application itself, who may issue or revoke credentials.</summary>
    public bool IsAdministrator { get; init; }

    public override string ToString() => $"{Kind}:{Name}";
}

/// <summary>
/// The actor of the work running on this async flow. The web layer sets it once per request (or per Blazor
/// circuit activity) from the authenticated principal; the <see cref="Services.DomainWriter"/> captures it
/// when a write is queued, the way it captures the caller's culture. Unset means <see cref="Actor.System"/>.
/// </summary>
public static class ActorContext
{
    private static readonly AsyncLocal<Actor?> Ambient = new();

    public static Actor Current => Ambient.Value ?? Actor.System;

    /// <summary>Makes <paramref name="actor"/> current until the result is disposed.</summary>
    public static IDisposable Begin(Actor actor)
    {
        var previous = Ambient.Value;
        Ambient.Value = actor;
        return new Restore(previous);
    }

    private sealed class Restore(Actor? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
