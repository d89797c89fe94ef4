using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using RedStation.Dashboard.Security;
using RedStation.Data.Alerts;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Api;

/// <summary>
/// The integration API under <c>/api/v1</c>. Thin: reads come from the directories and the live
/// feed, writes go through the same domain services as the screens.
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapRedStationApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("RedStation").RequireRateLimiting(SecurityExtensions.ApiRateLimitPolicy);

        // Reads: a signed-in person or a key with "read" (never a wall display); writes: whoever may write at the route's station.
        var reads = api.MapGroup("").RequireAuthorization(SecurityPolicies.ApiRead);
        reads.MapGet("/stations", ListStations).WithName("ListStations");
        reads.MapGet("/stations/{stationId:int}", GetStation).WithName("GetStation");
        reads.MapGet("/volunteers", SearchVolunteers).WithName("SearchVolunteers");
        reads.MapGet("/live", GetLive).WithName("GetLive");
        reads.MapGet("/alerts", ListAlerts).WithName("ListAlerts");
        // Not a route policy: the station is inside the group's id; the handler asks policy AcknowledgeAlerts for it before the domain sees it.
        reads.MapPost("/alerts/{id}/acknowledgements", AcknowledgeAlertGroup).WithName("AcknowledgeAlertGroup")
            .Produces<AlertGroupResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var writes = api.MapGroup("").RequireAuthorization(SecurityPolicies.WriteAtStation);
        writes.MapPost("/stations/{stationId:int}/checkins", CheckIn).WithName("CheckIn");
        writes.MapPost("/stations/{stationId:int}/checkouts", CheckOut).WithName("CheckOut");
        writes.MapPost("/stations/{stationId:int}/activities", LogActivity).WithName("LogActivity");
        writes.MapPut("/stations/{stationId:int}/occupancy", SetOccupancy).WithName("SetOccupancy");
        return endpoints;
    }

    private static async Task<Ok<PagedResponse<StationResource>>> ListStations(
        StationDirectory directory, LiveFeed feed, string? search, int? districtId, StationKind? kind, StationStatus? status,
        int page = 0, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, StationDirectory.MaxPageSize);
        var result = await directory.SearchAsync(
            new StationQuery { Search = search, DistrictId = districtId, Kind = kind, Status = status, Page = page, PageSize = pageSize },
            cancellationToken);
        var live = feed.Stations(result.Items.Select(row => row.Id)).ToDictionary(s => s.StationId);
        var items = result.Items.Select(row => StationResource.From(row, live.GetValueOrDefault(row.Id))).ToList();
        return TypedResults.Ok(new PagedResponse<StationResource>(items, result.TotalCount, page, pageSize));
    }

    private static async Task<IResult> GetStation(int stationId, StationDirectory directory, LiveFeed feed, CancellationToken cancellationToken)
    {
        var row = await directory.FindAsync(stationId, cancellationToken);
        return row is null
            ? ApiProblems.NotFound(ErrorCodes.StationNotFound, $"Station {stationId} does not exist.")
            : TypedResults.Ok(StationResource.From(row, feed.Stations([stationId]).SingleOrDefault()));
    }

    private static async Task<Ok<IReadOnlyList<VolunteerRow>>> SearchVolunteers(
        VolunteerDirectory directory, string? search, int take = 20, CancellationToken cancellationToken = default) =>
        TypedResults.Ok(await directory.SearchAsync(search, take, cancellationToken));

    private static IResult GetLive(LiveFeed feed, string? topic)
    {
        if (!LiveScope.TryParse(topic ?? "all", out var scope))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "UnknownTopic",
                detail: "Use topic=all, district:{id} or station:{id}.");
        }

        return TypedResults.Ok(feed.Snapshot(scope));
    }

    private static Ok<IReadOnlyList<AlertGroupResource>> ListAlerts(LiveFeed feed, CityClock clock, ClaimsPrincipal user)
    {
        var now = clock.UtcNow;
        var names = feed.Snapshot(LiveScope.All).Stations.ToDictionary(s => s.StationId, s => s.Name);
        IReadOnlyList<AlertGroupResource> groups = feed.OpenGroups(LiveScope.All)
            .Where(g => StationAccess.CanSeeAlertsAt(user, g.StationId))
            .Select(g => AlertGroupResource.From(g, now, names.GetValueOrDefault(g.StationId)))
            .ToList();
        return TypedResults.Ok(groups);
    }

    private static async Task<IResult> AcknowledgeAlertGroup(string id, AlertService alerts, LiveFeed feed, CityClock clock, DomainErrors errors, IAuthorizationService authorization, HttpContext context, CancellationToken cancellationToken)
    {
        if (!AlertGroups.TryParseId(id, out _, out var stationId))
        {
            return ApiProblems.From(errors.NotFound(ErrorCodes.AlertGroupNotFound, id) with { Field = "id" });
        }

        if (!(await authorization.AuthorizeAsync(context.User, stationId, SecurityPolicies.AcknowledgeAlerts)).Succeeded)
        {
            return ApiProblems.Forbidden($"You may not acknowledge alerts at station {stationId}.");
        }

        var name = feed.Stations([stationId]).SingleOrDefault()?.Name;
        return await IdempotentAnswers.WriteAsync(context, () => Naming(alerts.AcknowledgeGroupAsync(id, cancellationToken), ErrorCodes.AlertGroupNotFound, "id"),
            group => TypedResults.Created($"/api/v1/alerts/{group.Id}", AlertGroupResource.From(group, clock.UtcNow, name)));
    }

    private static Task<IResult> CheckIn(int stationId, CheckInRequest body, DutyService duty, HttpContext context, CancellationToken cancellationToken) =>
        DutyWriteAsync(context, body, volunteerId => duty.CheckInAsync(stationId, volunteerId, cancellationToken),
            session => TypedResults.Created($"/api/v1/stations/{stationId}/checkins/{session.Id}", session));

    private static Task<IResult> CheckOut(int stationId, CheckInRequest body, DutyService duty, HttpContext context, CancellationToken cancellationToken) =>
        DutyWriteAsync(context, body, volunteerId => duty.CheckOutAsync(stationId, volunteerId, cancellationToken), TypedResults.Ok);

    private static async Task<IResult> DutyWriteAsync(
        HttpContext context, CheckInRequest body, Func<int, Task<Result<DutySession>>> write, Func<DutySessionResource, IResult> answer)
    {
        if (body.VolunteerId is not { } volunteerId)
        {
            return ApiProblems.MissingField("volunteerId");
        }

        return await IdempotentAnswers.WriteAsync(context, () => write(volunteerId), session => answer(DutySessionResource.From(session)));
    }

    private static async Task<IResult> LogActivity(
        int stationId, LogActivityBody body, ActivityService activities, StationDirectory directory, DomainErrors errors, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Type))
        {
            return ApiProblems.MissingField("type");
        }

        if (body.StartsAt is not { } startsAt || body.EndsAt is not { } endsAt)
        {
            return ApiProblems.MissingField(body.StartsAt is null ? "startsAt" : "endsAt");
        }

        var types = await directory.GetActivityTypesAsync(cancellationToken);
        var type = types.FirstOrDefault(t => string.Equals(t.Code, body.Type, StringComparison.OrdinalIgnoreCase) || t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == body.Type);
        if (type is null)
        {
            return ApiProblems.From(errors.NotFound(ErrorCodes.ActivityTypeNotFound, body.Type) with { Field = "type" });
        }

        return await IdempotentAnswers.WriteAsync(
            context,
            () => Naming(
                activities.LogAsync(
                    new LogActivityRequest(stationId, type.Id, body.Title ?? string.Empty, startsAt.UtcDateTime, endsAt.UtcDateTime, body.Attendance ?? 0, body.Organiser, body.Notes),
                    cancellationToken),
                ErrorCodes.ActivityTypeInactive,
                "type"),
            activity => TypedResults.Created($"/api/v1/stations/{stationId}/activities/{activity.Id}", ActivityResource.From(activity)));
    }

    /// <summary>A refusal with <paramref name="code"/> names the request's <paramref name="field"/> (the domain's name for it differs).</summary>
    private static async Task<Result<T>> Naming<T>(Task<Result<T>> write, string code, string field)
    {
        var result = await write;
        return result.Error is { } error && error.Code == code ? error with { Field = field } : result;
    }

    private static async Task<IResult> SetOccupancy(int stationId, OccupancyRequest body, OccupancyService occupancy, HttpContext context, CancellationToken cancellationToken)
    {
        if (body.Count is not { } count)
        {
            return ApiProblems.MissingField("count");
        }

        return await IdempotentAnswers.WriteAsync(context, () => occupancy.SetAsync(stationId, count, cancellationToken), change => TypedResults.Ok(OccupancyResource.From(change)));
    }
}
