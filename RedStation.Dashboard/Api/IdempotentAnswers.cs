using RedStation.Data.Services;

namespace RedStation.Dashboard.Api;

/// <summary>
/// How an API write answers, given to its <see cref="IdempotencyClaim"/> so that the writer records the answer in the same
/// transaction as the write: a retry after a crash then replays the real answer instead of a "lost answer" problem.
/// </summary>
internal static class IdempotentAnswers
{
    /// <summary>Runs one domain write and answers its value with <paramref name="answer"/>, or its refusal with problem-details.</summary>
    public static async Task<IResult> WriteAsync<T>(HttpContext context, Func<Task<Result<T>>> write, Func<T, IResult> answer)
    {
        if (IdempotencyClaim.Current is { } claim)
        {
            claim.Answer = value => RenderAsync(context.RequestServices, answer((T)value!));
        }

        var result = await write();
        return result.Succeeded ? answer(result.Value!) : ApiProblems.From(result.Error!);
    }

    /// <summary>The status, content type and body <paramref name="result"/> writes; headers (a 201's Location) are not replayed.</summary>
    private static async Task<IdempotentAnswer> RenderAsync(IServiceProvider services, IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return new IdempotentAnswer(context.Response.StatusCode, context.Response.ContentType, body.ToArray());
    }
}
