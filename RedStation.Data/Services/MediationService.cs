using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

public sealed record OpenCaseRequest(
    int StationId,
    MediationCategory Category,
    int PartyCount,
    string Summary,
    string? Mediator = null);

/// <summary>Disputes brought to a station's mediation room: opened, then resolved or referred.</summary>
public sealed class MediationService(DomainWriter writer)
{
    public const int MinParties = 2;
    public const int MaxParties = 200;

    public Task<Result<MediationCase>> OpenAsync(OpenCaseRequest request, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<MediationCase>(async (scope, ct) =>
        {
            var db = scope.Db;
            var errors = writer.Errors;
            if (!Enum.IsDefined(request.Category))
            {
                return errors.Invalid(ErrorCodes.UnknownCategory, request.Category) with { Field = "Category" };
            }

            if (request.PartyCount is < MinParties or > MaxParties)
            {
                return errors.Invalid(ErrorCodes.PartyCountOutOfRange, MinParties, MaxParties) with { Field = "PartyCount" };
            }

            if (errors.CheckText(request.Summary, "Summary", TextLimits.Summary, multiline: true) is { } summary)
            {
                return summary;
            }

            if (errors.CheckText(request.Mediator, "Mediator", TextLimits.PersonName, required: false) is { } mediator)
            {
                return mediator;
            }

            var found = await writer.FindStationAsync(db, request.StationId, mustBeOpen: true, ct);
            if (found.Error is { } stationError)
            {
                return stationError;
            }

            var @case = new MediationCase
            {
                StationId = request.StationId,
                Category = request.Category,
                PartyCount = request.PartyCount,
                Summary = TextPolicy.Clean(request.Summary),
                Mediator = TextPolicy.CleanOrNull(request.Mediator),
                Status = MediationStatus.Open,
                OpenedAt = writer.Clock.UtcNow,
            };
            db.MediationCases.Add(@case);
            scope.Raise(() => new MediationChanged(@case.Id, @case.Status, null, @case.Category)
            {
                StationId = @case.StationId,
                DistrictId = found.Value!.Community!.DistrictId,
                At = @case.OpenedAt,
            });
            return Result<MediationCase>.Ok(@case);
        },
        cancellationToken);

    public Task<Result<MediationCase>> ResolveAsync(long caseId, string outcome, string? mediator = null, CancellationToken cancellationToken = default) =>
        CloseAsync(caseId, MediationStatus.Resolved, "Resolve", outcome, mediator, cancellationToken);

    /// <param name="outcome">Where the case went and why (e.g. 移交派出所).</param>
    public Task<Result<MediationCase>> ReferAsync(long caseId, string outcome, string? mediator = null, CancellationToken cancellationToken = default) =>
        CloseAsync(caseId, MediationStatus.Referred, "Refer", outcome, mediator, cancellationToken);

    private Task<Result<MediationCase>> CloseAsync(
        long caseId, MediationStatus to, string action, string outcome, string? mediator, CancellationToken cancellationToken) =>
        writer.WriteAsync<MediationCase>(async (scope, ct) =>
        {
            var db = scope.Db;
            var errors = writer.Errors;
            if (errors.CheckText(outcome, "Outcome", TextLimits.Note, multiline: true) is { } invalidOutcome)
            {
                return invalidOutcome;
            }

            if (errors.CheckText(mediator, "Mediator", TextLimits.PersonName, required: false) is { } invalidMediator)
            {
                return invalidMediator;
            }

            var @case = await db.MediationCases.Include(m => m.Station!.Community).FirstOrDefaultAsync(m => m.Id == caseId, ct);
            if (@case is null)
            {
                return errors.NotFound(ErrorCodes.CaseNotFound, caseId);
            }

            if (@case.Status != MediationStatus.Open)
            {
                return errors.Conflict(ErrorCodes.CaseTransitionInvalid, errors.Text($"Status.{@case.Status}"), errors.Text($"Action.{action}"));
            }

            var previous = @case.Status;
            @case.Status = to;
            @case.Outcome = TextPolicy.Clean(outcome);
            @case.Mediator = TextPolicy.CleanOrNull(mediator) ?? @case.Mediator;
            @case.ClosedAt = writer.Clock.UtcNow;
            @case.Version++;
            scope.Raise(() => new MediationChanged(@case.Id, @case.Status, previous, @case.Category)
            {
                StationId = @case.StationId,
                DistrictId = @case.Station!.Community!.DistrictId,
                At = @case.ClosedAt.Value,
            });
            return Result<MediationCase>.Ok(@case);
        },
        cancellationToken);
}
