using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using RedStation.Data.Persistence;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Api;

/// <summary>
/// A malformed request gets a plain problem-details answer, never a stack trace. A body that is JSON but not what the
/// request takes (a field of the wrong type, an instant without an offset, a field the request does not have) is
/// refused with a problem that names the field (<c>field</c>), and speaks of the request, never of the server's types.
/// A full disk or a read-only database is a 503 with the code <c>StorageFull</c> or <c>StorageReadOnly</c>.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problemDetails, IOptions<JsonOptions> json) : IExceptionHandler
{
    /// <summary>The longest field name repeated in a problem: an unknown one is whatever the caller sent.</summary>
    public const int MaxEchoedFieldLength = 64;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        if (StorageFailures.Classify(exception) is { } failure)
        {
            return await WriteStorageFailureAsync(httpContext, failure);
        }

        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = "InvalidRequest",
                Detail = badRequest.InnerException is JsonException invalid ? $"{badRequest.Message} {invalid.Message}" : badRequest.Message,
                Extensions = { ["code"] = "InvalidRequest" },
            },
        };
        if (badRequest.InnerException is JsonException { Path: { } path } refused && FieldOf(path) is { } field)
        {
            var requestType = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            context.ProblemDetails.Detail = $"'{Echo(field)}' {Requirement(refused, field, requestType)}.";
            context.ProblemDetails.Extensions["field"] = Echo(field);
        }

        return await problemDetails.TryWriteAsync(context);
    }

    /// <summary>
    /// A full disk or a read-only database met outside a domain write (which refuses with the same codes itself): 503, the
    /// same code: the request was valid, the server cannot store anything now.
    /// </summary>
    private async ValueTask<bool> WriteStorageFailureAsync(HttpContext httpContext, StorageFailure failure)
    {
        var error = httpContext.RequestServices.GetRequiredService<DomainErrors>().Unavailable(failure);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = error.Code,
                Detail = error.Message,
                Extensions = { ["code"] = error.Code },
            },
        });
    }

    private string Requirement(JsonException refused, string field, Type? requestType)
    {
        if (refused is InvalidFieldException own)
        {
            return own.Message;
        }

        var property = requestType is null
            ? null
            : json.Value.SerializerOptions.GetTypeInfo(requestType).Properties.FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
        if (property is null)
        {
            return "is not a field of this request";
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type == typeof(int) || type == typeof(long)
            ? $"must be a whole number from {int.MinValue} to {int.MaxValue}, sent as a JSON number (not a string)"
            : type == typeof(string) ? "must be a JSON string" : "has the wrong type";
    }

    /// <summary>The field a JSON path ends in: <c>$.volunteerId</c>, or <c>$['odd name']</c>; none for the body itself.</summary>
    private static string? FieldOf(string path) =>
        path.StartsWith("$['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal) ? path[3..^2]
        : path.StartsWith("$.", StringComparison.Ordinal) && path.Length > 2 ? path[2..]
        : null;

    private static string Echo(string field) =>
        field.Length <= MaxEchoedFieldLength && !field.Any(char.IsControl) ? field : "(a field name too long or odd to repeat)";
}
