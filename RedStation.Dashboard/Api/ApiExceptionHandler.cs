using Microsoft.AspNetCore.Diagnostics;

namespace RedStation.Dashboard.Api;

/// <summary>A malformed request gets a plain problem-details answer, never a stack trace.</summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = "InvalidRequest",
                Detail = badRequest.InnerException is System.Text.Json.JsonException json ? $"{badRequest.Message} {json.Message}" : badRequest.Message,
                Extensions = { ["code"] = "InvalidRequest" },
            },
        });
    }
}
