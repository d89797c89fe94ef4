using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;

namespace RedStation.Data.Services;

/// <summary>What an administrator enters as the programme's figures from before the system.</summary>
public sealed record ProgrammeBaselineInput(
    DateOnly StartDate,
    DateOnly AsOf,
    int HoursServed,
    int WishesClaimed,
    int DisputesSettled,
    int VolunteersRegistered,
    int StationsBuilt,
    string? Source = null);

/// <summary>A station's baseline as the admin page lists it.</summary>
public sealed record StationBaselineRow(int StationId, string StationName, string StationCode, int DisputesSettled, DateTime UpdatedAt, string UpdatedBy);

/// <summary>
/// The historical baselines (历史基数): the programme's figures from before the system, and the disputes each mediation
/// studio settled before it. Only administrators change them; every change goes through the <see cref="DomainWriter"/>,
/// is audited, and raises a <see cref="SettingChanged"/> of kind <see cref="SettingKind.ProgrammeBaseline"/> after the
/// commit, so that the walls re-read their cumulative figures at once. The figures themselves are added by
/// <see cref="Analytics.AnalyticsService.GetProgrammeTotalsAsync"/>.
/// </summary>
public sealed class BaselineService(DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory)
{
    /// <summary>The earliest programme start a baseline may give.</summary>
    public static readonly DateOnly EarliestStart = new(2000, 1, 1);

    /// <summary>The network's baseline, or null when none was entered.</summary>
    public async Task<ProgrammeBaseline?> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProgrammeBaselines.AsNoTracking().FirstOrDefaultAsync(b => b.Id == ProgrammeBaseline.NetworkId, cancellationToken);
    }

    /// <summary>The stations' baselines, by station name.</summary>
    public async Task<IReadOnlyList<StationBaselineRow>> ListStationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.StationBaselines.AsNoTracking()
            .Select(b => new StationBaselineRow(b.StationId, b.Station!.Name, b.Station.Code, b.DisputesSettled, b.UpdatedAt, b.UpdatedBy))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.StationCode, StringComparer.Ordinal).ToList();
    }

    /// <summary>Enters or replaces the network's baseline.</summary>
    public Task<Result<ProgrammeBaseline>> SaveAsync(ProgrammeBaselineInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var actor = ActorContext.Current;
        var source = string.IsNullOrWhiteSpace(input.Source) ? null : TextPolicy.Clean(input.Source);
        return writer.WriteAsAdministratorAsync<ProgrammeBaseline>(async (scope, ct) =>
        {
            if ((CheckDate(input.StartDate, "BaselineStart") ?? CheckDate(input.AsOf, "BaselineAsOf")) is { } dateError)
            {
                return dateError;
            }

            if (input.StartDate > input.AsOf)
            {
                return writer.Errors.Invalid(ErrorCodes.BaselineStartAfterAsOf, Day(input.StartDate), Day(input.AsOf)) with { Field = "BaselineStart" };
            }

            if ((CheckFigure(input.HoursServed, "HoursServed") ?? CheckFigure(input.WishesClaimed, "WishesClaimed")
                ?? CheckFigure(input.DisputesSettled, "DisputesSettled") ?? CheckFigure(input.VolunteersRegistered, "VolunteersRegistered")
                ?? CheckFigure(input.StationsBuilt, "StationsBuilt")) is { } figureError)
            {
                return figureError;
            }

            if (writer.Errors.CheckText(input.Source, "BaselineSource", TextLimits.Note, required: false) is { } sourceError)
            {
                return sourceError;
            }

            var db = scope.Db;
            var baseline = await db.ProgrammeBaselines.FirstOrDefaultAsync(b => b.Id == ProgrammeBaseline.NetworkId, ct);
            if (baseline is null)
            {
                baseline = new ProgrammeBaseline { UpdatedBy = string.Empty };
                db.ProgrammeBaselines.Add(baseline);
            }

            baseline.StartDate = input.StartDate;
            baseline.AsOf = input.AsOf;
            baseline.HoursServed = input.HoursServed;
            baseline.WishesClaimed = input.WishesClaimed;
            baseline.DisputesSettled = input.DisputesSettled;
            baseline.VolunteersRegistered = input.VolunteersRegistered;
            baseline.StationsBuilt = input.StationsBuilt;
            baseline.Source = source;
            baseline.UpdatedAt = writer.Clock.UtcNow;
            baseline.UpdatedBy = IntegrationKeyService.Who(actor);
            scope.Raise(() => SettingChanged.Of(SettingKind.ProgrammeBaseline, 0, baseline.UpdatedAt));
            return Result<ProgrammeBaseline>.Ok(baseline);
        },
        cancellationToken);
    }

    /// <summary>Enters or replaces a station's baseline: the disputes it settled up to the programme baseline's last day.</summary>
    public Task<Result<StationBaseline>> SetStationAsync(int stationId, int disputesSettled, CancellationToken cancellationToken = default)
    {
        var actor = ActorContext.Current;
        return writer.WriteAsAdministratorAsync<StationBaseline>(async (scope, ct) =>
        {
            if (CheckFigure(disputesSettled, "DisputesSettled") is { } figureError)
            {
                return figureError;
            }

            var db = scope.Db;
            if (!await db.ProgrammeBaselines.AnyAsync(b => b.Id == ProgrammeBaseline.NetworkId, ct))
            {
                return writer.Errors.Conflict(ErrorCodes.BaselineMissing);
            }

            if (!await db.Stations.AnyAsync(s => s.Id == stationId, ct))
            {
                return writer.Errors.NotFound(ErrorCodes.StationNotFound, stationId);
            }

            var baseline = await db.StationBaselines.FirstOrDefaultAsync(b => b.StationId == stationId, ct);
            if (baseline is null)
            {
                baseline = new StationBaseline { StationId = stationId, UpdatedBy = string.Empty };
                db.StationBaselines.Add(baseline);
            }

            baseline.DisputesSettled = disputesSettled;
            baseline.UpdatedAt = writer.Clock.UtcNow;
            baseline.UpdatedBy = IntegrationKeyService.Who(actor);
            scope.Raise(() => SettingChanged.Of(SettingKind.ProgrammeBaseline, 0, baseline.UpdatedAt));
            return Result<StationBaseline>.Ok(baseline);
        },
        cancellationToken);
    }

    /// <summary>Removes a station's baseline: its figures are again only what the system recorded.</summary>
    public Task<Result<int>> RemoveStationAsync(int stationId, CancellationToken cancellationToken = default) =>
        writer.WriteAsAdministratorAsync<int>(async (scope, ct) =>
        {
            var baseline = await scope.Db.StationBaselines.FirstOrDefaultAsync(b => b.StationId == stationId, ct);
            if (baseline is null)
            {
                return writer.Errors.NotFound(ErrorCodes.StationBaselineNotFound, stationId);
            }

            scope.Db.StationBaselines.Remove(baseline);
            scope.Raise(() => SettingChanged.Of(SettingKind.ProgrammeBaseline, 0, writer.Clock.UtcNow));
            return Result<int>.Ok(stationId);
        },
        cancellationToken);

    private DomainError? CheckFigure(int value, string field) =>
        value is < 0 or > ProgrammeBaseline.MaxFigure
            ? writer.Errors.Invalid(ErrorCodes.BaselineFigureOutOfRange, writer.Errors.Field(field), ProgrammeBaseline.MaxFigure.ToString("N0", CultureInfo.CurrentCulture)) with { Field = field }
            : null;

    private DomainError? CheckDate(DateOnly value, string field)
    {
        var today = writer.Clock.Today;
        return value < EarliestStart || value > today
            ? writer.Errors.Invalid(ErrorCodes.BaselineDateOutOfRange, writer.Errors.Field(field), Day(EarliestStart), Day(today)) with { Field = field }
            : null;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
