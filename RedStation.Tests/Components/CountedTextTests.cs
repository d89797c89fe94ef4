using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using RedStation.Dashboard.Localization;

namespace RedStation.Tests.Components;

/// <summary>Count texts read right for every number: "1 station", "2 stations"; never "1 people".</summary>
public sealed partial class CountedTextTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();

    private IStringLocalizer<SharedResource> L => _services.GetRequiredService<IStringLocalizer<SharedResource>>();

    [Theory]
    [InlineData("en", "Stations.Total", 1, "1 station")]
    [InlineData("en", "Stations.Total", 2, "2 stations")]
    [InlineData("en", "Occupancy.Shown", 1, "1 station")]
    [InlineData("en", "Desk.Activity.People", 1, "1 person")]
    [InlineData("en", "Desk.Activity.People", 2, "2 people")]
    [InlineData("en", "Audit.Total", 1, "1 entry")]
    [InlineData("en", "Audit.Total", 2, "2 entries")]
    [InlineData("en", "Manage.Volunteers.Total", 1, "1 volunteer")]
    [InlineData("en", "Manage.Import.Confirm", 1, "Import 1 volunteer")]
    [InlineData("en", "Manage.Import.Confirm", 2, "Import 2 volunteers")]
    [InlineData("en", "Manage.Import.Rows", 1, "1 row")]
    [InlineData("zh-CN", "Stations.Total", 1, "共 1 个驿站")]
    [InlineData("zh-CN", "Stations.Total", 2, "共 2 个驿站")]
    [InlineData("zh-CN", "Desk.Activity.People", 1, "1 人")]
    public void ACount_OfOneAndOfTwo_ReadsRight(string culture, string key, int count, string expected)
    {
        using var _ = new UiCulture(culture);

        Assert.Equal(expected, L.Count(key, count, count).Value);
    }

    [Theory]
    [InlineData("Kpi.CheckOutsToday", "Check-outs: 1")]
    [InlineData("Kpi.OnDutyDetail", "People in the stations: 1")]
    [InlineData("Kpi.CasesOpen", "Open cases: 1")]
    [InlineData("Kpi.SharedVenuesOpen", "Shared venues open: 1")]
    public void ACountWithoutASingular_IsWordedForAnyNumber(string key, string expected)
    {
        using var _ = new UiCulture("en");

        Assert.Equal(expected, L[key, 1].Value);
    }

    /// <summary>
    /// A sweep of the English texts: a number followed by a plural noun ("{0} stations", "{0} people") needs its
    /// <c>.One</c> twin, and every twin has its Chinese one (or zh-CN would fall back to English for a count of one).
    /// </summary>
    [Fact]
    public void EveryEnglishCountOfAPluralNoun_HasASingular_InBothLanguages()
    {
        var english = Texts(CultureInfo.InvariantCulture);
        var chinese = Texts(CultureInfo.GetCultureInfo("zh-CN"));

        var missing = english
            .Where(t => !t.Key.EndsWith(CountedText.OneSuffix, StringComparison.Ordinal))
            .Where(t => PluralAfterNumber().IsMatch(t.Value) && !english.ContainsKey(t.Key + CountedText.OneSuffix))
            .Select(t => $"{t.Key}: {t.Value}")
            .ToList();
        Assert.Empty(missing);
        Assert.All(english.Keys.Where(k => k.EndsWith(CountedText.OneSuffix, StringComparison.Ordinal)), key => Assert.True(chinese.ContainsKey(key), key));
    }

    private static Dictionary<string, string> Texts(CultureInfo culture)
    {
        var resources = new ResourceManager("RedStation.Dashboard.Localization.SharedResource", typeof(SharedResource).Assembly);
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    // "{0} stations", "{1} rows", "{0} people", "{0} shared venues": a number, at most one word, then a plural noun.
    // Not "{0} is", "{0} was", "{0} h", "{0} min" or "{0} s".
    [GeneratedRegex(@"\{\d\} (?:[a-z-]+ )?(?!is\b|was\b|has\b)(?:people|[a-z-]{2,}s)\b")]
    private static partial Regex PluralAfterNumber();

    public void Dispose() => _services.Dispose();

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = _previous;
    }
}
