using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Tests.Domain;

/// <summary>
/// The durable trace of sign-in lockouts: recorded in the name of the anonymous caller at the address, for known and
/// unknown names alike; lifted by an administrator only, once; consulted by the sign-in for a lift.
/// </summary>
public class SignInLockoutServiceTests : DomainTestBase
{
    private const string Address = "10.0.0.5";
    private static readonly Actor Admin = new(ActorKind.Person, "user-1", "admin") { IsAdministrator = true };

    private SignInLockoutService Lockouts => Service<SignInLockoutService>();

    private DateTime Now => Database.Time.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Record_ForAKnownAndAnUnknownName_IsAudited_InTheNameOfTheAnonymousCallerAtTheAddress()
    {
        var person = AssertSucceeded(await Service<StaffService>().CreateAsync(new NewPerson("lin.fang", "林芳", "lockout-test-password", [StaffRoles.Organiser], [])));

        var known = AssertSucceeded(await Lockouts.RecordAsync(Start("Lin.Fang", "LIN.FANG")));
        var unknown = AssertSucceeded(await Lockouts.RecordAsync(Start("ghost", "GHOST")));

        Assert.Equal(person.Id, known.UserId);
        Assert.Null(unknown.UserId);
        await using var db = await Database.CreateContextAsync();
        var stored = await db.SignInLockouts.OrderBy(l => l.Id).ToListAsync();
        Assert.Equal([("Lin.Fang", Address, 5), ("ghost", Address, 5)], stored.Select(l => (l.UserName!, l.Address, l.Failures)));
        var entries = await db.AuditEntries.Where(a => a.Entity == nameof(SignInLockout)).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal((ActorKind.Anonymous, Address, Address, AuditChange.Added), (e.ActorKind, e.ActorId, e.ActorName, e.Change)));
        Assert.Contains("\"UserName\":\"ghost\"", entries[1].After);
        // The caller's own actor (the application here) is back once the record is written.
        Assert.Equal(Actor.System, ActorContext.Current);
    }

    [Fact]
    public async Task Lift_ByAnAdministrator_EndsTheLockout_IsAudited_AndTheSignInFindsTheLift()
    {
        var lockout = AssertSucceeded(await Lockouts.RecordAsync(Start("ghost", "GHOST")));
        Assert.False(await Lockouts.WasLiftedSinceAsync("GHOST", Address, lockout.StartedAt));
        Database.Time.Advance(TimeSpan.FromMinutes(3));

        using (ActorContext.Begin(Admin))
        {
            AssertSucceeded(await Lockouts.LiftAsync(lockout.Id));
        }

        var lifted = Assert.Single(await Lockouts.ListRecentAsync());
        Assert.Equal(("admin", Now), (lifted.LiftedBy, lifted.LiftedAt));
        Assert.False(lifted.IsActive(Now));
        Assert.True(await Lockouts.WasLiftedSinceAsync("GHOST", Address, lockout.StartedAt));
        // Not for another address, another name, the whole address, or a lockout that began after the lift.
        Assert.False(await Lockouts.WasLiftedSinceAsync("GHOST", "10.0.0.6", lockout.StartedAt));
        Assert.False(await Lockouts.WasLiftedSinceAsync("LIN.FANG", Address, lockout.StartedAt));
        Assert.False(await Lockouts.WasLiftedSinceAsync(null, Address, lockout.StartedAt));
        Assert.False(await Lockouts.WasLiftedSinceAsync("GHOST", Address, Now.AddSeconds(1)));
        await using var db = await Database.CreateContextAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(SignInLockout) && a.Change == AuditChange.Modified);
        Assert.Equal((ActorKind.Person, "user-1", lockout.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (entry.ActorKind, entry.ActorId, entry.EntityKey));
        Assert.Contains("\"LiftedBy\":\"admin\"", entry.After);
    }

    [Fact]
    public async Task Lift_OfAWholeAddress_IsFoundForTheAddressOnly()
    {
        var lockout = AssertSucceeded(await Lockouts.RecordAsync(Start(null, null) with { Failures = 30 }));

        AssertSucceeded(await Lockouts.LiftAsync(lockout.Id));

        Assert.True(await Lockouts.WasLiftedSinceAsync(null, Address, lockout.StartedAt));
        Assert.False(await Lockouts.WasLiftedSinceAsync("GHOST", Address, lockout.StartedAt));
    }

    [Theory]
    [InlineData("organiser")]
    [InlineData("anonymous")]
    [InlineData("api-key")]
    public async Task Lift_IsRefusedToAnyoneButAnAdministrator(string who)
    {
        var lockout = AssertSucceeded(await Lockouts.RecordAsync(Start("lin.fang", "LIN.FANG")));
        var actor = who switch
        {
            "organiser" => new Actor(ActorKind.Person, "user-7", "organiser"),
            "anonymous" => Actor.Anonymous(Address),
            _ => new Actor(ActorKind.ApiKey, "3", "kiosk"),
        };

        using (ActorContext.Begin(actor))
        {
            await AssertRejectedAsync(() => Lockouts.LiftAsync(lockout.Id), ErrorCodes.AdministratorRequired, ErrorKind.Forbidden);
        }

        Assert.True(Assert.Single(await Lockouts.ListRecentAsync()).IsActive(Now));
    }

    [Fact]
    public async Task Lift_OfALiftedOrEndedOrUnknownLockout_IsRejected()
    {
        var lifted = AssertSucceeded(await Lockouts.RecordAsync(Start("lin.fang", "LIN.FANG")));
        var ended = AssertSucceeded(await Lockouts.RecordAsync(Start("ghost", "GHOST")));
        AssertSucceeded(await Lockouts.LiftAsync(lifted.Id));

        await AssertRejectedAsync(() => Lockouts.LiftAsync(lifted.Id), ErrorCodes.SignInLockoutNotActive, ErrorKind.Conflict);
        Database.Time.Advance(TimeSpan.FromMinutes(16));
        await AssertRejectedAsync(() => Lockouts.LiftAsync(ended.Id), ErrorCodes.SignInLockoutNotActive, ErrorKind.Conflict);
        await AssertRejectedAsync(() => Lockouts.LiftAsync(ended.Id + 100), ErrorCodes.SignInLockoutNotFound, ErrorKind.NotFound);
    }

    [Fact]
    public async Task ListRecent_HoldsTheLastSevenDays_NewestFirst()
    {
        AssertSucceeded(await Lockouts.RecordAsync(Start("old", "OLD")));
        Database.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        AssertSucceeded(await Lockouts.RecordAsync(Start("first", "FIRST")));
        Database.Time.Advance(TimeSpan.FromMinutes(1));
        AssertSucceeded(await Lockouts.RecordAsync(Start("second", "SECOND")));

        Assert.Equal(["second", "first"], (await Lockouts.ListRecentAsync()).Select(l => l.UserName));
    }

    [Fact]
    public async Task Record_CutsAnOverlongName_ToWhatTheColumnHolds()
    {
        var typed = new string('x', 400);

        var lockout = AssertSucceeded(await Lockouts.RecordAsync(Start(typed, typed.ToUpperInvariant())));

        Assert.Equal(SignInLockout.MaxUserNameLength, lockout.UserName!.Length);
        Assert.Equal(SignInLockout.MaxUserNameLength, (await Lockouts.ListRecentAsync()).Single().NormalizedUserName!.Length);
    }

    private SignInLockoutStart Start(string? userName, string? normalized) =>
        new(userName, normalized, Address, 5, Now, Now + TimeSpan.FromMinutes(15));
}

public sealed class SignInLockoutServiceTests_PostgreSQL : SignInLockoutServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
