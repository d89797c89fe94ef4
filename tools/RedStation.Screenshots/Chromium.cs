using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace RedStation.Screenshots;

/// <summary>The machine's Chromium (Playwright cannot download its own browser here) and the two ways to sign in.</summary>
public static partial class Chromium
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync",
    ];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });

    /// <summary>
    /// Signs in through the real sign-in page. It returns to <c>/healthz</c>, a page without a circuit, so that the
    /// screenshot's own first page is what it shows.
    /// </summary>
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        // Fill the form only once the page has settled: typing into it while its scripts still start can be lost.
        await page.GotoAsync("account/login?ReturnUrl=%2Fhealthz", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.Locator("#login-user").FillAsync(userName);
        await page.Locator("#login-password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/healthz", new() { Timeout = 60_000 });
    }

    /// <summary>A client with its own cookies that does not follow redirects, for sign-in attempts posted from a script.</summary>
    public static HttpClient CreateClient(Uri server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server };

    /// <summary>Posts the real sign-in form (antiforgery token and all).</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
