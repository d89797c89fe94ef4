using System.Globalization;
using System.Text;

namespace RedStation.Data.Services;

/// <summary>
/// The pinyin initials of a name (张晓明 → ZXM), as the duty desk's type-ahead searches them and as the demo
/// seeding writes them. Works from the pinyin collation of zh-CN (ICU): a character's initial is the letter of
/// the last boundary character that does not sort after it. Surnames read differently from the character's
/// everyday reading (曾 zēng, 单 shàn …) are looked up first.
/// <para>
/// Without the operating system's ICU data (invariant globalisation, a slim container image) the collation is not
/// pinyin's and every initial comes out wrong, silently: <see cref="WorksHere"/> is the app's start-up self-check.
/// </para>
/// </summary>
public static class PinyinInitials
{
    /// <summary>A name of eight common surnames, none in <see cref="SurnameReadings"/>: each initial comes from the collation.</summary>
    internal const string CheckName = "赵钱孙李周吴郑王";

    /// <summary>Its initials under the pinyin collation.</summary>
    internal const string CheckInitials = "ZQSLZWZW";

    /// <summary>Read on first use, so that a system without the culture fails the self-check instead of the type.</summary>
    private static CompareInfo? _pinyin;

    private static CompareInfo Pinyin => _pinyin ??= CultureInfo.GetCultureInfo("zh-CN").CompareInfo;

    /// <summary>The first character, in pinyin order, of each initial's run of characters.</summary>
    private static readonly (string Boundary, char Initial)[] Boundaries =
    [
        ("阿", 'A'), ("八", 'B'), ("嚓", 'C'), ("咑", 'D'), ("妸", 'E'), ("发", 'F'), ("旮", 'G'), ("哈", 'H'),
        ("丌", 'J'), ("咔", 'K'), ("垃", 'L'), ("妈", 'M'), ("拿", 'N'), ("噢", 'O'), ("妑", 'P'), ("七", 'Q'),
        ("呥", 'R'), ("仨", 'S'), ("他", 'T'), ("屲", 'W'), ("夕", 'X'), ("丫", 'Y'), ("帀", 'Z'),
    ];

    /// <summary>Surnames whose reading as a surname differs from the character's first reading.</summary>
    private static readonly Dictionary<char, char> SurnameReadings = new()
    {
        ['曾'] = 'Z', ['单'] = 'S', ['仇'] = 'Q', ['区'] = 'O', ['解'] = 'X', ['朴'] = 'P', ['查'] = 'Z',
        ['盖'] = 'G', ['乐'] = 'Y', ['尉'] = 'Y', ['翟'] = 'Z', ['缪'] = 'M', ['覃'] = 'Q', ['召'] = 'S',
        ['长'] = 'Z', ['重'] = 'C', ['种'] = 'C', ['繁'] = 'P', ['员'] = 'Y', ['秘'] = 'B', ['折'] = 'S',
    };

    /// <summary>
    /// True when this system's zh-CN collation is pinyin's (ICU present): the initials of <see cref="CheckName"/> come out
    /// right. False when the culture is missing (invariant globalisation) or sorts Chinese otherwise.
    /// </summary>
    public static bool WorksHere()
    {
        try
        {
            return Works(Pinyin);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="collation"/> gives the initials the pinyin collation gives.</summary>
    internal static bool Works(CompareInfo collation) =>
        string.Equals(Of(CheckName, collation), CheckInitials, StringComparison.Ordinal);

    /// <summary>Upper-case initials of the Chinese characters and Latin words of <paramref name="name"/>; anything else is skipped.</summary>
    public static string Of(string name) => Of(name, Pinyin);

    private static string Of(string name, CompareInfo collation)
    {
        var initials = new StringBuilder(name.Length);
        var first = true;
        var previous = ' ';
        foreach (var c in name.Trim())
        {
            var inWord = char.IsAsciiLetter(previous);
            previous = c;
            if (char.IsAsciiLetter(c))
            {
                // A Latin name gives the first letter of each word.
                if (!inWord)
                {
                    initials.Append(char.ToUpperInvariant(c));
                }
            }
            else if (IsHan(c))
            {
                initials.Append(first && SurnameReadings.TryGetValue(c, out var surname) ? surname : InitialOf(c, collation));
            }
            else
            {
                continue;
            }

            first = false;
        }

        return initials.ToString();
    }

    private static char InitialOf(char c, CompareInfo collation)
    {
        var text = c.ToString();
        var initial = Boundaries[0].Initial;
        foreach (var (boundary, letter) in Boundaries)
        {
            if (collation.Compare(text, boundary) < 0)
            {
                break;
            }

            initial = letter;
        }

        return initial;
    }

    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';
}
