using System.Globalization;
using System.Text;
using RedStation.Data.Services;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Domain.Management;

/// <summary>
/// The hostile-input corpus of the volunteer import: every column of a file given every hostile cell (invisible,
/// control and direction-changing characters, overlong text, blanks where a value is required, malformed phones and
/// member numbers). Each case reads a file of one good row and the hostile one through the public
/// <see cref="VolunteerImportService.ReadAsync"/>: the hostile row is reported with an error naming its column (as the
/// file's header names it, in Chinese), the good row stays valid, confirming the import is refused, and nothing is written.
/// A cell longer than the reader holds (<see cref="ImportLimits.MaxCellChars"/>) refuses the whole file instead, naming
/// its row and column.
/// </summary>
public sealed class HostileImportCorpusTests(ImportCorpusFixture fixture) : IClassFixture<ImportCorpusFixture>
{
    public static TheoryData<string> Cases() => new(ImportCorpus.Cases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileCell_IsAReportedRowErrorNamingItsColumn_AndNothingIsWritten(string name)
    {
        var (column, value) = ImportCorpus.Cases[name];
        var import = fixture.Database.Get<VolunteerImportService>();
        var before = fixture.LastSnapshot ?? await DatabaseSnapshot.TakeAsync(fixture.Database);
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var cells = ImportCorpus.GoodRow(2);
            cells[column] = value;
            var file = string.Join('\n', [ImportCorpus.Header, string.Join(',', ImportCorpus.GoodRow(1)), string.Join(',', cells)]);

            var read = await import.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), "volunteers.csv");

            // A cell too long for the reader to hold refuses the file where it is: its row and column named.
            if (value.Length > ImportLimits.MaxCellChars)
            {
                Assert.False(read.Succeeded, $"{name}: a {value.Length}-character cell was read.");
                Assert.Equal(ErrorCodes.ImportCellTooLong, read.Error!.Code);
                Assert.Contains($"第 3 行 {ImportLimits.ColumnName(column)} 列", read.Error.Message, StringComparison.Ordinal);
                Assert.Equal(before, await DatabaseSnapshot.TakeAsync(fixture.Database));
                return;
            }

            Assert.True(read.Succeeded, $"{name}: {read.Error?.Message}");
            var preview = read.Value!;
            Assert.Equal(2, preview.Rows.Count);
            Assert.True(preview.Rows[0].IsValid, $"{name}: the good row: {string.Join(" / ", preview.Rows[0].Errors)}");
            var header = ImportCorpus.Columns[column];
            Assert.False(preview.Rows[1].IsValid, $"{name}: the hostile row was taken as valid.");
            Assert.True(preview.Rows[1].Errors.Any(e => e.Contains(header, StringComparison.Ordinal)), $"{name}: no error names {header}: {string.Join(" / ", preview.Rows[1].Errors)}");
            Assert.Equal(ErrorCodes.ImportHasErrors, (await import.ImportAsync(preview, skipInvalidRows: false)).Error?.Code);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }

        var after = await DatabaseSnapshot.TakeAsync(fixture.Database);
        Assert.Equal(before, after);
        fixture.LastSnapshot = after;
    }
}

/// <summary>The <see cref="TestNetwork"/>, shared by the import corpus: nothing is ever written to it.</summary>
public sealed class ImportCorpusFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    /// <summary>The dump the last case left and checked: the next case's "before" (nothing else writes here).</summary>
    public string? LastSnapshot { get; set; }

    public async Task InitializeAsync() => Database = await TestNetwork.CreateDatabaseAsync();

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

/// <summary>The import corpus: a column index and a hostile cell, keyed by a readable name.</summary>
public static class ImportCorpus
{
    /// <summary>The file's columns, as its header names them (and as the row errors name them).</summary>
    public static IReadOnlyList<string> Columns { get; } = ["姓名", "手机号", "党员编号", "工作单位", "社区", "所属区县", "技能特长", "所属队伍"];

    public static string Header => string.Join(',', Columns);

    private static readonly Lazy<Dictionary<string, (int Column, string Value)>> Built = new(Build);

    public static IReadOnlyDictionary<string, (int Column, string Value)> Cases => Built.Value;

    public static string[] GoodRow(int i) => ["陈晓明", $"139{i:D8}", $"IMP{i:D6}", "宁德市民政局", "蕉南社区", "蕉城区", "书法", ""];

    /// <summary>Text a file can hold (UTF-8 has no lone surrogates: they are read as U+FFFD) that no column takes.</summary>
    public static IReadOnlyList<(string Name, string Value)> Texts { get; } =
    [
        ("a NUL", "a\0b"),
        ("a control character", "a\u0001b"),
        ("an escape sequence", "\u001b[2J陈"),
        ("a DEL", "a\u007fb"),
        ("a right-to-left override", "陈\u202E晓明"),
        ("a left-to-right embedding", "a\u202Ab"),
        ("a directional isolate", "a\u2066b"),
        ("a zero-width space", "林\u200B芳"),
        ("a zero-width joiner", "a\u200Db"),
        ("a byte-order mark inside", "a\uFEFFb"),
        ("a soft hyphen", "a\u00ADb"),
        ("a line separator", "a\u2028b"),
        ("a paragraph separator", "a\u2029b"),
        ("a non-character", "a\uFFFFb"),
        ("a non-character of the FDD0 block", "a\uFDD0b"),
        ("a tag character", "a\U000E0001b"),
        ("a tab", "a\tb"),
        ("10k characters", new string('长', 10_000)),
    ];

    private static Dictionary<string, (int, string)> Build()
    {
        var cases = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        for (var column = 0; column < Columns.Count; column++)
        {
            foreach (var (name, value) in Texts)
            {
                cases.Add($"{Columns[column]}: {name}", (column, value));
            }

            // The required columns refuse blanks; the district, skills and teams may be left empty.
            if (column <= 4)
            {
                cases.Add($"{Columns[column]}: empty", (column, ""));
                cases.Add($"{Columns[column]}: white space only", (column, "   "));
            }
        }

        foreach (var phone in new[] { "12345", "1391234567x", "１３９１２３４５６７８", "23912345678", "139123456789", "' OR 1=1 --", "<script>" })
        {
            cases.Add($"手机号: malformed {phone}", (1, phone));
        }

        foreach (var number in new[] { "IMP-0001", "<script>", "' OR 1=1 --", "ＩＭＰ１" })
        {
            cases.Add($"党员编号: malformed {number}", (2, number));
        }

        cases.Add("社区: a community that is not there", (4, "<script>alert(1)</script>"));
        cases.Add("社区: SQL-ish", (4, "' OR 1=1 --"));
        cases.Add("姓名: 33 characters", (0, new string('陈', 33)));
        cases.Add("技能特长: 201 characters", (6, new string('书', 201)));
        return cases;
    }
}
