using Microsoft.Playwright;

namespace RedStation.Tests.EndToEnd;

/// <summary>
/// When an element first appeared in a page, by the browser's own clock: a <c>MutationObserver</c> notes the instant the
/// selector first matches, so a latency is measured to the DOM change itself, not to the next poll of an assertion.
/// The browser and the test share the machine's clock, so the instant compares with one taken in the test.
/// </summary>
public sealed class DomArrival
{
    private const string Script = """
        ([key, selector]) => {
            const marks = (window.__domArrivals ??= {});
            marks[key] = null;
            const look = observer => {
                if (marks[key] === null && document.querySelector(selector)) {
                    marks[key] = Date.now();
                    observer?.disconnect();
                    return true;
                }
                return false;
            };
            if (!look(null)) {
                const observer = new MutationObserver(() => look(observer));
                observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
            }
        }
        """;

    private readonly IPage _page;
    private readonly string _key;

    private DomArrival(IPage page, string key)
    {
        _page = page;
        _key = key;
    }

    /// <summary>Starts watching for <paramref name="selector"/>; call it before the action whose effect it measures.</summary>
    public static async Task<DomArrival> WatchAsync(IPage page, string selector)
    {
        var arrival = new DomArrival(page, Guid.NewGuid().ToString("N"));
        await page.EvaluateAsync(Script, new[] { arrival._key, selector });
        return arrival;
    }

    /// <summary>The instant the browser first saw the element, or null if it has not appeared.</summary>
    public async Task<DateTimeOffset?> SeenAtAsync()
    {
        var ms = await _page.EvaluateAsync<double?>("key => window.__domArrivals?.[key] ?? null", _key);
        return ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds((long)value) : null;
    }

    /// <summary>How long after <paramref name="since"/> (taken in the test) the element appeared.</summary>
    public async Task<TimeSpan> LatencySinceAsync(DateTimeOffset since) =>
        (await SeenAtAsync() ?? throw new InvalidOperationException("The element has not appeared.")) - since;
}
