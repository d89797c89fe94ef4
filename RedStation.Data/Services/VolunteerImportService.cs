using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RedStation.Data.Entities;

namespace RedStation.Data.Services;

/// <summary>The columns of an import file, with the headers each accepts (Chinese first, as the template has them).</summary>
public enum ImportColumn
{
    Name,
    Phone,
    MemberNumber,
    WorkUnit,
    Community,
    District,
    Skills,
    Teams,
}

public enum ImportStage
{
    Reading,
    Validating,
    Writing,
}

/// <summary>How far an import has got: <paramref name="Done"/> of <paramref name="Total"/> rows in <paramref name="Stage"/>.</summary>
public sealed record ImportProgress(ImportStage Stage, int Done, int Total);

/// <summary>One data row of the file as read, what it resolves to, and everything wrong with it.</summary>
public sealed record ImportRow(
    int RowNumber,
    string Name,
    string Phone,
    string MemberNumber,
    string WorkUnit,
    string Community,
    string? District,
    string? Skills,
    string? Teams,
    int? CommunityId,
    IReadOnlyList<int> TeamIds,
    IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>A file read and checked, not yet written.</summary>
public sealed record ImportPreview(string FileName, IReadOnlyList<ImportRow> Rows)
{
    public int ValidCount { get; } = Rows.Count(r => r.IsValid);
    public int InvalidCount => Rows.Count - ValidCount;
}

public sealed record ImportOutcome(int Imported, int Skipped);

/// <summary>
/// Imports volunteers from a CSV or XLSX file in two steps: <see cref="ReadAsync"/> reads and validates every row
/// (against the file itself and the database) and writes nothing; <see cref="ImportAsync"/>, once the organiser
/// confirms, writes the rows as ONE domain write — all of them or none — re-checking them against the database
/// of that moment. Inside that write the rows are inserted without the change tracker
/// (<see cref="WriteScope.InsertAsync{TEntity}"/>: one prepared statement, audited by the writer) in chunks that
/// pace the progress reports.
/// </summary>
public sealed class VolunteerImportService(DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory)
{
    public const long MaxFileBytes = ImportFiles.MaxFileBytes;
    public const int MaxRows = ImportFiles.MaxRows;
    public const int ChunkSize = 1_000;

    // The many-to-many join between volunteers and teams, as VolunteerConfiguration names it and its keys.
    private const string VolunteerTeamsTable = "VolunteerTeams";
    private const string MembersColumn = "MembersId";
    private const string TeamsColumn = "TeamsId";
    private const int ReportEvery = 500;

    /// <summary>Accepted headers per column, compared without case, spaces or underscores.</summary>
    public static readonly IReadOnlyDictionary<ImportColumn, string[]> Headers = new Dictionary<ImportColumn, string[]>
    {
        [ImportColumn.Name] = ["姓名", "name"],
        [ImportColumn.Phone] = ["手机号", "手机", "联系电话", "phone", "mobile"],
        [ImportColumn.MemberNumber] = ["党员编号", "membernumber", "memberno"],
        [ImportColumn.WorkUnit] = ["工作单位", "单位", "workunit"],
        [ImportColumn.Community] = ["社区", "报到社区", "community"],
        [ImportColumn.District] = ["所属区县", "区县", "district"],
        [ImportColumn.Skills] = ["技能特长", "技能", "skills"],
        [ImportColumn.Teams] = ["所属队伍", "队伍", "teams"],
    };

    private static readonly ImportColumn[] Required = [ImportColumn.Name, ImportColumn.Phone, ImportColumn.MemberNumber, ImportColumn.WorkUnit, ImportColumn.Community];

    private static readonly char[] TeamSeparators = ['、', ',', '，', ';', '；', '/', '|'];

    private DomainErrors Errors => writer.Errors;

    /// <summary>The template's header row: the first accepted header of every column.</summary>
    public static IReadOnlyList<string> TemplateHeaders => Enum.GetValues<ImportColumn>().Select(c => Headers[c][0]).ToList();

    /// <summary>The templates' example row, in <see cref="TemplateHeaders"/>' order.</summary>
    public static IReadOnlyList<string> TemplateExample { get; } = ["张晓明", "13800001234", "NDDY900001", "宁德市民政局", "蕉南社区", "蕉城区", "法律咨询", "交通劝导队、文明督导队"];

    /// <summary>A CSV template (UTF-8 with a byte-order mark, so that Excel shows the Chinese headers) with one example row.</summary>
    public static byte[] CsvTemplate()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', TemplateHeaders));
        text.AppendLine("张晓明,13800001234,NDDY900001,宁德市民政局,蕉南社区,蕉城区,法律咨询,交通劝导队、文明督导队");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] XlsxTemplate()
    {
        var row = new Dictionary<string, object>();
        string[] example = ["张晓明", "13800001234", "NDDY900001", "宁德市民政局", "蕉南社区", "蕉城区", "法律咨询", "交通劝导队、文明督导队"];
        foreach (var (header, value) in TemplateHeaders.Zip(example))
        {
            row[header] = value;
        }

        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, new[] { row }, sheetName: "志愿者", excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>Reads and validates a file; writes nothing. A file that cannot be read at all is an error; bad rows are in the preview.</summary>
    /// <param name="size">The file's size in bytes when the stream cannot tell (an upload), so that reading reports its share; 0 when unknown.</param>
    public async Task<Result<ImportPreview>> ReadAsync(
        Stream file, string fileName, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default, long size = 0)
    {
        var content = await ImportFiles.ReadAsync(Errors, file, fileName, progress, size, cancellationToken);
        if (content.Value is not { } read)
        {
            return content.Error!;
        }

        var raw = ReadRows(read, worksheet: null, cancellationToken);
        if (raw.Value is not { } rows)
        {
            return raw.Error!;
        }

        progress?.Report(new ImportProgress(ImportStage.Reading, rows.Count, rows.Count));
        return Result<ImportPreview>.Ok(await CheckAsync(read.FileName, rows, [], progress, cancellationToken));
    }

    /// <summary>
    /// Writes the preview's rows as one domain write. With invalid rows in the preview nothing is written unless
    /// <paramref name="skipInvalidRows"/> says to import the valid ones only.
    /// </summary>
    public async Task<Result<ImportOutcome>> ImportAsync(ImportPreview preview, bool skipInvalidRows, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (CheckImportable(preview, skipInvalidRows) is { } refused)
        {
            return refused;
        }

        return await writer.WriteAsync<ImportOutcome>(
            (scope, ct) => WriteAsync(scope, preview, id => id, progress, ct),
            cancellationToken,
            () => Errors.Conflict(ErrorCodes.ImportHasErrors, 1));
    }

    /// <summary>The rows of a volunteer sheet (a CSV, or a workbook's worksheet by name), only the columns the import uses.</summary>
    internal Result<List<(int RowNumber, string?[] Cells)>> ReadRows(ImportFileContent file, string? worksheet, CancellationToken cancellationToken)
    {
        Dictionary<ImportColumn, int>? columns = null;
        return ImportFiles.ReadRows(
            Errors,
            file,
            worksheet,
            header =>
            {
                columns = MapHeader(header);
                var missing = Required.Where(c => !columns.ContainsKey(c)).ToList();
                return missing.Count > 0 ? Errors.Invalid(ErrorCodes.ImportHeaderMissing, string.Join(", ", missing.Select(c => Headers[c][0]))) : null;
            },
            cells => Project(cells, columns!),
            cancellationToken);
    }

    /// <summary>
    /// Checks rows read by <see cref="ReadRows"/> against the file and the database, plus <paramref name="moreCommunities"/>
    /// (a workbook's communities not written yet, each with a placeholder id below zero).
    /// </summary>
    internal async Task<ImportPreview> CheckAsync(
        string fileName,
        IReadOnlyList<(int RowNumber, string?[] Cells)> raw,
        IReadOnlyList<(int Id, string Name, string[] DistrictNames)> moreCommunities,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var reference = await LoadReferenceAsync(cancellationToken);
        foreach (var (id, name, districtNames) in moreCommunities)
        {
            if (!reference.Communities.TryGetValue(name, out var matches))
            {
                reference.Communities[name] = matches = [];
            }

            matches.Add(new CommunityMatch(id, districtNames));
        }

        var rows = new List<ImportRow>(raw.Count);
        var phonesInFile = new Dictionary<string, int>(StringComparer.Ordinal);
        var numbersInFile = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (rowNumber, cells) in raw)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string Cell(ImportColumn column) => TextPolicy.Clean(cells[(int)column]);
            rows.Add(Validate(rowNumber, Cell, reference, phonesInFile, numbersInFile));
            if (rows.Count % ReportEvery == 0)
            {
                progress?.Report(new ImportProgress(ImportStage.Validating, rows.Count, raw.Count));
            }
        }

        progress?.Report(new ImportProgress(ImportStage.Validating, rows.Count, raw.Count));
        return new ImportPreview(fileName, rows);
    }

    /// <summary>Null when the preview may be written (as asked); else why not.</summary>
    internal DomainError? CheckImportable(ImportPreview preview, bool skipInvalidRows) =>
        preview.InvalidCount > 0 && !skipInvalidRows ? Errors.Invalid(ErrorCodes.ImportHasErrors, preview.InvalidCount)
        : preview.ValidCount == 0 ? Errors.Invalid(ErrorCodes.ImportNothingToImport)
        : null;

    /// <summary>
    /// Writes the preview's valid rows inside a write already running (its own, or a workbook's), re-checked against the
    /// database of that moment. <paramref name="communityId"/> turns a row's community id into the one to store (a
    /// workbook's placeholder into the id its community got).
    /// </summary>
    internal async Task<Result<ImportOutcome>> WriteAsync(
        WriteScope scope, ImportPreview preview, Func<int, int> communityId, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var rows = preview.Rows.Where(r => r.IsValid).ToList();
        var db = scope.Db;

        // The preview may be minutes old: what the database holds now decides. One read of the two columns
        // (with their owners' names for the message), not a query per row.
        var registered = await db.Volunteers.AsNoTracking().Select(v => new { v.Phone, v.MemberNumber, v.Name }).ToListAsync(ct);
        var phones = new Dictionary<string, string>(registered.Count, StringComparer.Ordinal);
        var numbers = new Dictionary<string, string>(registered.Count, StringComparer.Ordinal);
        foreach (var volunteer in registered)
        {
            phones.TryAdd(volunteer.Phone, volunteer.Name);
            numbers.TryAdd(volunteer.MemberNumber, volunteer.Name);
        }

        foreach (var row in rows)
        {
            if (phones.TryGetValue(row.Phone, out var phoneOwner))
            {
                return Errors.Conflict(ErrorCodes.ImportRowRejected, row.RowNumber, Errors.Invalid(ErrorCodes.PhoneTaken, row.Phone, phoneOwner).Message);
            }

            if (numbers.TryGetValue(row.MemberNumber, out var numberOwner))
            {
                return Errors.Conflict(ErrorCodes.ImportRowRejected, row.RowNumber, Errors.Invalid(ErrorCodes.MemberNumberTaken, row.MemberNumber, numberOwner).Message);
            }
        }

        // Teams (and communities, by their foreign key) may have gone since the preview: the insert would then fail
        // on the constraint and roll the whole import back; a missing team is named instead.
        var teamIds = rows.SelectMany(r => r.TeamIds).ToHashSet();
        var existingTeams = teamIds.Count == 0 ? [] : (await db.Teams.Where(t => teamIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        if (rows.FirstOrDefault(r => r.TeamIds.Any(id => !existingTeams.Contains(id))) is { } orphan)
        {
            return Errors.Conflict(ErrorCodes.ImportRowRejected, orphan.RowNumber, Errors.Invalid(ErrorCodes.TeamUnknown, orphan.Teams ?? string.Empty).Message);
        }

        // Inserted with one prepared statement each for the volunteers and their team links, audited by the writer,
        // all inside this write's savepoint: the change tracker's SaveChanges cost about 1 ms a row here (see
        // docs/performance.md, "Volunteer import"). Chunks only pace the progress reports.
        var now = writer.Clock.UtcNow;
        var written = 0;
        progress?.Report(new ImportProgress(ImportStage.Writing, 0, rows.Count));
        foreach (var chunk in rows.Chunk(ChunkSize))
        {
            var volunteers = chunk.Select(row => new Volunteer
            {
                Name = row.Name,
                PinyinInitials = PinyinInitials.Of(row.Name),
                Phone = row.Phone,
                MemberNumber = row.MemberNumber,
                WorkUnit = row.WorkUnit,
                CommunityId = communityId(row.CommunityId!.Value),
                Skills = string.IsNullOrEmpty(row.Skills) ? null : row.Skills,
                RegisteredAt = now,
            }).ToList();
            await scope.InsertAsync(volunteers, ct);
            var links = chunk.Zip(volunteers)
                .SelectMany(pair => pair.First.TeamIds.Select(teamId => new Dictionary<string, object> { [MembersColumn] = pair.Second.Id, [TeamsColumn] = teamId }))
                .ToList();
            if (links.Count > 0)
            {
                await scope.InsertAsync(VolunteerTeamsTable, links, ct);
            }

            written += chunk.Length;
            progress?.Report(new ImportProgress(ImportStage.Writing, written, rows.Count));
        }

        return Result<ImportOutcome>.Ok(new ImportOutcome(written, preview.Rows.Count - written));
    }

    private ImportRow Validate(
        int rowNumber,
        Func<ImportColumn, string> cell,
        Reference reference,
        Dictionary<string, int> phonesInFile,
        Dictionary<string, int> numbersInFile)
    {
        var errors = new List<string>();
        void Check(DomainError? error)
        {
            if (error is not null)
            {
                errors.Add(error.Message);
            }
        }

        var name = cell(ImportColumn.Name);
        Check(Errors.CheckText(name, "VolunteerName", TextLimits.PersonName));

        // Every cell passes the text policy before anything else reads it: an invisible or direction-changing character
        // is reported by column and never echoed into another message (a phone "not valid", a community "unknown").
        var rawPhone = cell(ImportColumn.Phone);
        var phone = VolunteerRules.NormalizePhone(rawPhone);
        if (Errors.CheckText(rawPhone, "Phone", TextLimits.Phone) is { } refusedPhone)
        {
            Check(refusedPhone);
        }
        else if (phone.Length == 0)
        {
            Check(Errors.CheckText(phone, "Phone", TextLimits.Phone));
        }
        else if (!VolunteerRules.IsMobile(phone))
        {
            Check(Errors.Invalid(ErrorCodes.PhoneInvalid, phone));
        }
        else if (phonesInFile.TryGetValue(phone, out var firstPhoneRow))
        {
            Check(Errors.Invalid(ErrorCodes.DuplicateInFile, Errors.Field("Phone"), phone, firstPhoneRow));
        }
        else
        {
            phonesInFile[phone] = rowNumber;
            if (reference.Phones.TryGetValue(phone, out var owner))
            {
                Check(Errors.Conflict(ErrorCodes.PhoneTaken, phone, owner));
            }
        }

        var rawNumber = cell(ImportColumn.MemberNumber);
        var number = VolunteerRules.NormalizeMemberNumber(rawNumber);
        if (Errors.CheckText(rawNumber, "MemberNumber", TextLimits.MemberNumber) is { } refusedNumber)
        {
            Check(refusedNumber);
        }
        else if (number.Length == 0)
        {
            Check(Errors.CheckText(number, "MemberNumber", TextLimits.MemberNumber));
        }
        else if (!VolunteerRules.IsMemberNumber(number))
        {
            Check(Errors.Invalid(ErrorCodes.MemberNumberInvalid, number, TextLimits.MemberNumber));
        }
        else if (numbersInFile.TryGetValue(number, out var firstNumberRow))
        {
            Check(Errors.Invalid(ErrorCodes.DuplicateInFile, Errors.Field("MemberNumber"), number, firstNumberRow));
        }
        else
        {
            numbersInFile[number] = rowNumber;
            if (reference.MemberNumbers.TryGetValue(number, out var owner))
            {
                Check(Errors.Conflict(ErrorCodes.MemberNumberTaken, number, owner));
            }
        }

        var workUnit = cell(ImportColumn.WorkUnit);
        Check(Errors.CheckText(workUnit, "WorkUnit", TextLimits.Name));

        var community = cell(ImportColumn.Community);
        var district = cell(ImportColumn.District);
        int? communityId = null;
        if ((Errors.CheckText(community, "Community", TextLimits.Name) ?? Errors.CheckText(district, "District", TextLimits.Name, required: false)) is { } refusedPlace)
        {
            Check(refusedPlace);
        }
        else
        {
            var matches = reference.Communities.GetValueOrDefault(community) ?? [];
            if (district.Length > 0)
            {
                matches = matches.Where(c => c.DistrictNames.Contains(district, StringComparer.OrdinalIgnoreCase)).ToList();
            }

            if (matches.Count == 1)
            {
                communityId = matches[0].Id;
            }
            else
            {
                Check(matches.Count == 0
                    ? Errors.Invalid(ErrorCodes.CommunityUnknown, district.Length > 0 ? $"{district} {community}" : community)
                    : Errors.Invalid(ErrorCodes.CommunityAmbiguous, community));
            }
        }

        var skills = cell(ImportColumn.Skills);
        Check(Errors.CheckText(skills, "Skills", TextLimits.Skills, required: false));

        var teamsText = cell(ImportColumn.Teams);
        var teamIds = new List<int>();
        var refusedTeams = Errors.CheckText(teamsText, "Teams", TextLimits.Note, required: false);
        Check(refusedTeams);
        foreach (var teamName in refusedTeams is null ? teamsText.Split(TeamSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [])
        {
            if (reference.Teams.TryGetValue(teamName, out var teamId))
            {
                if (!teamIds.Contains(teamId))
                {
                    teamIds.Add(teamId);
                }
            }
            else
            {
                Check(Errors.Invalid(ErrorCodes.TeamUnknown, teamName));
            }
        }

        return new ImportRow(rowNumber, name, phone, number, workUnit, community, NullIfEmpty(district), NullIfEmpty(skills), NullIfEmpty(teamsText),
            communityId, teamIds, errors);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private sealed record CommunityMatch(int Id, string[] DistrictNames);

    private sealed record Reference(
        Dictionary<string, string> Phones,
        Dictionary<string, string> MemberNumbers,
        Dictionary<string, List<CommunityMatch>> Communities,
        Dictionary<string, int> Teams);

    private async Task<Reference> LoadReferenceAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var volunteers = await db.Volunteers.AsNoTracking().Select(v => new { v.Phone, v.MemberNumber, v.Name }).ToListAsync(cancellationToken);
        var communities = await db.Communities.AsNoTracking()
            .Select(c => new { c.Id, c.Name, District = c.District!.Name, DistrictEn = c.District.NameEn, c.District.Code })
            .ToListAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.Name, t.NameEn }).ToListAsync(cancellationToken);

        var teamNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var team in teams)
        {
            teamNames.TryAdd(team.Name, team.Id);
            teamNames.TryAdd(team.NameEn, team.Id);
        }

        return new Reference(
            volunteers.GroupBy(v => v.Phone).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal),
            volunteers.GroupBy(v => v.MemberNumber).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal),
            communities.GroupBy(c => c.Name).ToDictionary(
                g => g.Key,
                g => g.Select(c => new CommunityMatch(c.Id, [c.District, c.DistrictEn, c.Code])).ToList(),
                StringComparer.Ordinal),
            teamNames);
    }

    /// <summary>The cells of the import's columns, indexed by <see cref="ImportColumn"/>; null where the file has none.</summary>
    private static string?[] Project(string?[] cells, Dictionary<ImportColumn, int> columns)
    {
        var projected = new string?[Headers.Count];
        foreach (var (column, index) in columns)
        {
            projected[(int)column] = index < cells.Length ? cells[index] : null;
        }

        return projected;
    }

    private static Dictionary<ImportColumn, int> MapHeader(string?[] header)
    {
        static string Key(string? text) => new string((text ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '_' && c != '*').ToArray()).ToLowerInvariant();
        var columns = new Dictionary<ImportColumn, int>();
        for (var i = 0; i < header.Length; i++)
        {
            var key = Key(header[i]);
            foreach (var (column, names) in Headers)
            {
                if (names.Any(n => Key(n) == key))
                {
                    columns.TryAdd(column, i);
                }
            }
        }

        return columns;
    }
}
