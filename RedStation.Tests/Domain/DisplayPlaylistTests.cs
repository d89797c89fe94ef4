using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Tests.Domain;

/// <summary>A display token's playlist: what its screen rotates through, validated and audited like every write.</summary>
public class DisplayPlaylistTests : DomainTestBase
{
    private static readonly Actor Organiser = new(ActorKind.Person, "user-7", "organiser");

    [Fact]
    public async Task SetPlaylist_StoresPanelsInOrderWithTheirDwell_AndIsAudited()
    {
        var token = await CreateTokenAsync();
        using (ActorContext.Begin(Organiser))
        {
            AssertSucceeded(await Service<DisplayTokenService>().SetPlaylistAsync(token, [new(" feed ", 30), new("kpis", 5), new("spotlight", 600)]));
        }

        await using var db = await Database.CreateContextAsync();
        Assert.Equal("feed:30;kpis:5;spotlight:600", (await db.DisplayTokens.SingleAsync()).Playlist);
        var entry = await db.AuditEntries.Where(a => a.Entity == nameof(DisplayToken) && a.Change == AuditChange.Modified).SingleAsync();
        Assert.Equal("user-7", entry.ActorId);
        Assert.Contains("feed:30;kpis:5;spotlight:600", entry.After);
        Assert.Equal([new("feed", 30), new("kpis", 5), new("spotlight", 600)], await Service<DisplayTokenService>().GetPlaylistAsync(token));
    }

    public static TheoryData<DisplayPlaylistItem[], string> Invalid() => new()
    {
        { [], ErrorCodes.DisplayPlaylistEmpty },
        { [new("weather", 20)], ErrorCodes.DisplayPanelUnknown },
        { [new("kpis", 20), new("", 20)], ErrorCodes.DisplayPanelUnknown },
        { [new("kpis", 4)], ErrorCodes.DisplayDwellOutOfRange },
        { [new("kpis", 601)], ErrorCodes.DisplayDwellOutOfRange },
        { [new("kpis", -1)], ErrorCodes.DisplayDwellOutOfRange },
        { Enumerable.Repeat(new DisplayPlaylistItem("kpis", 10), DisplayPlaylist.MaxItems + 1).ToArray(), ErrorCodes.DisplayPlaylistTooLong },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task SetPlaylist_WithNothingOrAnUnknownPanelOrADwellOutOfRange_IsRejected_AndChangesNothing(DisplayPlaylistItem[] items, string code)
    {
        var token = await CreateTokenAsync();
        var raised = 0;
        using var subscription = Service<LiveFeed>().Subscribe(events => raised += events.Count(e => e is SettingChanged));

        var result = await Service<DisplayTokenService>().SetPlaylistAsync(token, items);

        Assert.Equal((code, ErrorKind.Validation), (result.Error?.Code, result.Error?.Kind));
        Assert.False(string.IsNullOrWhiteSpace(result.Error!.Message));
        await using var db = await Database.CreateContextAsync();
        Assert.Null((await db.DisplayTokens.SingleAsync()).Playlist);
        Assert.Equal(0, raised);
    }

    [Fact]
    public async Task SetPlaylist_OfARevokedOrUnknownToken_IsRejected()
    {
        var token = await CreateTokenAsync();
        AssertSucceeded(await Service<DisplayTokenService>().RevokeAsync(token));

        var revoked = await Service<DisplayTokenService>().SetPlaylistAsync(token, [new("kpis", 20)]);
        var unknown = await Service<DisplayTokenService>().SetPlaylistAsync(9999, [new("kpis", 20)]);

        Assert.Equal(ErrorCodes.DisplayTokenAlreadyRevoked, revoked.Error?.Code);
        Assert.Equal(ErrorCodes.DisplayTokenNotFound, unknown.Error?.Code);
    }

    [Fact]
    public async Task SetPlaylist_RaisesALiveSettingChanged_WithTheToken_OnceCommitted()
    {
        // Built as the app builds it at start-up: a feed tells its subscribers once it holds a state.
        await Service<LiveFeed>().RebuildAsync(Service<DomainWriter>());
        var token = await CreateTokenAsync();
        string? storedWhenRaised = null;
        using var subscription = Service<LiveFeed>().Subscribe(events =>
        {
            foreach (var e in events.OfType<SettingChanged>().Where(e => e.Kind == SettingKind.DisplayPlaylist))
            {
                using var db = Database.CreateContextAsync().GetAwaiter().GetResult();
                storedWhenRaised = $"{e.SubjectId}:{db.DisplayTokens.Single(t => t.Id == e.SubjectId).Playlist}";
            }
        });

        AssertSucceeded(await Service<DisplayTokenService>().SetPlaylistAsync(token, [new("charts", 45)]));

        Assert.Equal($"{token}:charts:45", storedWhenRaised);
    }

    [Fact]
    public async Task GetPlaylist_OfATokenWithoutOne_IsEveryPanelButTheAlerts_CumulativeFirst_WithTheDefaultDwell()
    {
        var token = await CreateTokenAsync();

        var playlist = await Service<DisplayTokenService>().GetPlaylistAsync(token, defaultDwellSeconds: 15);

        Assert.Equal(DisplayPlaylist.Panels.Where(p => p != DisplayPlaylist.Alerts), playlist!.Select(i => i.Panel));
        Assert.Equal(DisplayPlaylist.Cumulative, playlist![0].Panel);
        Assert.DoesNotContain(playlist!, i => i.Panel == DisplayPlaylist.Alerts);
        Assert.All(playlist!, i => Assert.Equal(15, i.DwellSeconds));
    }

    [Fact]
    public async Task SetPlaylist_AcceptsTheAlertsAndTheNewPanels_AndStoresThem()
    {
        var token = await CreateTokenAsync();

        using (ActorContext.Begin(Organiser))
        {
            AssertSucceeded(await Service<DisplayTokenService>().SetPlaylistAsync(token,
                [new(DisplayPlaylist.Cumulative, 30), new(DisplayPlaylist.Honours, 20), new(DisplayPlaylist.Alerts, 15)]));
        }

        var playlist = await Service<DisplayTokenService>().GetPlaylistAsync(token);
        Assert.Equal("cumulative:30;honours:20;alerts:15", DisplayPlaylist.Format(playlist!));
    }

    [Fact]
    public void TheLongestPlaylist_FitsTheStoredColumn()
    {
        var longest = DisplayPlaylist.Panels.MaxBy(p => p.Length)!;

        var text = DisplayPlaylist.Format(Enumerable.Repeat(new DisplayPlaylistItem(longest, DisplayPlaylist.MaxDwellSeconds), DisplayPlaylist.MaxItems));

        Assert.True(text.Length <= DisplayPlaylist.MaxStoredLength, $"{text.Length} characters");
    }

    [Theory]
    [InlineData("feed:30;weather:20;kpis:3;charts:x;wishes:45", "feed:30;wishes:45")]
    [InlineData("", null)]
    [InlineData("nonsense", null)]
    public void Parse_SkipsWhatIsNoLongerValid_AndFallsBackToTheDefault(string stored, string? expected)
    {
        var parsed = DisplayPlaylist.Parse(stored);

        Assert.Equal(expected ?? DisplayPlaylist.Format(DisplayPlaylist.Default()), DisplayPlaylist.Format(parsed));
    }

    private async Task<int> CreateTokenAsync()
    {
        // Only an administrator issues tokens; organisers edit their playlists.
        using var _ = ActorContext.Begin(Organiser with { IsAdministrator = true });
        return AssertSucceeded(await Service<DisplayTokenService>().CreateAsync("大厅大屏", "all")).Token.Id;
    }
}

public sealed class DisplayPlaylistTests_PostgreSQL : DisplayPlaylistTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
