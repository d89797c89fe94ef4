using Microsoft.Extensions.Localization;

namespace RedStation.Dashboard.Localization;

/// <summary>
/// Texts that carry a count. English says "1 station" but "2 stations"; Chinese says "1 座" and "2 座" alike. A key whose
/// text names the counted thing has a <c>.One</c> twin for a count of one (in both resources, so zh-CN never falls back
/// to the English one); other count texts are worded so that any number reads right ("Check-outs: 1").
/// </summary>
public static class CountedText
{
    public const string OneSuffix = ".One";

    /// <summary><paramref name="key"/>, or its <c>.One</c> twin when <paramref name="count"/> is 1, formatted with <paramref name="arguments"/>.</summary>
    public static LocalizedString Count(this IStringLocalizer localizer, string key, long count, params object[] arguments)
    {
        if (count == 1 && localizer[key + OneSuffix, arguments] is { ResourceNotFound: false } one)
        {
            return one;
        }

        return localizer[key, arguments];
    }
}
