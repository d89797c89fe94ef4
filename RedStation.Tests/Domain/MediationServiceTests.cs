using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class MediationServiceTests : DomainTestBase
{
    private MediationService Mediation => Service<MediationService>();

    private static OpenCaseRequest Request(Func<OpenCaseRequest, OpenCaseRequest>? change = null)
    {
        var request = new OpenCaseRequest(OpenStationId, MediationCategory.OwnersAndProperty, 2, "电梯维修费用分摊", "林晓明");
        return change is null ? request : change(request);
    }

    private async Task<MediationCase> OpenAsync() => AssertSucceeded(await Mediation.OpenAsync(Request()));

    [Fact]
    public async Task Resolve_AnOpenCase_RecordsTheOutcome()
    {
        var opened = await OpenAsync();
        Database.Time.Advance(TimeSpan.FromDays(3));

        AssertSucceeded(await Mediation.ResolveAsync(opened.Id, "双方达成和解协议"));

        await using var db = await Database.CreateContextAsync();
        var stored = await db.MediationCases.SingleAsync();
        Assert.Equal(MediationStatus.Resolved, stored.Status);
        Assert.Equal("双方达成和解协议", stored.Outcome);
        Assert.Equal(stored.OpenedAt.AddDays(3), stored.ClosedAt);
    }

    [Fact]
    public async Task Refer_AnOpenCase_RecordsWhereItWent()
    {
        var opened = await OpenAsync();

        var referred = AssertSucceeded(await Mediation.ReferAsync(opened.Id, "移交派出所处理", "郑国华"));

        Assert.Equal(MediationStatus.Referred, referred.Status);
        Assert.Equal("郑国华", referred.Mediator);
    }

    [Fact]
    public async Task Resolve_AReferredCase_IsRejected()
    {
        var opened = await OpenAsync();
        AssertSucceeded(await Mediation.ReferAsync(opened.Id, "移交派出所处理"));

        await AssertRejectedAsync(() => Mediation.ResolveAsync(opened.Id, "和解"), ErrorCodes.CaseTransitionInvalid, ErrorKind.Conflict);
    }

    [Fact]
    public async Task Refer_AResolvedCase_IsRejected()
    {
        var opened = await OpenAsync();
        AssertSucceeded(await Mediation.ResolveAsync(opened.Id, "和解"));

        await AssertRejectedAsync(() => Mediation.ReferAsync(opened.Id, "移交"), ErrorCodes.CaseTransitionInvalid, ErrorKind.Conflict);
    }

    [Fact]
    public Task Resolve_AnUnknownCase_IsRejected() =>
        AssertRejectedAsync(() => Mediation.ResolveAsync(UnknownId, "和解"), ErrorCodes.CaseNotFound, ErrorKind.NotFound);

    [Fact]
    public async Task Resolve_WithoutOutcome_IsRejected()
    {
        var opened = await OpenAsync();

        await AssertRejectedAsync(() => Mediation.ResolveAsync(opened.Id, ""), ErrorCodes.TextRequired, ErrorKind.Validation);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(MediationService.MaxParties + 1)]
    public Task Open_WithAPartyCountOutOfRange_IsRejected(int parties) =>
        AssertRejectedAsync(() => Mediation.OpenAsync(Request(r => r with { PartyCount = parties })), ErrorCodes.PartyCountOutOfRange, ErrorKind.Validation);

    [Fact]
    public Task Open_WithoutSummary_IsRejected() =>
        AssertRejectedAsync(() => Mediation.OpenAsync(Request(r => r with { Summary = "" })), ErrorCodes.TextRequired, ErrorKind.Validation);

    [Fact]
    public Task Open_WithAnOversizedSummary_IsRejected() =>
        AssertRejectedAsync(() => Mediation.OpenAsync(Request(r => r with { Summary = new string('案', TextLimits.Summary + 1) })), ErrorCodes.TextTooLong, ErrorKind.Validation);

    [Fact]
    public Task Open_WithAnUnknownCategory_IsRejected() =>
        AssertRejectedAsync(() => Mediation.OpenAsync(Request(r => r with { Category = (MediationCategory)9 })), ErrorCodes.UnknownCategory, ErrorKind.Validation);

    [Fact]
    public Task Open_AtAnUnknownStation_IsRejected() =>
        AssertRejectedAsync(() => Mediation.OpenAsync(Request(r => r with { StationId = UnknownId })), ErrorCodes.StationNotFound, ErrorKind.NotFound);

    [Fact]
    public Task Open_AtAPlannedStation_IsRejected() =>
        AssertRejectedAsync(() => Mediation.OpenAsync(Request(r => r with { StationId = PlannedStationId })), ErrorCodes.StationNotOpen, ErrorKind.Conflict);
}

public sealed class MediationServiceTests_PostgreSQL : MediationServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
