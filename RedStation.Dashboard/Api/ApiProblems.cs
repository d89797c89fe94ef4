using System.Text.Json;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Api;

/// <summary>Answers a refused write with problem-details, naming what was wrong.</summary>
internal static class ApiProblems
{
    /// <summary>
    /// The domain's refusal; when it names the input at fault (<see cref="DomainError.Field"/>, e.g. <c>Attendance</c>), the
    /// problem names the request's field as the body spells it (<c>field</c>: <c>attendance</c>), as a malformed field is named.
    /// </summary>
    public static IResult From(DomainError error) => TypedResults.Problem(
        statusCode: error.Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        title: error.Code,
        detail: error.Message,
        extensions: error.Field is { } field
            ? new Dictionary<string, object?> { ["code"] = error.Code, ["field"] = JsonNamingPolicy.CamelCase.ConvertName(field) }
            : new Dictionary<string, object?> { ["code"] = error.Code });

    public static IResult MissingField(string field) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "MissingField",
        detail: $"'{field}' is required.",
        extensions: new Dictionary<string, object?> { ["code"] = "MissingField", ["field"] = field });

    public static IResult Forbidden(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = "Forbidden" });

    public static IResult NotFound(string code, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: code,
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = code });
}
