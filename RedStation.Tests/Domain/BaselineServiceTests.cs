using Microsoft.EntityFrameworkCore;
using RedStation.Data.Analytics;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Data.Time;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

/// <summary>
/// The historical baselines: entered by administrators only, validated and audited, and added to every cumulative figure
/// — the programme's totals are the baseline plus what the database recorded after the baseline's last day.
/// </summary>
public class BaselineServiceTests : DomainTestBase
{
    private static readonly Actor Admin = new(ActorKind.Person, "user-1", "admin") { IsAdministrator = true };
    private static readonly DateOnly Start = new(2020, 7, 1);
    private static readonly DateOnly AsOf = new(2026, 11, 24);

    /// <summary>The programme's real figures (docs/domain.md), counted up to <see cref="AsOf"/>.</summary>
    private static readonly ProgrammeBaselineInput Programme = new(Start, AsOf, HoursServed: 52_000, WishesClaimed: 6_800, DisputesSettled: 900,
        VolunteersRegistered: 17_000, StationsBuilt: 5, Source: "宁德市委组织部 2022 年通报");

    private BaselineService Baselines => Service<BaselineService>();

    private static DateTime Utc(int day, int hour) => new(2026, 11, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Save_StoresTheBaseline_AndAuditsItWithTheActor()
    {
        using (ActorContext.Begin(Admin))
        {
            AssertSucceeded(await Baselines.SaveAsync(Programme));
        }

        var stored = await Baselines.GetAsync();
        Assert.NotNull(stored);
        Assert.Equal((Start, AsOf, 52_000, 6_800, 900, 17_000, 5), (stored.StartDate, stored.AsOf, stored.HoursServed, stored.WishesClaimed,
            stored.DisputesSettled, stored.VolunteersRegistered, stored.StationsBuilt));
        Assert.Equal(("宁德市委组织部 2022 年通报", "admin"), (stored.Source, stored.UpdatedBy));
        await using var db = await Database.CreateContextAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(ProgrammeBaseline));
        Assert.Equal((ActorKind.Person, "user-1", AuditChange.Added), (entry.ActorKind, entry.ActorId, entry.Change));
        Assert.Contains("6800", entry.After);
    }

    [Fact]
    public async Task Save_Again_ReplacesTheOneRow_AndAuditsTheChange()
    {
        AssertSucceeded(await Baselines.SaveAsync(Programme));
        AssertSucceeded(await Baselines.SaveAsync(Programme with { WishesClaimed = 6_900 }));

        await using var db = await Database.CreateContextAsync();
        Assert.Equal(6_900, (await db.ProgrammeBaselines.SingleAsync()).WishesClaimed);
        var modified = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(ProgrammeBaseline) && a.Change == AuditChange.Modified);
        Assert.Contains("6800", modified.Before);
        Assert.Contains("6900", modified.After);
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        { "negative hours", ErrorCodes.BaselineFigureOutOfRange, "HoursServed" },
        { "negative wishes", ErrorCodes.BaselineFigureOutOfRange, "WishesClaimed" },
        { "too many disputes", ErrorCodes.BaselineFigureOutOfRange, "DisputesSettled" },
        { "negative stations", ErrorCodes.BaselineFigureOutOfRange, "StationsBuilt" },
        { "start after as-of", ErrorCodes.BaselineStartAfterAsOf, "BaselineStart" },
        { "as-of in the future", ErrorCodes.BaselineDateOutOfRange, "BaselineAsOf" },
        { "start in the future", ErrorCodes.BaselineDateOutOfRange, "BaselineStart" },
        { "start before 2000", ErrorCodes.BaselineDateOutOfRange, "BaselineStart" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Save_WithAFigureOrDateOutOfRange_IsRejected_UnderTheFieldAtFault(string what, string code, string field)
    {
        var today = Service<CityClock>().Today;
        var input = what switch
        {
            "negative hours" => Programme with { HoursServed = -1 },
            "negative wishes" => Programme with { WishesClaimed = -6_800 },
            "too many disputes" => Programme with { DisputesSettled = ProgrammeBaseline.MaxFigure + 1 },
            "negative stations" => Programme with { StationsBuilt = -5 },
            "start after as-of" => Programme with { StartDate = AsOf.AddDays(1) },
            "as-of in the future" => Programme with { AsOf = today.AddDays(1) },
            "start in the future" => Programme with { StartDate = today.AddDays(1), AsOf = today.AddDays(1) },
            _ => Programme with { StartDate = new DateOnly(1999, 12, 31) },
        };

        var error = await AssertRejectedAsync(() => Baselines.SaveAsync(input), code, ErrorKind.Validation);

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task Save_AsOfToday_IsAccepted() =>
        AssertSucceeded(await Baselines.SaveAsync(Programme with { AsOf = Service<CityClock>().Today }));

    public static TheoryData<string> NotAdministrators() => ["organiser", "duty", "api-key", "display"];

    [Theory]
    [MemberData(nameof(NotAdministrators))]
    public async Task EveryWrite_ByAnyoneButAnAdministrator_IsRefused(string who)
    {
        AssertSucceeded(await Baselines.SaveAsync(Programme));
        AssertSucceeded(await Baselines.SetStationAsync(OpenStationId, 107));
        Actor actor = who switch
        {
            "organiser" => new(ActorKind.Person, "user-7", "organiser"),
            "duty" => new(ActorKind.Person, "user-8", "duty"),
            "api-key" => new(ActorKind.ApiKey, "3", "kiosk"),
            _ => new(ActorKind.DisplayToken, "4", "大厅大屏"),
        };

        using (ActorContext.Begin(actor))
        {
            await AssertRejectedAsync(() => Baselines.SaveAsync(Programme with { WishesClaimed = 1 }), ErrorCodes.AdministratorRequired, ErrorKind.Forbidden);
            await AssertRejectedAsync(() => Baselines.SetStationAsync(OpenStationId, 1), ErrorCodes.AdministratorRequired, ErrorKind.Forbidden);
            await AssertRejectedAsync(() => Baselines.RemoveStationAsync(OpenStationId), ErrorCodes.AdministratorRequired, ErrorKind.Forbidden);
        }
    }

    [Fact]
    public async Task SetStation_BeforeTheProgrammesBaseline_ForAnUnknownStation_OrNegative_IsRejected()
    {
        await AssertRejectedAsync(() => Baselines.SetStationAsync(OpenStationId, 107), ErrorCodes.BaselineMissing, ErrorKind.Conflict);
        AssertSucceeded(await Baselines.SaveAsync(Programme));
        await AssertRejectedAsync(() => Baselines.SetStationAsync(UnknownId, 107), ErrorCodes.StationNotFound, ErrorKind.NotFound);
        var error = await AssertRejectedAsync(() => Baselines.SetStationAsync(OpenStationId, -1), ErrorCodes.BaselineFigureOutOfRange, ErrorKind.Validation);
        Assert.Equal("DisputesSettled", error.Field);
        await AssertRejectedAsync(() => Baselines.RemoveStationAsync(OpenStationId), ErrorCodes.StationBaselineNotFound, ErrorKind.NotFound);
    }

    [Fact]
    public async Task SetAndRemoveStation_AreAudited_AndListed()
    {
        AssertSucceeded(await Baselines.SaveAsync(Programme));
        using (ActorContext.Begin(Admin))
        {
            AssertSucceeded(await Baselines.SetStationAsync(SecondOpenStationId, 100));
            AssertSucceeded(await Baselines.SetStationAsync(SecondOpenStationId, 107));
        }

        var row = Assert.Single(await Baselines.ListStationsAsync());
        Assert.Equal((SecondOpenStationId, 107, "admin"), (row.StationId, row.DisputesSettled, row.UpdatedBy));
        AssertSucceeded(await Baselines.RemoveStationAsync(SecondOpenStationId));
        Assert.Empty(await Baselines.ListStationsAsync());
        await using var db = await Database.CreateContextAsync();
        var changes = await db.AuditEntries.Where(a => a.Entity == nameof(StationBaseline)).Select(a => a.Change).ToListAsync();
        Assert.Equal([AuditChange.Added, AuditChange.Modified, AuditChange.Deleted], changes.Order());
    }

    [Fact]
    public async Task EveryChange_RaisesALiveSettingChanged_AfterItsCommit_AndARefusalNone()
    {
        await Service<LiveFeed>().RebuildAsync(Service<DomainWriter>());
        var changes = 0;
        using var subscription = Service<LiveFeed>().Subscribe(events => changes += events.Count(e => e is SettingChanged { Kind: SettingKind.ProgrammeBaseline }));

        AssertSucceeded(await Baselines.SaveAsync(Programme));
        await Baselines.SaveAsync(Programme with { HoursServed = -1 });
        AssertSucceeded(await Baselines.SetStationAsync(OpenStationId, 107));
        AssertSucceeded(await Baselines.RemoveStationAsync(OpenStationId));

        Assert.Equal(3, changes);
    }

    // ---------------------------------------------------------------- the cumulative figures

    /// <summary>
    /// Records on both sides of <see cref="AsOf"/> (the 24th, city time; the 25th starts at 24th 16:00 UTC): sessions,
    /// wishes claimed and fulfilled, cases resolved at both stations, volunteers registered.
    /// </summary>
    private async Task SeedHistoryAsync()
    {
        await using var db = await Database.CreateContextAsync();
        db.DutySessions.AddRange(
            new DutySession { VolunteerId = VolunteerA, StationId = OpenStationId, CheckedInAt = Utc(20, 1), CheckedOutAt = Utc(20, 5) },
            new DutySession { VolunteerId = VolunteerB, StationId = OpenStationId, CheckedInAt = Utc(24, 15), CheckedOutAt = Utc(24, 17) },
            new DutySession { VolunteerId = VolunteerC, StationId = SecondOpenStationId, CheckedInAt = Utc(25, 1), CheckedOutAt = Utc(25, 4) },
            new DutySession { VolunteerId = VolunteerA, StationId = SecondOpenStationId, CheckedInAt = Utc(27, 2), CheckedOutAt = Utc(27, 8) });
        db.MicroWishes.AddRange(
            Wish(OpenStationId, claimed: Utc(22, 3), fulfilled: Utc(23, 3)),
            Wish(OpenStationId, claimed: Utc(25, 3), fulfilled: Utc(26, 3)),
            Wish(SecondOpenStationId, claimed: Utc(26, 3), fulfilled: null));
        db.MediationCases.AddRange(
            Case(SecondOpenStationId, MediationStatus.Resolved, Utc(21, 2)),
            Case(SecondOpenStationId, MediationStatus.Resolved, Utc(25, 2)),
            Case(SecondOpenStationId, MediationStatus.Resolved, Utc(27, 2)),
            Case(SecondOpenStationId, MediationStatus.Referred, Utc(27, 3)),
            Case(OpenStationId, MediationStatus.Resolved, Utc(22, 2)),
            Case(OpenStationId, MediationStatus.Resolved, Utc(26, 2)));
        foreach (var volunteer in await db.Volunteers.Where(v => v.Id <= 6).ToListAsync())
        {
            volunteer.RegisteredAt = Utc(20 + volunteer.Id, 2);
        }

        await db.SaveChangesAsync();
    }

    private static MicroWish Wish(int stationId, DateTime claimed, DateTime? fulfilled) => new()
    {
        StationId = stationId, Category = WishCategory.ElderlyHelp, Title = "陪诊", RequesterName = "李大爷",
        Status = fulfilled is null ? WishStatus.Claimed : WishStatus.Fulfilled, PostedAt = claimed.AddHours(-1), ClaimedAt = claimed,
        ClaimedByVolunteerId = VolunteerA, FulfilledAt = fulfilled,
    };

    private static MediationCase Case(int stationId, MediationStatus status, DateTime closed) => new()
    {
        StationId = stationId, Category = MediationCategory.OwnersAndProperty, Summary = "停车位", Status = status, PartyCount = 2,
        OpenedAt = closed.AddDays(-1), ClosedAt = closed,
    };

    /// <summary>What the database holds from <paramref name="from"/> (UTC) on: the figures the totals must count.</summary>
    private async Task<(int CheckIns, double Hours, int Claimed, int Fulfilled, int Settled, int Registered)> RecordedAsync(DateTime from, int? stationId = null)
    {
        await using var db = await Database.CreateContextAsync();
        var sessions = await db.DutySessions.Where(d => d.CheckedInAt >= from && (stationId == null || d.StationId == stationId))
            .Select(d => new { d.CheckedInAt, d.CheckedOutAt }).ToListAsync();
        var now = Service<CityClock>().UtcNow;
        return (sessions.Count,
            sessions.Sum(s => ((s.CheckedOutAt ?? now) - s.CheckedInAt).TotalHours),
            await db.MicroWishes.CountAsync(w => w.ClaimedAt >= from && (stationId == null || w.StationId == stationId)),
            await db.MicroWishes.CountAsync(w => w.Status == WishStatus.Fulfilled && w.FulfilledAt >= from && (stationId == null || w.StationId == stationId)),
            await db.MediationCases.CountAsync(c => c.Status == MediationStatus.Resolved && c.ClosedAt >= from && (stationId == null || c.StationId == stationId)),
            await db.Volunteers.CountAsync(v => v.RegisteredAt >= from));
    }

    private Task<ProgrammeTotals> TotalsAsync(int? stationId = null, int? districtId = null) =>
        Service<AnalyticsService>().GetProgrammeTotalsAsync(new AnalyticsFilter(new DateOnly(2026, 11, 1), Service<CityClock>().Today, districtId, StationId: stationId));

    [Fact]
    public async Task NetworkTotals_WithoutABaseline_AreWhatTheDatabaseRecordedSinceTheFallbackStart()
    {
        await SeedHistoryAsync();
        var recorded = await RecordedAsync(Service<CityClock>().StartOfDayUtc(new DateOnly(2026, 11, 1)));

        var totals = await TotalsAsync();

        Assert.False(totals.IncludesBaseline);
        Assert.Equal(new DateOnly(2026, 11, 1), totals.Since);
        Assert.Equal((recorded.CheckIns, recorded.Claimed, recorded.Fulfilled, recorded.Settled), (totals.CheckIns, totals.WishesClaimed, totals.WishesFulfilled, totals.DisputesSettled));
        Assert.Equal(Math.Round(recorded.Hours, 2), totals.Hours);
        Assert.Equal(VolunteerCount, totals.Volunteers);
        Assert.Equal((2, 3, 0), (totals.RedStationsOpen, totals.RedStationsPlanned, totals.StationsBuiltOutside));
    }

    [Fact]
    public async Task NetworkTotals_AreTheBaseline_PlusWhatTheDatabaseRecordedAfterItsLastDay()
    {
        await SeedHistoryAsync();
        AssertSucceeded(await Baselines.SaveAsync(Programme));
        var after = Service<CityClock>().StartOfDayUtc(AsOf.AddDays(1));
        var recorded = await RecordedAsync(after);
        Assert.True(recorded is { CheckIns: > 0, Claimed: > 0, Settled: > 0, Registered: > 0 });

        var totals = await TotalsAsync();

        Assert.True(totals.IncludesBaseline);
        Assert.Equal((Start, AsOf.AddDays(1)), (totals.Since, totals.RecordedFrom));
        Assert.Equal(recorded.CheckIns, totals.CheckIns);
        Assert.Equal(Math.Round(Programme.HoursServed + recorded.Hours, 2), totals.Hours);
        Assert.Equal(Programme.WishesClaimed + recorded.Claimed, totals.WishesClaimed);
        Assert.Equal(Programme.DisputesSettled + recorded.Settled, totals.DisputesSettled);
        Assert.Equal(Programme.VolunteersRegistered + recorded.Registered, totals.Volunteers);
        Assert.Equal(recorded.Fulfilled, totals.WishesFulfilled);
        Assert.Equal((2 + Programme.StationsBuilt, 3 + Programme.StationsBuilt, Programme.StationsBuilt),
            (totals.RedStationsOpen, totals.RedStationsPlanned, totals.StationsBuiltOutside));
    }

    [Fact]
    public async Task AStudiosTotals_AreItsBaseline_PlusTheCasesItResolvedAfterTheBaselinesLastDay_AndTheDistrictAddsThemUp()
    {
        await SeedHistoryAsync();
        AssertSucceeded(await Baselines.SaveAsync(Programme));
        AssertSucceeded(await Baselines.SetStationAsync(SecondOpenStationId, 107));
        var clock = Service<CityClock>();
        var studioAfter = (await RecordedAsync(clock.StartOfDayUtc(AsOf.AddDays(1)), SecondOpenStationId)).Settled;
        var otherSinceStart = (await RecordedAsync(clock.StartOfDayUtc(Start), OpenStationId)).Settled;
        Assert.True(studioAfter > 0 && otherSinceStart > 0);

        var studio = await TotalsAsync(stationId: SecondOpenStationId);
        var other = await TotalsAsync(stationId: OpenStationId);
        var district = await TotalsAsync(districtId: DistrictId);

        Assert.Equal(107 + studioAfter, studio.DisputesSettled);
        Assert.True(studio.IncludesBaseline);
        // Another station has no baseline: all it resolved since the start.
        Assert.Equal(otherSinceStart, other.DisputesSettled);
        Assert.False(other.IncludesBaseline);
        Assert.Equal(107 + studioAfter + otherSinceStart, district.DisputesSettled);
        // The network's baseline is not split among districts: a district's other figures are its own records since the start.
        Assert.Equal((await RecordedAsync(clock.StartOfDayUtc(Start))).Claimed, district.WishesClaimed);
        Assert.Equal(Start, district.Since);
    }

    [Fact]
    public async Task ThePublicFigures_AddABaselineSaved_OnceTheyForgetWhatTheyKept()
    {
        await SeedHistoryAsync();
        var figures = Service<PublicFiguresDirectory>();
        var before = await figures.CumulativeAsync(LiveScope.All, new DateOnly(2026, 11, 1));
        AssertSucceeded(await Baselines.SaveAsync(Programme));

        Assert.Same(before, await figures.CumulativeAsync(LiveScope.All, new DateOnly(2026, 11, 1)));
        figures.ForgetCumulative();
        var after = await figures.CumulativeAsync(LiveScope.All, new DateOnly(2026, 11, 1));

        Assert.Equal(Start, after.Since);
        Assert.Equal(Programme.WishesClaimed + (await RecordedAsync(Service<CityClock>().StartOfDayUtc(AsOf.AddDays(1)))).Claimed, after.WishesClaimed);
    }
}

public sealed class BaselineServiceTests_PostgreSQL : BaselineServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
