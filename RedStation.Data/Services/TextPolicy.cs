using System.Globalization;
using System.Text;

namespace RedStation.Data.Services;

/// <summary>
/// The one policy for every free-text field a person types or imports (titles, names, notes, units, reasons): text is
/// stored trimmed and in Unicode normal form C, and text carrying an invisible or layout-changing character is refused,
/// with the field and the character named — so that "‮evil‬ txt.exe" cannot pose as something else on the desk, a wall
/// or an export. <see cref="DomainErrors.CheckText"/> applies it; the services store <see cref="Clean"/>.
/// </summary>
/// <remarks>
/// Refused: control characters (NUL, escape…; a line break or tab only in multi-line fields), every format character
/// (bidirectional overrides, embeddings and isolates, zero-width spaces and joiners, the byte-order mark, soft hyphens,
/// tags), line and paragraph separators, unpaired surrogates and non-characters. Refusing, not stripping: what is
/// stored is exactly what was typed, and the person who typed it learns why it was refused.
/// </remarks>
public static class TextPolicy
{
    /// <summary>The stored form: trimmed, normal form C. Null and white space become empty.</summary>
    public static string Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? string.Empty : Normalize(value.Trim());

    /// <summary>The stored form of an optional field: null when empty.</summary>
    public static string? CleanOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : Clean(value);

    /// <summary>The first character the policy refuses, as its position (1-based, in characters) and code point; null when the text is acceptable.</summary>
    public static (int Position, int CodePoint)? FirstRefused(string value, bool multiline = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, value[i + 1]);
                if (IsRefused(CharUnicodeInfo.GetUnicodeCategory(codePoint), codePoint, multiline))
                {
                    return (i + 1, codePoint);
                }

                i++;
                continue;
            }

            if (char.IsSurrogate(c) || IsRefused(CharUnicodeInfo.GetUnicodeCategory(c), c, multiline))
            {
                return (i + 1, c);
            }
        }

        return null;
    }

    /// <summary>How a refused character is named in an error: <c>U+202E</c>.</summary>
    public static string Name(int codePoint) => string.Create(CultureInfo.InvariantCulture, $"U+{codePoint:X4}");

    private static bool IsRefused(UnicodeCategory category, int codePoint, bool multiline) => category switch
    {
        UnicodeCategory.Control => !(multiline && codePoint is '\n' or '\r' or '\t'),
        UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
        UnicodeCategory.Surrogate => true,
        _ => IsNonCharacter(codePoint),
    };

    /// <summary>U+FDD0–U+FDEF and the last two code points of every plane.</summary>
    private static bool IsNonCharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    private static string Normalize(string value)
    {
        try
        {
            return value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Ill-formed UTF-16 cannot be normalised; the check refuses it before anything is stored.
            return value;
        }
    }
}
