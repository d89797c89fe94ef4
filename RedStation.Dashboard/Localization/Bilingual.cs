using System.Globalization;
using RedStation.Data;

namespace RedStation.Dashboard.Localization;

/// <summary>
/// The one way the dashboard asks "is the UI Chinese?" and shows a name stored in both languages: the Chinese name when
/// the UI culture is Chinese (any zh), the English one otherwise — as stored, even empty (the domain requires both).
/// </summary>
/// <remarks>
/// The culture is the circuit's UI culture, as the request localization middleware set it; a render started from another
/// thread (a live update) restores it first.
/// </remarks>
public static class Bilingual
{
    /// <summary>Whether the current UI culture is Chinese.</summary>
    public static bool IsChinese => IsChineseCulture(CultureInfo.CurrentUICulture);

    /// <summary>Whether <paramref name="culture"/> is Chinese (zh, zh-CN, zh-Hans, zh-TW…).</summary>
    public static bool IsChineseCulture(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";

    /// <summary>The name in the current UI language, of a pair not named Name/NameEn (a row's district, a type's name).</summary>
    public static string Pick(string name, string nameEn) => Pick(name, nameEn, CultureInfo.CurrentUICulture);

    /// <summary>The name in <paramref name="culture"/>'s language.</summary>
    public static string Pick(string name, string nameEn, CultureInfo culture) => IsChineseCulture(culture) ? name : nameEn;

    /// <summary>The name in the current UI language.</summary>
    public static string DisplayName(this IBilingualName named) => Pick(named.Name, named.NameEn, CultureInfo.CurrentUICulture);

    /// <summary>The name in <paramref name="culture"/>'s language.</summary>
    public static string DisplayName(this IBilingualName named, CultureInfo culture) => Pick(named.Name, named.NameEn, culture);
}
