using Microsoft.Playwright;

namespace RedStation.Benchmarks;

/// <summary>
/// When each live event reached one page's DOM, by the browser's own clock. A <c>MutationObserver</c> in the page watches the lines that carry an event's number
/// (<c>data-sequence</c> on the Overview's ticker, <c>data-key="in:SESSION"</c> on the wall's feed) and notes
/// <c>performance.timeOrigin + performance.now()</c> each time a higher number appears. The screen shows one consistent
/// snapshot of the feed, so a line numbered n on screen means every event up to n is on screen: an event that scrolled
/// out of a short ticker before anyone saw it still counts as shown at the first instant a line at or above it was.
/// </summary>
internal sealed class ScreenArrivals
{
    private const string Script = """
        ([selector, attribute, prefix]) => {
            const live = (window.__screenArrivals = { max: 0, marks: [] });
            const scan = () => {
                let max = live.max;
                for (const element of document.querySelectorAll(selector)) {
                    const raw = element.getAttribute(attribute) ?? '';
                    if (raw.startsWith(prefix)) {
                        const value = Number(raw.slice(prefix.length));
                        if (value > max) {
                            max = value;
                        }
                    }
                }
                if (max > live.max) {
                    live.max = max;
                    live.marks.push(performance.timeOrigin + performance.now(), max);
                }
            };
            scan();
            new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: [attribute] });
        }
        """;

    /// <summary>
    /// Before any page script: notes when each WebSocket message was queued for the page (the event's own timeStamp)
    /// and when its first listener ran — which splits a latency into server and wire, the page's queue, and applying the batch.
    /// </summary>
    private const string SocketScript = """
        (() => {
            const messages = (window.__socketArrivals = []);
            const Native = window.WebSocket;
            window.WebSocket = class extends Native {
                constructor(...args) {
                    super(...args);
                    this.addEventListener('message', e => {
                        if (messages.length < 400000) {
                            messages.push(performance.timeOrigin + e.timeStamp, performance.timeOrigin + performance.now());
                        }
                    });
                }
            };
        })();
        """;

    private readonly IPage _page;

    private ScreenArrivals(IPage page, double clockOffsetMs, double clockUncertaintyMs)
    {
        _page = page;
        ClockOffsetMs = clockOffsetMs;
        ClockUncertaintyMs = clockUncertaintyMs;
    }

    public IPage Page => _page;

    /// <summary>The page's clock minus this process's (ms): subtracted from every instant the page notes.</summary>
    public double ClockOffsetMs { get; }

    /// <summary>Half the shortest round trip over which <see cref="ClockOffsetMs"/> was taken.</summary>
    public double ClockUncertaintyMs { get; }

    /// <summary>Makes every page of <paramref name="context"/> note its WebSocket messages' arrivals (<see cref="SocketMessagesAsync"/>).</summary>
    public static Task NoteSocketMessagesAsync(IBrowserContext context) => context.AddInitScriptAsync(SocketScript);

    /// <summary>Each WebSocket message: when it was queued for the page and when the page began handling it (this process's clock, Unix ms), in order.</summary>
    public async Task<List<(double QueuedMs, double HandledMs)>> SocketMessagesAsync()
    {
        var flat = await _page.EvaluateAsync<double[]>("() => window.__socketArrivals ?? []");
        var messages = new List<(double, double)>(flat.Length / 2);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            messages.Add((flat[i] - ClockOffsetMs, flat[i + 1] - ClockOffsetMs));
        }

        return messages;
    }

    /// <summary>Watches the Overview's ticker lines.</summary>
    public static Task<ScreenArrivals> WatchTickerAsync(IPage page) =>
        WatchAsync(page, "[data-testid=ticker-line][data-sequence]", "data-sequence", string.Empty);

    /// <summary>Watches the wall's feed lines that are check-ins (keyed by their session).</summary>
    public static Task<ScreenArrivals> WatchWallFeedAsync(IPage page) =>
        WatchAsync(page, "[data-testid=wall-feed-line][data-key]", "data-key", "in:");

    private static async Task<ScreenArrivals> WatchAsync(IPage page, string selector, string attribute, string prefix)
    {
        var (offset, uncertainty) = await ClockOffsetAsync(page);
        await page.EvaluateAsync(Script, new[] { selector, attribute, prefix });
        return new ScreenArrivals(page, offset, uncertainty);
    }

    /// <summary>The same machine's clock seen from the page and from here: the offset over the shortest of a few round trips.</summary>
    public static async Task<(double OffsetMs, double UncertaintyMs)> ClockOffsetAsync(IPage page)
    {
        var best = (Offset: 0.0, HalfTrip: double.MaxValue);
        for (var i = 0; i < 7; i++)
        {
            var before = UnixMs.Now;
            var inPage = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var after = UnixMs.Now;
            var halfTrip = (after - before) / 2;
            if (halfTrip < best.HalfTrip)
            {
                best = (inPage - (before + halfTrip), halfTrip);
            }
        }

        return best;
    }

    /// <summary>The highest number on screen now.</summary>
    public Task<double> MaxAsync() => _page.EvaluateAsync<double>("() => window.__screenArrivals?.max ?? 0");

    /// <summary>Each instant (this process's clock, Unix ms) a higher number appeared, with that number; in order.</summary>
    public async Task<List<(double AtMs, long Number)>> MarksAsync()
    {
        var flat = await _page.EvaluateAsync<double[]>("() => window.__screenArrivals?.marks ?? []");
        var marks = new List<(double, long)>(flat.Length / 2);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            marks.Add((flat[i] - ClockOffsetMs, (long)flat[i + 1]));
        }

        return marks;
    }
}

/// <summary>This process's wall clock in Unix milliseconds, at the system clock's resolution (what a page's clock compares with).</summary>
internal static class UnixMs
{
    public static double Now => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
}
