using System.Security.Cryptography;
using RedStation.Data.Entities;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Api;

/// <summary>
/// Makes an API write sent with an <c>Idempotency-Key</c> header apply once. The key belongs to the calling principal
/// (two API keys choosing the same key are independent). The request runs under an <see cref="IdempotencyClaim"/>: its
/// write reserves the key in the write's own transaction and records the endpoint's answer with it, so the database
/// decides on every server:
/// <list type="bullet">
/// <item>a retry with the same endpoint and body gets the first answer again (<c>Idempotent-Replayed: true</c>);</item>
/// <item>the same key for another endpoint or body: 422 <c>IdempotencyKeyReused</c>;</item>
/// <item>retries racing the first: exactly one writes; the others are refused by the reservation's unique key before
/// their work runs, and replay the winner's answer, which committed with it;</item>
/// <item>a refused write (4xx) leaves no reservation: nothing was written, so a retry simply runs again.</item>
/// </list>
/// A write whose endpoint did not say how it answers (<see cref="IdempotentAnswers"/>) gets its answer recorded after
/// the endpoint ran; if the process dies in between, a retry gets 409 <c>IdempotentRequestApplied</c>, never a second write.
/// </summary>
public sealed class IdempotencyMiddleware(
    RequestDelegate next, IdempotencyStore store, IConfiguration configuration, IHostEnvironment environment, ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>
    /// Tests only (honoured in Development): after an idempotent write committed, log <see cref="HoldingMessage"/> and never
    /// answer, so that a test can kill the process between the commit and the answer deterministically.
    /// </summary>
    public const string HoldAnswersSetting = "Testing:HoldIdempotentAnswers";

    public const string HoldingMessage = "Idempotent write committed; holding its answer";

    private const int MaxKeyLength = 128;

    private readonly bool _holdAnswers = environment.IsDevelopment() && configuration.GetValue<bool>(HoldAnswersSetting);

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

        var actor = ActorContext.Current;
        var claim = new IdempotencyClaim(
            $"{actor.Kind}:{actor.Id}", clientKey, $"{context.Request.Method} {context.Request.Path}", await HashRequestAsync(context.Request));

        // Most retries come after the first answer: read it rather than queue a write the reservation would refuse.
        if (await store.FindAsync(claim.Principal, claim.ClientKey, context.RequestAborted) is { } first)
        {
            await AnswerRetryAsync(context, claim, first);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            using var _ = IdempotencyClaim.Begin(claim);
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (claim.State == IdempotencyClaimState.Taken)
        {
            // Another request with this key wrote first, and this one wrote nothing: answer as a retry of that one.
            context.Response.Headers.Location = default;
            await AnswerRetryAsync(context, claim, await store.FindAsync(claim.Principal, claim.ClientKey, CancellationToken.None));
            return;
        }

        var body = buffer.ToArray();
        if (claim.State == IdempotencyClaimState.Reserved)
        {
            if (_holdAnswers)
            {
                logger.LogWarning("{Message} ({Endpoint}).", HoldingMessage, claim.Endpoint);
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            // A server failure after a committed write is still that write's answer: a retry must not write again.
            if (!claim.AnswerRecorded)
            {
                await store.RecordAnswerAsync(claim.Principal, claim.ClientKey,
                    new IdempotentAnswer(context.Response.StatusCode, context.Response.ContentType, body), CancellationToken.None);
            }
        }

        await original.WriteAsync(body, context.RequestAborted);
    }

    private static async Task AnswerRetryAsync(HttpContext context, IdempotencyClaim claim, IdempotencyRecord? first)
    {
        if (first is not null && (first.Endpoint != claim.Endpoint || first.RequestHash != claim.RequestHash))
        {
            await Problem(context, StatusCodes.Status422UnprocessableEntity, "IdempotencyKeyReused",
                $"This {HeaderName} was already used for a different request ({first.Endpoint}, or another body).");
            return;
        }

        if (first is not { StatusCode: { } status, Body: { } body })
        {
            await Problem(context, StatusCodes.Status409Conflict, "IdempotentRequestApplied",
                $"The request with this {HeaderName} was applied, once, but its answer is not recorded (it is still being " +
                "answered, or the server stopped before recording it). Do not send it under another key: read the current state instead.");
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = first.ContentType;
        context.Response.Headers[ReplayedHeaderName] = "true";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static Task Problem(HttpContext context, int status, string code, string detail) =>
        Results.Problem(statusCode: status, title: code, detail: detail).ExecuteAsync(context);

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return Convert.ToHexString(SHA256.HashData(body.ToArray()));
    }
}
