using System.Text;
using RedStation.Data.Services;

namespace RedStation.Tests.Domain;

public sealed class TextPolicyTests
{
    public static TheoryData<string, string, int> Refused() => new()
    {
        { "right-to-left override", "evil\u202Etxt.exe", 0x202E },
        { "left-to-right embedding", "a\u202Ab", 0x202A },
        { "pop directional formatting", "a\u202Cb", 0x202C },
        { "right-to-left isolate", "a\u2067b", 0x2067 },
        { "right-to-left mark", "a\u200Fb", 0x200F },
        { "zero-width space", "周\u200B榕珍", 0x200B },
        { "zero-width joiner", "周\u200D榕珍", 0x200D },
        { "word joiner", "周\u2060榕珍", 0x2060 },
        { "byte-order mark", "\uFEFF周榕珍", 0xFEFF },
        { "soft hyphen", "a\u00ADb", 0x00AD },
        { "NUL", "a\0b", 0 },
        { "escape", "a\u001B[31mb", 0x1B },
        { "bell", "a\u0007", 0x07 },
        { "DEL", "a\u007Fb", 0x7F },
        { "C1 control", "a\u0085b", 0x85 },
        { "line separator", "a\u2028b", 0x2028 },
        { "paragraph separator", "a\u2029b", 0x2029 },
        { "a non-character", "a\uFFFEb", 0xFFFE },
        { "a non-character of an astral plane", "a" + char.ConvertFromUtf32(0x1FFFF), 0x1FFFF },
        { "a tag character", "a" + char.ConvertFromUtf32(0xE0041), 0xE0041 },
        { "a line break in a one-line field", "周末\n讲堂", '\n' },
        { "a tab in a one-line field", "周末\t讲堂", '\t' },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void InvisibleControlAndDirectionCharacters_AreRefused_WithTheCharacterNamed(string what, string text, int codePoint)
    {
        var refused = TextPolicy.FirstRefused(text);

        Assert.True(refused is not null, what);
        Assert.Equal(codePoint, refused!.Value.CodePoint);
        // The position is where the character starts, counted from 1.
        var first = char.ConvertFromUtf32(codePoint)[0];
        Assert.Equal(first, text[refused.Value.Position - 1]);
        Assert.Equal(-1, text.AsSpan(0, refused.Value.Position - 1).IndexOfAny(['\u202E', '\0', '\n']));
    }

    [Theory]
    [InlineData("周榕珍")]
    [InlineData("湾坞公园红色驿站（2）")]
    [InlineData("Zoë O'Brien-Smith")]
    [InlineData("👨‍👩‍👧")] // a family emoji joins with U+200D: refused, see below
    public void OrdinaryText_IsAccepted(string text)
    {
        if (text.Contains('\u200D', StringComparison.Ordinal))
        {
            // Joined emoji are the price of refusing zero-width joiners: none of the programme's fields needs them.
            Assert.NotNull(TextPolicy.FirstRefused(text));
            return;
        }

        Assert.Null(TextPolicy.FirstRefused(text));
    }

    [Fact]
    public void LoneSurrogates_AreRefused()
    {
        // Built here, not in theory data: xUnit's serialisation of test cases turns a lone surrogate into U+FFFD.
        Assert.Equal((2, 0xD83D), TextPolicy.FirstRefused(new string(['a', (char)0xD83D, 'b'])));
        Assert.Equal((2, 0xDE00), TextPolicy.FirstRefused(new string(['a', (char)0xDE00, 'b'])));
        Assert.Equal((1, 0xDE00), TextPolicy.FirstRefused(new string([(char)0xDE00, (char)0xD83D])));
    }

    [Fact]
    public void AstralCharacters_AreAccepted() =>
        Assert.Null(TextPolicy.FirstRefused("𠀀 rare han and 🙂"));

    [Fact]
    public void LineBreaksAndTabs_AreAcceptedInMultiLineFields_ButNothingElse()
    {
        Assert.Null(TextPolicy.FirstRefused("第一行\r\n第二行\t完", multiline: true));
        Assert.Equal(0x202E, TextPolicy.FirstRefused("第一行\n\u202E", multiline: true)!.Value.CodePoint);
    }

    [Fact]
    public void Clean_TrimsAndComposes()
    {
        var decomposed = "Zoe\u0308 ";
        var clean = TextPolicy.Clean(decomposed);

        Assert.Equal("Zoë", clean);
        Assert.True(clean.IsNormalized(NormalizationForm.FormC));
        Assert.Equal(string.Empty, TextPolicy.Clean("   "));
        Assert.Null(TextPolicy.CleanOrNull(" \t "));
    }
}
