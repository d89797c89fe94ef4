using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class WishServiceTests : DomainTestBase
{
    private WishService Wishes => Service<WishService>();

    private static PostWishRequest Request(Func<PostWishRequest, PostWishRequest>? change = null)
    {
        var request = new PostWishRequest(OpenStationId, WishCategory.ElderlyHelp, "陪同老人就医", "陈阿婆");
        return change is null ? request : change(request);
    }

    private async Task<MicroWish> PostAsync() => AssertSucceeded(await Wishes.PostAsync(Request()));

    [Fact]
    public async Task Wish_GoesFromPostedToClaimedToFulfilled_WithATimestampForEachStep()
    {
        var wish = await PostAsync();
        Database.Time.Advance(TimeSpan.FromHours(2));
        AssertSucceeded(await Wishes.ClaimAsync(wish.Id, VolunteerA));
        Database.Time.Advance(TimeSpan.FromHours(20));
        AssertSucceeded(await Wishes.FulfilAsync(wish.Id, "已陪同就诊"));

        await using var db = await Database.CreateContextAsync();
        var stored = await db.MicroWishes.SingleAsync();
        Assert.Equal(WishStatus.Fulfilled, stored.Status);
        Assert.Equal(VolunteerA, stored.ClaimedByVolunteerId);
        Assert.Equal(stored.PostedAt.AddHours(2), stored.ClaimedAt);
        Assert.Equal(stored.PostedAt.AddHours(22), stored.FulfilledAt);
        Assert.Equal("已陪同就诊", stored.FulfilmentNote);
    }

    [Fact]
    public async Task Cancel_APostedWish_RecordsTheReason()
    {
        var wish = await PostAsync();

        var cancelled = AssertSucceeded(await Wishes.CancelAsync(wish.Id, "居民已自行解决"));

        Assert.Equal(WishStatus.Cancelled, cancelled.Status);
        Assert.NotNull(cancelled.CancelledAt);
    }

    [Fact]
    public Task Post_WithoutTitle_IsRejected() =>
        AssertRejectedAsync(() => Wishes.PostAsync(Request(r => r with { Title = " " })), ErrorCodes.TextRequired, ErrorKind.Validation);

    [Fact]
    public Task Post_WithoutRequester_IsRejected() =>
        AssertRejectedAsync(() => Wishes.PostAsync(Request(r => r with { RequesterName = "" })), ErrorCodes.TextRequired, ErrorKind.Validation);

    [Fact]
    public Task Post_WithAnOversizedTitle_IsRejected() =>
        AssertRejectedAsync(() => Wishes.PostAsync(Request(r => r with { Title = new string('愿', TextLimits.Title + 1) })), ErrorCodes.TextTooLong, ErrorKind.Validation);

    [Theory]
    [InlineData("Title", "\u202Eexe.txt 心愿")]
    [InlineData("RequesterName", "陈\u200B阿婆")]
    [InlineData("RequesterPhone", "1380000\u00000000")]
    public async Task Post_WithAnInvisibleOrDirectionCharacter_IsRejected_NamingTheField(string field, string text)
    {
        var error = await AssertRejectedAsync(() => Wishes.PostAsync(Request(r => field switch
        {
            "Title" => r with { Title = text },
            "RequesterName" => r with { RequesterName = text },
            _ => r with { RequesterPhone = text },
        })), ErrorCodes.TextCharacterRefused, ErrorKind.Validation);

        Assert.Equal(field, error.Field);
        Assert.Contains("U+", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fulfil_KeepsTheNotesLineBreaks_ButRefusesAControlCharacter()
    {
        var wish = await PostAsync();
        AssertSucceeded(await Wishes.ClaimAsync(wish.Id, VolunteerA));
        await AssertRejectedAsync(() => Wishes.FulfilAsync(wish.Id, "已送达\u001B[2J"), ErrorCodes.TextCharacterRefused, ErrorKind.Validation);

        var fulfilled = AssertSucceeded(await Wishes.FulfilAsync(wish.Id, "已送达\n居民满意"));

        Assert.Equal("已送达\n居民满意", fulfilled.FulfilmentNote);
    }

    [Fact]
    public async Task Post_StoresTheTitleTrimmedAndComposed()
    {
        var wish = AssertSucceeded(await Wishes.PostAsync(Request(r => r with { Title = "  Cafe\u0301 陪同就医 " })));

        await using var db = await Database.CreateContextAsync();
        Assert.Equal("Caf\u00E9 陪同就医", (await db.MicroWishes.SingleAsync(w => w.Id == wish.Id)).Title);
    }

    [Fact]
    public Task Post_WithAnUnknownCategory_IsRejected() =>
        AssertRejectedAsync(() => Wishes.PostAsync(Request(r => r with { Category = (WishCategory)42 })), ErrorCodes.UnknownCategory, ErrorKind.Validation);

    [Fact]
    public Task Post_AtAnUnknownStation_IsRejected() =>
        AssertRejectedAsync(() => Wishes.PostAsync(Request(r => r with { StationId = UnknownId })), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public Task Post_AtAPlannedStation_IsRejected() =>
        AssertRejectedAsync(() => Wishes.PostAsync(Request(r => r with { StationId = PlannedStationId })), ErrorCodes.StationNotOpen, ErrorKind.Conflict);

    [Fact]
    public async Task Claim_ByAnUnknownVolunteer_IsRejected()
    {
        var wish = await PostAsync();

        await AssertRejectedAsync(() => Wishes.ClaimAsync(wish.Id, UnknownId), ErrorCodes.VolunteerNotFound, ErrorKind.NotFound);
    }

    [Fact]
    public Task Claim_AnUnknownWish_IsRejected() =>
        AssertRejectedAsync(() => Wishes.ClaimAsync(UnknownId, VolunteerA), ErrorCodes.WishNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Claim_AnAlreadyClaimedWish_IsRejected()
    {
        var wish = await PostAsync();
        AssertSucceeded(await Wishes.ClaimAsync(wish.Id, VolunteerA));

        await AssertRejectedAsync(() => Wishes.ClaimAsync(wish.Id, VolunteerB), ErrorCodes.WishTransitionInvalid, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Fulfil_BeforeClaim_IsRejected()
    {
        var wish = await PostAsync();

        await AssertRejectedAsync(() => Wishes.FulfilAsync(wish.Id, null), ErrorCodes.WishTransitionInvalid, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Fulfil_WithAnOversizedNote_IsRejected()
    {
        var wish = await PostAsync();
        AssertSucceeded(await Wishes.ClaimAsync(wish.Id, VolunteerA));

        await AssertRejectedAsync(() => Wishes.FulfilAsync(wish.Id, new string('好', TextLimits.Note + 1)), ErrorCodes.TextTooLong, ErrorKind.Validation);
    }

    [Fact]
    public async Task Cancel_AFulfilledWish_IsRejected()
    {
        var wish = await PostAsync();
        AssertSucceeded(await Wishes.ClaimAsync(wish.Id, VolunteerA));
        AssertSucceeded(await Wishes.FulfilAsync(wish.Id, null));

        await AssertRejectedAsync(() => Wishes.CancelAsync(wish.Id, "重复登记"), ErrorCodes.WishTransitionInvalid, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Cancel_WithoutReason_IsRejected()
    {
        var wish = await PostAsync();

        await AssertRejectedAsync(() => Wishes.CancelAsync(wish.Id, ""), ErrorCodes.TextRequired, ErrorKind.Validation);
    }
}

public sealed class WishServiceTests_PostgreSQL : WishServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
