using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Tests.Domain;

/// <summary>
/// Only an administrator (or the application itself) issues, revokes or changes a credential: the domain services
/// refuse everyone else, whatever page, endpoint or hub method calls them.
/// </summary>
public class CredentialGuardTests : DomainTestBase
{
    private static readonly Actor Administrator = new(ActorKind.Person, "user-1", "admin") { IsAdministrator = true };

    public static TheoryData<string> Actors() => ["organiser", "duty", "api-key", "display", "volunteer"];

    private static Actor ActorOf(string name) => name switch
    {
        "organiser" => new(ActorKind.Person, "user-7", "organiser"),
        "duty" => new(ActorKind.Person, "user-8", "duty"),
        "api-key" => new(ActorKind.ApiKey, "3", "kiosk"),
        "display" => new(ActorKind.DisplayToken, "4", "大厅大屏"),
        _ => new(ActorKind.Volunteer, "5", "志愿者"),
    };

    public static TheoryData<string> Writes() =>
    [
        "create key", "revoke key", "create display token", "revoke display token",
        "create person", "update person", "reset password", "lock person", "unlock person",
    ];

    private int _people;

    private async Task<Func<Task<Result<object>>>> WriteAsync(string write)
    {
        var n = ++_people;
        // What each write acts on exists, made by the administrator, so that only the actor differs.
        int keyId, tokenId;
        string personId;
        using (ActorContext.Begin(Administrator))
        {
            keyId = AssertSucceeded(await Service<IntegrationKeyService>().CreateAsync($"前台终端{n}", ["read"], [])).Key.Id;
            tokenId = AssertSucceeded(await Service<DisplayTokenService>().CreateAsync($"大厅大屏{n}", "all")).Token.Id;
            personId = AssertSucceeded(await Service<StaffService>().CreateAsync(
                new NewPerson($"lin.fang{n}", "林芳", "guard-test-password", [StaffRoles.Organiser], []))).Id;
            if (write == "unlock person")
            {
                AssertSucceeded(await Service<StaffService>().LockAsync(personId));
            }
        }

        static async Task<Result<object>> Boxed<T>(Task<Result<T>> task)
        {
            var result = await task;
            return result.Succeeded ? Result<object>.Ok(result.Value!) : result.Error!;
        }

        var staff = Service<StaffService>();
        return write switch
        {
            "create key" => () => Boxed(Service<IntegrationKeyService>().CreateAsync($"另一个终端{n}", ["read", "write"], [])),
            "revoke key" => () => Boxed(Service<IntegrationKeyService>().RevokeAsync(keyId)),
            "create display token" => () => Boxed(Service<DisplayTokenService>().CreateAsync("另一块屏", "all")),
            "revoke display token" => () => Boxed(Service<DisplayTokenService>().RevokeAsync(tokenId)),
            "create person" => () => Boxed(staff.CreateAsync(new NewPerson($"intruder{n}", "闯入者", "guard-test-password", [StaffRoles.Administrator], []))),
            "update person" => () => Boxed(staff.UpdateAsync(personId, new PersonChange("林芳", [StaffRoles.Administrator], []))),
            "reset password" => () => Boxed(staff.ResetPasswordAsync(personId, "another-guard-password")),
            "lock person" => () => Boxed(staff.LockAsync(personId)),
            _ => () => Boxed(staff.UnlockAsync(personId)),
        };
    }

    [Theory]
    [MemberData(nameof(Actors))]
    public async Task EveryCredentialWrite_IsRefusedToAnyoneButAnAdministrator(string actor)
    {
        foreach (var write in Writes())
        {
            var attempt = await WriteAsync(write);
            using (ActorContext.Begin(ActorOf(actor)))
            {
                var error = await AssertRejectedAsync(attempt, ErrorCodes.AdministratorRequired, ErrorKind.Forbidden);
                Assert.False(string.IsNullOrEmpty(error.Message), write);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task AnAdministrator_MayMakeEachOfThem(string write)
    {
        var attempt = await WriteAsync(write);
        using (ActorContext.Begin(Administrator))
        {
            AssertSucceeded(await attempt());
        }
    }
}
