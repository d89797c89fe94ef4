using System.Security.Cryptography;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Api;

/// <summary>
/// Makes an API write sent with an <c>Idempotency-Key</c> header apply once: a retry with the same
/// key and the same request gets the first answer again (marked <c>Idempotent-Replayed: true</c>)
/// instead of a second write. Retries racing each other wait for the first to finish.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    private const int MaxKeyLength = 128;

    // Striped locks: the same key always maps to the same stripe; no per-key cleanup needed.
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Headers.TryGetValue(HeaderName, out var values) || HttpMethods.IsGet(context.Request.Method))
        {
            await next(context);
            return;
        }

        var clientKey = values.ToString();
        if (clientKey.Length is 0 or > MaxKeyLength || clientKey.Any(char.IsControl))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "InvalidIdempotencyKey",
                detail: $"{HeaderName} must be 1 to {MaxKeyLength} printable characters.").ExecuteAsync(context);
            return;
        }

        var key = $"{context.Request.Method} {context.Request.Path}|{clientKey}";
        var requestHash = await HashRequestAsync(context.Request);
        var stripe = Stripes[(uint)StringComparer.Ordinal.GetHashCode(key) % Stripes.Length];
        await stripe.WaitAsync(context.RequestAborted);
        try
        {
            var first = await store.FindAsync(key, context.RequestAborted);
            if (first is not null)
            {
                await ReplayAsync(context, first, requestHash);
                return;
            }

            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var body = buffer.ToArray();

            // A server failure is not an answer: the client may retry it for real.
            if (context.Response.StatusCode < 500)
            {
                await store.SaveAsync(key, requestHash, context.Response.StatusCode, context.Response.ContentType, body, CancellationToken.None);
            }

            await original.WriteAsync(body, context.RequestAborted);
        }
        finally
        {
            stripe.Release();
        }
    }

    private static async Task ReplayAsync(HttpContext context, Data.Entities.IdempotencyRecord first, string requestHash)
    {
        if (first.RequestHash != requestHash)
        {
            await Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "IdempotencyKeyReused",
                detail: $"This {HeaderName} was already used for a different request.").ExecuteAsync(context);
            return;
        }

        context.Response.StatusCode = first.StatusCode;
        context.Response.ContentType = first.ContentType;
        context.Response.Headers[ReplayedHeaderName] = "true";
        await context.Response.Body.WriteAsync(first.Body, context.RequestAborted);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return Convert.ToHexString(SHA256.HashData(body.ToArray()));
    }
}
