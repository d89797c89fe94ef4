using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class SelfCheckInServiceTests : DomainTestBase
{
    // TestNetwork: volunteer i has member number NDDY{i:D6} and phone 1380000{i:D4}.
    private const string MemberA = "NDDY000001";
    private const string PhoneTailA = "0001";

    private SelfCheckInService SelfCheckIn => Service<SelfCheckInService>();

    [Fact]
    public async Task CheckIn_WithMemberNumberAndPhoneTail_OpensASession_RecordedAsTheVolunteer()
    {
        var receipt = AssertSucceeded(await SelfCheckIn.CheckInAsync(OpenStationId, " nddy000001 ", PhoneTailA));

        Assert.Equal(VolunteerA, receipt.VolunteerId);
        Assert.Equal("志愿者1", receipt.VolunteerName);
        Assert.Equal("蕉南锦绣小区红色驿站", receipt.StationName);
        Assert.Equal(Database.Time.GetUtcNow().UtcDateTime, receipt.CheckedInAt);
        Assert.Null(receipt.Hours);
        await using var db = await Database.CreateContextAsync();
        var session = await db.DutySessions.SingleAsync();
        Assert.Equal((VolunteerA, OpenStationId, (DateTime?)null), (session.VolunteerId, session.StationId, session.CheckedOutAt));
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(ActorKind.Volunteer, audit.ActorKind);
        Assert.Equal(VolunteerA.ToString(CultureInfo.InvariantCulture), audit.ActorId);
    }

    [Fact]
    public async Task CheckOut_AfterASelfCheckIn_AnswersTheHoursServed()
    {
        AssertSucceeded(await SelfCheckIn.CheckInAsync(OpenStationId, MemberA, PhoneTailA));
        Database.Time.Advance(TimeSpan.FromMinutes(135));

        var receipt = AssertSucceeded(await SelfCheckIn.CheckOutAsync(OpenStationId, MemberA, PhoneTailA));

        Assert.Equal(2.25, receipt.Hours);
        Assert.Equal(Database.Time.GetUtcNow().UtcDateTime, receipt.CheckedOutAt);
    }

    [Fact]
    public async Task CheckIn_WithAWrongPhoneTail_IsRejected_AndWritesNothing()
    {
        var wrongTail = await AssertRejectedAsync(() => SelfCheckIn.CheckInAsync(OpenStationId, MemberA, "0002"), ErrorCodes.SelfCheckInIdentityRejected, ErrorKind.Validation);
        var unknownNumber = await AssertRejectedAsync(() => SelfCheckIn.CheckInAsync(OpenStationId, "NDDY999999", PhoneTailA), ErrorCodes.SelfCheckInIdentityRejected, ErrorKind.Validation);

        // One answer for both: the page must not tell which member numbers exist.
        Assert.Equal(wrongTail.Message, unknownNumber.Message);
    }

    [Theory]
    [InlineData("", "0001")]
    [InlineData("NDDY000001", "")]
    [InlineData("NDDY000001", "001")]
    [InlineData("NDDY000001", "00001")]
    [InlineData("NDDY000001", "０００１")]
    [InlineData("NDDY000001", "13800000001")]
    public Task CheckIn_WithAMalformedPair_IsRejected_AndWritesNothing(string memberNumber, string phoneLast4) =>
        AssertRejectedAsync(() => SelfCheckIn.CheckInAsync(OpenStationId, memberNumber, phoneLast4), ErrorCodes.SelfCheckInIdentityRejected, ErrorKind.Validation);

    [Fact]
    public async Task CheckOut_WithAWrongPhoneTail_IsRejected_AndLeavesTheSessionOpen()
    {
        AssertSucceeded(await SelfCheckIn.CheckInAsync(OpenStationId, MemberA, PhoneTailA));

        await AssertRejectedAsync(() => SelfCheckIn.CheckOutAsync(OpenStationId, MemberA, "9999"), ErrorCodes.SelfCheckInIdentityRejected, ErrorKind.Validation);
    }

    [Fact]
    public async Task CheckIn_WhenOnDutyElsewhere_IsRejected_AndSaysWhere()
    {
        AssertSucceeded(await Service<DutyService>().CheckInAsync(SecondOpenStationId, VolunteerA));

        var error = await AssertRejectedAsync(() => SelfCheckIn.CheckInAsync(OpenStationId, MemberA, PhoneTailA), ErrorCodes.VolunteerAlreadyOnDuty, ErrorKind.Conflict);

        Assert.Contains("蕉南颐养红色驿站", error.Message);
        // The poster is public: its messages mask the name, as its receipt does.
        Assert.Contains("志*1", error.Message);
        Assert.DoesNotContain("志愿者1", error.Message);
    }

    [Fact]
    public async Task CheckOut_WhenNotCheckedInHere_IsRejected_WithTheNameMasked()
    {
        var error = await AssertRejectedAsync(() => SelfCheckIn.CheckOutAsync(OpenStationId, MemberA, PhoneTailA), ErrorCodes.VolunteerNotOnDutyHere, ErrorKind.Conflict);

        Assert.Contains("志*1", error.Message);
        Assert.DoesNotContain("志愿者1", error.Message);
    }

    [Theory]
    [InlineData(21, 40)]
    [InlineData(21, 0)]
    [InlineData(7, 59)]
    [InlineData(0, 30)]
    public async Task CheckIn_OutsideTheStationsOpeningHours_IsRejected_AndSaysTheHours(int hour, int minute)
    {
        AtCityTime(hour, minute);

        var error = await AssertRejectedAsync(() => SelfCheckIn.CheckInAsync(OpenStationId, MemberA, PhoneTailA), ErrorCodes.StationClosedNow, ErrorKind.Conflict);

        Assert.Contains("08:00", error.Message);
        Assert.Contains("21:00", error.Message);
    }

    [Fact]
    public async Task CheckIn_AtOpeningTime_IsAccepted()
    {
        AtCityTime(8, 0);

        AssertSucceeded(await SelfCheckIn.CheckInAsync(OpenStationId, MemberA, PhoneTailA));
    }

    [Fact]
    public async Task CheckOut_AfterClosingTime_IsStillAccepted()
    {
        AtCityTime(20, 30);
        AssertSucceeded(await SelfCheckIn.CheckInAsync(OpenStationId, MemberA, PhoneTailA));
        AtCityTime(21, 40);

        var receipt = AssertSucceeded(await SelfCheckIn.CheckOutAsync(OpenStationId, MemberA, PhoneTailA));

        Assert.NotNull(receipt.CheckedOutAt);
    }

    [Fact]
    public async Task ADeskCheckIn_AfterClosingTime_IsUnaffected()
    {
        AtCityTime(21, 40);

        AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerA));
    }

    [Fact]
    public Task CheckIn_AtAStationNotOpen_IsRejected() =>
        AssertRejectedAsync(() => SelfCheckIn.CheckInAsync(PlannedStationId, MemberA, PhoneTailA), ErrorCodes.StationNotOpen, ErrorKind.Conflict);

    [Fact]
    public Task CheckOut_WithoutCheckIn_IsRejected() =>
        AssertRejectedAsync(() => SelfCheckIn.CheckOutAsync(OpenStationId, MemberA, PhoneTailA), ErrorCodes.VolunteerNotOnDutyHere, ErrorKind.Conflict);

    /// <summary>Sets the clock to the given time of the test day (2026-11-28) in the city (UTC+8).</summary>
    private void AtCityTime(int hour, int minute) =>
        Database.Time.Set(new DateTimeOffset(2026, 11, 28, hour, minute, 0, TimeSpan.FromHours(8)));

    [Fact]
    public async Task ShortCode_IsIssuedOnce_Typeable_AndLeadsToItsStation_AuditedAsItsIssuer()
    {
        var organiser = new Actor(ActorKind.Person, "user-7", "organiser");
        string code;
        using (ActorContext.Begin(organiser))
        {
            code = AssertSucceeded(await SelfCheckIn.IssueShortCodeAsync(OpenStationId, replace: false));
        }

        Assert.Equal(SelfCheckInService.ShortCodeLength, code.Length);
        Assert.All(code, c => Assert.Contains(c, SelfCheckInService.ShortCodeAlphabet));
        Assert.DoesNotContain(code, c => c is '0' or 'O' or '1' or 'I' or 'L' or 'U');
        // Asked again (every poster print), the same code: the posters already printed keep working.
        Assert.Equal(code, AssertSucceeded(await SelfCheckIn.IssueShortCodeAsync(OpenStationId, replace: false)));
        Assert.NotEqual(code, AssertSucceeded(await SelfCheckIn.IssueShortCodeAsync(SecondOpenStationId, replace: false)));

        // Typed by hand: lower case, grouped with a dash or a space.
        Assert.Equal(OpenStationId, await SelfCheckIn.FindStationByShortCodeAsync(code));
        Assert.Equal(OpenStationId, await SelfCheckIn.FindStationByShortCodeAsync(code[..4].ToLowerInvariant() + "-" + code[4..]));
        Assert.Equal(OpenStationId, await SelfCheckIn.FindStationByShortCodeAsync(code[..4] + " " + code[4..].ToLowerInvariant()));

        await using var db = await Database.CreateContextAsync();
        var audit = await db.AuditEntries.Where(a => a.ActorId == "user-7").ToListAsync();
        Assert.Single(audit);
    }

    [Fact]
    public async Task ShortCode_Replaced_RevokesTheOldOne()
    {
        var old = AssertSucceeded(await SelfCheckIn.IssueShortCodeAsync(OpenStationId, replace: false));

        var replacement = AssertSucceeded(await SelfCheckIn.IssueShortCodeAsync(OpenStationId, replace: true));

        Assert.NotEqual(old, replacement);
        Assert.Null(await SelfCheckIn.FindStationByShortCodeAsync(old));
        Assert.Equal(OpenStationId, await SelfCheckIn.FindStationByShortCodeAsync(replacement));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCD234")]
    [InlineData("ABCD23456")]
    [InlineData("ABCD2340")]
    [InlineData("ABCDEFGI")]
    [InlineData("ABCD%345")]
    public async Task ShortCode_ThatCannotBeOne_FindsNothing_WithoutAQuery(string? typed)
    {
        Assert.Null(SelfCheckInService.NormalizeShortCode(typed));
        Assert.Null(await SelfCheckIn.FindStationByShortCodeAsync(typed));
    }

    [Fact]
    public async Task ShortCode_ForAnUnknownStation_IsRefused_AndWritesNothing() =>
        await AssertRejectedAsync(() => SelfCheckIn.IssueShortCodeAsync(UnknownId, replace: false), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task CheckIn_FromThePosterRacingCheckInsFromDesks_EndsInExactlyOneOpenSession()
    {
        var duty = Service<DutyService>();
        var selfCheckIn = SelfCheckIn;
        using var start = new Barrier(24);

        // Real threads released together: half from the poster, half from two desks, all for volunteer A.
        var calls = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            start.SignalAndWait();
            return i % 2 == 0
                ? (await selfCheckIn.CheckInAsync(i % 4 == 0 ? OpenStationId : SecondOpenStationId, MemberA, PhoneTailA)).Error
                : (await duty.CheckInAsync(i % 4 == 1 ? OpenStationId : SecondOpenStationId, VolunteerA)).Error;
        })).ToList();
        var errors = await Task.WhenAll(calls);

        Assert.Single(errors, e => e is null);
        Assert.All(errors.OfType<DomainError>(), e =>
        {
            Assert.Equal(ErrorKind.Conflict, e.Kind);
            Assert.Contains(e.Code, new[] { ErrorCodes.VolunteerAlreadyOnDuty, ErrorCodes.ConcurrentChange });
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        });
        await using var db = await Database.CreateContextAsync();
        Assert.Equal(1, await db.DutySessions.CountAsync(d => d.VolunteerId == VolunteerA));
    }
}

public sealed class SelfCheckInServiceTests_PostgreSQL : SelfCheckInServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
