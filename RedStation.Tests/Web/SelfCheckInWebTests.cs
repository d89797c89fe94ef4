using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Features.SelfCheckIn;
using RedStation.Data;
using RedStation.Data.Security;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;
using RedStation.Tests.Security;
using static RedStation.Tests.Web.SelfCheckInFixture;

namespace RedStation.Tests.Web;

public sealed class SelfCheckInWebTests(SelfCheckInFixture fixture) : SelfCheckInWebTestsBase<SelfCheckInFixture>(fixture);

/// <summary>The same tests, on PostgreSQL.</summary>
public sealed class SelfCheckInWebTests_PostgreSQL(SelfCheckInFixture_PostgreSQL fixture) : SelfCheckInWebTestsBase<SelfCheckInFixture_PostgreSQL>(fixture);

/// <summary>The tests, on the database of <typeparamref name="TFixture"/>.</summary>
public abstract class SelfCheckInWebTestsBase<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SelfCheckInFixture
{
    [Fact]
    public async Task Page_WithAValidCode_OpensWithoutSignIn()
    {
        using var device = fixture.NewDevice();

        using var response = await device.GetAsync(fixture.Link(StationA));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await TextAsync(response);
        Assert.Contains(StationGridNetwork.Stations[StationA - 1].Name, text);
        Assert.Contains("__RequestVerificationToken", text);
        Assert.Contains("党员编号", text);
        // Static rendering: no circuit is opened for a volunteer's phone.
        Assert.DoesNotContain("<!--Blazor:{\"type\":\"server\"", text);
    }

    [Fact]
    public async Task Page_InEnglish_WhenTheAddressAsks()
    {
        using var device = fixture.NewDevice();

        using var response = await device.GetAsync(fixture.Link(StationA) + "?culture=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Member number", await TextAsync(response));
    }

    [Fact]
    public async Task Page_WithAnotherStationsCode_IsRefused()
    {
        using var device = fixture.NewDevice();
        var codeOfA = fixture.Link(StationA).Split('/')[^1];

        using var response = await device.GetAsync($"/checkin/{StationB}/{codeOfA}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var text = await TextAsync(response);
        Assert.Contains("签到链接无效", text);
        Assert.DoesNotContain("__RequestVerificationToken", text);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(40)]
    [InlineData(-1)]
    public async Task Page_WithATamperedCode_IsRefused(int position)
    {
        using var device = fixture.NewDevice();
        var code = fixture.Link(StationA).Split('/')[^1].ToCharArray();
        var at = position < 0 ? code.Length - 1 : position;
        code[at] = code[at] == 'A' ? 'B' : 'A';

        using var response = await device.GetAsync($"/checkin/{StationA}/{new string(code)}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Page_WithAGuessedCode_IsRefused()
    {
        using var device = fixture.NewDevice();

        using var response = await device.GetAsync($"/checkin/{StationA}/{StationA}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsRefused_AndChecksNobodyIn()
    {
        using var device = fixture.NewDevice();

        using var response = await device.PostAsync(fixture.Link(StationA), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "checkin",
            ["Input.MemberNumber"] = MemberNumber(2),
            ["Input.PhoneLast4"] = PhoneTail(2),
            ["Input.Action"] = "in",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await fixture.OpenSessionsAsync(MemberNumber(2)));
    }

    [Fact]
    public async Task Post_WithTheRightPair_ChecksInAndOut_ShowingTheMaskedNameAndTheHours()
    {
        using var device = fixture.NewDevice();
        var link = fixture.Link(StationA);

        using var checkedIn = await SubmitAsync(device, link, MemberNumber(1).ToLowerInvariant(), PhoneTail(1));

        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
        var text = await TextAsync(checkedIn);
        Assert.Contains("签到成功", text);
        Assert.Contains("张*明", text);
        Assert.DoesNotContain("张晓明", text);
        Assert.Equal(1, await fixture.OpenSessionsAsync(MemberNumber(1)));
        await using (var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync())
        {
            // The check-in's own entry: the app's background services (alerts, on the real clock) may write after it.
            var audit = await db.AuditEntries.Where(a => a.Entity == nameof(Data.Entities.DutySession) && a.Change == Data.Entities.AuditChange.Added)
                .OrderByDescending(a => a.Id).FirstAsync();
            Assert.Equal(ActorKind.Volunteer, audit.ActorKind);
        }

        using var checkedOut = await SubmitAsync(device, link, MemberNumber(1), PhoneTail(1), action: "out");

        var outText = await TextAsync(checkedOut);
        Assert.Contains("签退成功", outText);
        Assert.Contains("本次服务时长", outText);
        Assert.Equal(0, await fixture.OpenSessionsAsync(MemberNumber(1)));
    }

    [Fact]
    public async Task Post_WhenAlreadyOnDutyElsewhere_SaysWhere()
    {
        using var device = fixture.NewDevice();
        using var first = await SubmitAsync(device, fixture.Link(StationB), MemberNumber(3), PhoneTail(3));
        Assert.Contains("签到成功", await TextAsync(first));

        using var second = await SubmitAsync(device, fixture.Link(StationA), MemberNumber(3), PhoneTail(3));

        var text = await TextAsync(second);
        Assert.Contains(StationGridNetwork.Stations[StationB - 1].Name, text);
        Assert.Contains("志*3", text);
        Assert.DoesNotContain("志愿者3", text);
        Assert.Equal(1, await fixture.OpenSessionsAsync(MemberNumber(3)));
    }

    [Fact]
    public async Task Post_AtAStationOutsideItsOpeningHours_IsRefused_SayingTheHours()
    {
        using var device = fixture.NewDevice();

        using var response = await SubmitAsync(device, fixture.Link(ClosedNowStation), MemberNumber(9), PhoneTail(9));

        var text = await TextAsync(response);
        Assert.Contains("开放时间", text);
        Assert.DoesNotContain("签到成功", text);
        Assert.Equal(0, await fixture.OpenSessionsAsync(MemberNumber(9)));
    }

    [Fact]
    public async Task Post_WithAWrongPair_AnswersOneMessage_ForAWrongPhoneAndAnUnknownNumber()
    {
        using var device = fixture.NewDevice();
        var link = fixture.Link(StationA);

        using var wrongPhone = await SubmitAsync(device, link, MemberNumber(4), "9999");
        using var unknownNumber = await SubmitAsync(device, link, "SC999999", PhoneTail(4));

        const string Message = "党员编号或手机号后四位不正确";
        Assert.Contains(Message, await TextAsync(wrongPhone));
        Assert.Contains(Message, await TextAsync(unknownNumber));
        Assert.Equal(0, await fixture.OpenSessionsAsync(MemberNumber(4)));
    }

    [Fact]
    public async Task MemberNumber_AfterTooManyWrongPairs_IsRefusedFromEveryDevice_OthersAreNot()
    {
        var link = fixture.Link(StationA);
        for (var attempt = 0; attempt < FailureLimit; attempt++)
        {
            // A new device each time: the per-device limit must not be what stops this.
            using var device = fixture.NewDevice();
            using var wrong = await SubmitAsync(device, link, MemberNumber(5), $"{9000 + attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var another = fixture.NewDevice();
        using var refused = await SubmitAsync(another, link, MemberNumber(5), PhoneTail(5));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Contains("该党员编号尝试次数过多，请 15 分钟后再试", await TextAsync(refused));
        Assert.Equal(0, await fixture.OpenSessionsAsync(MemberNumber(5)));
        using var someoneElse = await SubmitAsync(another, link, MemberNumber(6), PhoneTail(6));
        Assert.Contains("签到成功", await TextAsync(someoneElse));
    }

    [Fact]
    public async Task Poster_ForAnAdministrator_HoldsAQrCodeOfAValidLink()
    {
        using var client = await SignedInAsync(RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);

        using var response = await client.GetAsync($"/stations/{StationA}/poster");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await TextAsync(response);
        Assert.Contains("<svg", html);
        Assert.Contains("@page { size: A4 portrait", html);
        var link = System.Text.RegularExpressions.Regex.Match(html, $"(https?://[^<\"]+/checkin/{StationA}/[A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.StartsWith(SelfCheckInFixture.PublicBaseUrl, link);
        using var device = fixture.NewDevice();
        using var page = await device.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Poster_PrintsAShortLinkOnThePublicBaseUrl_WhichOpensTheSameForm_ForAnyone()
    {
        using var client = await SignedInAsync(RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);

        using var response = await client.GetAsync($"/stations/{StationA}/poster");

        var html = await TextAsync(response);
        var found = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"poster-short-link\"[^>]*>([^<]+)<");
        Assert.True(found.Success, html[Math.Max(0, html.IndexOf("poster-link", StringComparison.Ordinal))..]);
        var shortLink = found.Groups[1].Value;
        var host = new Uri(SelfCheckInFixture.PublicBaseUrl).Authority;
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(host)}/c/[{SelfCheckInService.ShortCodeAlphabet}]{{{SelfCheckInService.ShortCodeLength}}}$", shortLink);
        using var device = fixture.NewDevice();
        using var page = await device.GetAsync(shortLink[host.Length..].ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = await TextAsync(page);
        Assert.Contains("党员编号", form);
        Assert.Contains("Input.Action", form);
        // Posting from the short link checks in at its station.
        using var checkedIn = await SubmitAsync(device, shortLink[host.Length..], MemberNumber(7), PhoneTail(7));
        Assert.Contains("签到成功", await TextAsync(checkedIn));
        Assert.Equal(1, await fixture.OpenSessionsAsync(MemberNumber(7)));
    }

    [Fact]
    public async Task Poster_PrintsThePublicBaseUrl_WhateverHostTheRequestNames()
    {
        using var client = await SignedInAsync(RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/stations/{StationA}/poster");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await TextAsync(response);
        Assert.DoesNotContain("evil.example", html);
        Assert.Contains($"{SelfCheckInFixture.PublicBaseUrl}checkin/{StationA}/", html);
    }

    [Theory]
    [InlineData("organiser-1", StationB, HttpStatusCode.OK)]
    [InlineData("duty-a", StationA, HttpStatusCode.OK)]
    [InlineData("duty-a", StationB, HttpStatusCode.Forbidden)]
    public async Task Poster_IsForThoseWhoMayManageTheStation(string userName, int stationId, HttpStatusCode expected)
    {
        using var client = await SignedInAsync(userName, SecurityFixture.Password);

        using var response = await client.GetAsync($"/stations/{stationId}/poster");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, (await response.Content.ReadAsStringAsync()).Contains("<svg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poster_ForAnAnonymousVisitor_SendsToSignIn()
    {
        using var device = fixture.NewDevice();

        using var response = await device.GetAsync($"/stations/{StationA}/poster");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location?.ToString());
    }

    private async Task<HttpClient> SignedInAsync(string userName, string password)
    {
        var client = fixture.NewDevice();
        using var signedIn = await SecurityFixture.PostSignInAsync(client, userName, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }
}

public sealed class SelfCheckInLimitTests
{
    [Fact]
    public async Task Attempts_BeyondTheDevicesBudget_Answer429WithRetryAfter_AndALocalizedPage()
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?>
        {
            ["Security:SelfCheckIn:DevicePermitLimit"] = "2",
            ["Security:SelfCheckIn:DeviceWindow"] = "00:05:00",
        });
        await app.InsertStationGridNetworkAsync();
        await InsertVolunteersAsync(app);
        var link = "/" + app.Services.GetRequiredService<CheckInLinks>().PathFor(StationA);
        using var device = SecurityFixture.CreateClient(app.ServerAddress);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var allowed = await SubmitAsync(device, link, MemberNumber(1), "9999");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await SubmitAsync(device, link, MemberNumber(1), PhoneTail(1));
        using var limitedInEnglish = await SubmitAsync(device, link + "?culture=en", MemberNumber(1), PhoneTail(1));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Assert.Equal("text/html", limited.Content.Headers.ContentType?.MediaType);
        Assert.Matches("本设备尝试次数过多，请 [1-5] 分钟后再试", await TextAsync(limited));
        Assert.Matches("Too many attempts from this device. Try again in [1-5] min", await TextAsync(limitedInEnglish));
        // Opening the page is not an attempt, and nobody was checked in.
        using var page = await device.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.DutySessions.CountAsync());
    }

    [Fact]
    public async Task ShortLinks_OpenedBeyondTheAddresssBudget_Answer429_SoCodesCannotBeGuessedAtSpeed()
    {
        await using var app = new RedStationAppFactory(settings: new Dictionary<string, string?>
        {
            ["Security:SelfCheckIn:ShortLinkPermitLimit"] = "3",
        });
        await app.InsertStationGridNetworkAsync();
        var code = (await app.Services.GetRequiredService<SelfCheckInService>().IssueShortCodeAsync(StationA, replace: false)).Value!;
        using var device = SecurityFixture.CreateClient(app.ServerAddress);

        using (var found = await device.GetAsync($"/c/{code}"))
        {
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        }

        for (var guess = 0; guess < 2; guess++)
        {
            using var wrong = await device.GetAsync("/c/ABCDEFGH");
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        }

        using var limited = await device.GetAsync($"/c/{code}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        // The long link of the QR code is not a guess: it stays free to open.
        using var qr = await device.GetAsync("/" + app.Services.GetRequiredService<CheckInLinks>().PathFor(StationA));
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
    }

    [Fact]
    public async Task PrintedCodes_StillWork_AfterTheAppRestarts()
    {
        var folder = Path.Combine(Path.GetTempPath(), "redstation-app-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string link;
            await using (var first = new RedStationAppFactory(folder: folder))
            {
                await first.InsertStationGridNetworkAsync();
                link = "/" + first.Services.GetRequiredService<CheckInLinks>().PathFor(StationA);
            }

            await using var second = new RedStationAppFactory(folder: folder);
            using var device = SecurityFixture.CreateClient(second.ServerAddress);

            using var response = await device.GetAsync(link);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
