using System.Globalization;
using RedStation.Data.Services;

namespace RedStation.Tests.Domain.Management;

public sealed class PinyinInitialsTests
{
    [Theory]
    [InlineData("张晓明", "ZXM")]
    [InlineData("林建国", "LJG")]
    [InlineData("曾志伟", "ZZW")]
    [InlineData("缪芳", "MF")]
    [InlineData("阿依古丽", "AYGL")]
    [InlineData("欧阳娜娜", "OYNN")]
    [InlineData("吕 洋", "LY")]
    [InlineData("Li Lei", "LL")]
    public void Of_GivesTheUpperCaseInitialOfEachCharacter(string name, string expected) =>
        Assert.Equal(expected, PinyinInitials.Of(name));

    [Fact]
    public void Of_AgreesWithTheDemoSeedingTable()
    {
        foreach (var (character, initial) in RedStation.Data.Seeding.DemoCatalog.GivenNameChars)
        {
            Assert.Equal($"Z{initial}", PinyinInitials.Of("张" + character));
        }

        foreach (var (character, initial) in RedStation.Data.Seeding.DemoCatalog.Surnames)
        {
            Assert.Equal(initial.ToString(), PinyinInitials.Of(character));
        }
    }

    [Fact]
    public void TheSelfCheck_PassesWithThisSystemsPinyinCollation() =>
        Assert.True(PinyinInitials.WorksHere());

    [Theory]
    [InlineData("")]
    [InlineData("en-US")]
    public void TheSelfCheck_DetectsACollationThatIsNotPinyins(string culture)
    {
        // What a system without ICU gives: Chinese characters sorted by code point (or by stroke, not by reading).
        var collation = CultureInfo.GetCultureInfo(culture).CompareInfo;

        Assert.False(PinyinInitials.Works(collation));
        Assert.True(PinyinInitials.Works(CultureInfo.GetCultureInfo("zh-CN").CompareInfo));
    }
}
