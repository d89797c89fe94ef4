using System.Globalization;
using RedStation.Dashboard.Localization;
using RedStation.Data.Live;
using RedStation.Data.Services;

namespace RedStation.Tests.Components;

/// <summary>The one way a name stored in both languages is shown: the Chinese name in any Chinese UI, the English one otherwise.</summary>
public sealed class BilingualTests : IDisposable
{
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    private static readonly DistrictOption Jiaocheng = new(1, "蕉城区", "Jiaocheng District");

    public void Dispose() => CultureInfo.CurrentUICulture = _uiCulture;

    [Theory]
    [InlineData("zh-CN", "蕉城区")]
    [InlineData("zh", "蕉城区")]
    [InlineData("zh-TW", "蕉城区")]
    [InlineData("en", "Jiaocheng District")]
    [InlineData("en-GB", "Jiaocheng District")]
    [InlineData("fr", "Jiaocheng District")]
    public void DisplayName_FollowsTheCurrentUiCulture(string culture, string expected)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

        Assert.Equal(expected, Jiaocheng.DisplayName());
        Assert.Equal(expected, Bilingual.Pick(Jiaocheng.Name, Jiaocheng.NameEn));
        Assert.Equal(culture.StartsWith("zh", StringComparison.Ordinal), Bilingual.IsChinese);
    }

    [Fact]
    public void DisplayName_InAGivenCulture_IgnoresTheCurrentOne()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

        Assert.Equal("蕉城区", Jiaocheng.DisplayName(CultureInfo.GetCultureInfo("zh-CN")));
        Assert.Equal("Jiaocheng District", Jiaocheng.DisplayName(CultureInfo.GetCultureInfo("en")));
    }

    [Fact]
    public void AnEmptyEnglishName_StaysEmpty_AsTheScreensShowedItBefore()
    {
        // The domain requires both names, and the screens never fell back: an English page shows what is stored.
        var unnamed = new DistrictLive(2, "福安市", string.Empty, 0, 0, 0, new TodayCounts(0, 0, 0, 0, 0, 0, 0, 0, 0));
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

        Assert.Equal(string.Empty, unnamed.DisplayName());
        Assert.Equal("福安市", unnamed.DisplayName(CultureInfo.GetCultureInfo("zh-CN")));
    }
}
