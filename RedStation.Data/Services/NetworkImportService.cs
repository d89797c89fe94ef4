using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;

namespace RedStation.Data.Services;

/// <summary>The sheets of the network, imported one at a time in this order (each needs the one before it).</summary>
public enum NetworkSheet
{
    Districts,
    Communities,

    /// <summary>Units stationed in the area (驻区单位), each with the community it co-builds with; before the stations that name them.</summary>
    Units,
    Stations,

    /// <summary>People who sign in: user name, display name, roles and stations. Administrators only.</summary>
    Staff,
}

/// <summary>
/// One data row of a network sheet as read: its cells in the sheet's column order (for the preview), whether it
/// updates an existing record (same code, or same district and name for a community), and everything wrong with it.
/// </summary>
public sealed record NetworkImportRow(int RowNumber, IReadOnlyList<string> Cells, bool IsUpdate, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>What the row resolves to: a district, community or station record, written by the import.</summary>
    internal object? Value { get; init; }
}

/// <summary>A network sheet read and checked, not yet written.</summary>
public sealed record NetworkImportPreview(NetworkSheet Sheet, string FileName, IReadOnlyList<string> Columns, IReadOnlyList<NetworkImportRow> Rows)
{
    public int ValidCount { get; } = Rows.Count(r => r.IsValid);
    public int InvalidCount => Rows.Count - ValidCount;
}

/// <summary>What an import wrote: records created, records updated in place, rows skipped as invalid.</summary>
public sealed record NetworkImportOutcome(int Created, int Updated, int Skipped)
{
    /// <summary>
    /// The generated passwords of the accounts a staff sheet created, to hand over once: never stored in clear, never
    /// audited, never in a preview. Empty (the same instance) for every other sheet.
    /// </summary>
    public IReadOnlyList<InitialPassword> InitialPasswords { get; init; } = [];
}

/// <summary>
/// A workbook of network sheets read and checked, not yet written: a preview per worksheet found, in import order, and
/// the volunteers' worksheet when there is one. Each sheet was checked against the database and the sheets before it.
/// </summary>
public sealed record NetworkWorkbookPreview(string FileName, IReadOnlyList<NetworkImportPreview> Sheets, ImportPreview? Volunteers)
{
    /// <summary>The key of every community of the workbook not yet in the database, by the placeholder id (below zero) its volunteers refer to.</summary>
    internal IReadOnlyDictionary<int, string> Placeholders { get; init; } = new Dictionary<int, string>();

    public int RowCount => Sheets.Sum(s => s.Rows.Count) + (Volunteers?.Rows.Count ?? 0);
    public int ValidCount => Sheets.Sum(s => s.ValidCount) + (Volunteers?.ValidCount ?? 0);
    public int InvalidCount => RowCount - ValidCount;
}

/// <summary>What a workbook's import wrote, sheet by sheet, and the initial passwords of the accounts it created.</summary>
public sealed record NetworkWorkbookOutcome(IReadOnlyList<(NetworkSheet Sheet, NetworkImportOutcome Outcome)> Sheets, ImportOutcome? Volunteers)
{
    public IReadOnlyList<InitialPassword> InitialPasswords => Sheets.SelectMany(s => s.Outcome.InitialPasswords).ToList();
}

/// <summary>A new account's generated initial password, shown once after the import that created it.</summary>
public sealed class InitialPassword(string userName, string password)
{
    public string UserName { get; } = userName;

    public string Password { get; } = password;

    /// <summary>The user name only: a password never reaches a log through a <c>ToString</c>.</summary>
    public override string ToString() => UserName;

    /// <summary>The passwords as a CSV to download (UTF-8 with a byte-order mark, for Excel): user name, initial password.</summary>
    public static byte[] Csv(IEnumerable<InitialPassword> passwords)
    {
        var text = new StringBuilder();
        text.AppendLine("用户名,初始密码");
        foreach (var password in passwords)
        {
            text.Append(password.UserName).Append(',').AppendLine(password.Password);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}

/// <summary>
/// Imports the network — districts, communities with their party organisation, stations and shared venues — one
/// sheet at a time from CSV or XLSX (read by <see cref="CsvImportReader"/> and <see cref="XlsxImportReader"/>, within
/// the volunteer import's limits). <see cref="ReadAsync"/> checks every row and writes nothing; <see cref="ImportAsync"/>
/// writes as ONE domain write, all rows or none (or the valid ones only when asked), audited row by row by the writer.
/// A row whose key exists updates that record (upsert): districts, units and stations by code, communities by district and name.
/// Units go through <see cref="UnitService"/>'s rules; a station row may name its host unit by code (linked as <see cref="Station.UnitId"/>).
/// Stations go through <see cref="StationAdminService"/>'s rules and raise its <see cref="StationChanged"/> after commit;
/// new or renamed districts rebuild the live feed, whose district list is read from the database.
/// </summary>
public sealed class NetworkImportService(
    DomainWriter writer,
    IDbContextFactory<RedStationDbContext> contextFactory,
    StationAdminService stations,
    LiveFeed feed,
    UnitService units,
    StaffService staff,
    VolunteerImportService volunteers)
{
    private const int ReportEvery = 100;

    private sealed record Column(string Key, bool Required, string[] Headers, string Example);

    private static readonly Dictionary<NetworkSheet, Column[]> Sheets = new()
    {
        [NetworkSheet.Districts] =
        [
            new("Code", true, ["区县编号", "编号", "code", "districtcode"], "JC"),
            new("Name", true, ["区县名称", "名称", "name"], "蕉城区"),
            new("NameEn", true, ["英文名称", "nameen", "englishname"], "Jiaocheng"),
            new("SortOrder", false, ["排序", "sortorder", "order"], "1"),
        ],
        [NetworkSheet.Communities] =
        [
            new("District", true, ["区县编号", "districtcode", "district"], "JC"),
            new("Name", true, ["社区名称", "社区", "community", "name"], "蕉南社区"),
            new("PartyOrganisation", true, ["党组织", "partyorganisation", "partyorganization"], "蕉南社区党委"),
        ],
        [NetworkSheet.Units] =
        [
            new("Code", true, ["单位编号", "编号", "code", "unitcode"], "U-JC-001"),
            new("Name", true, ["单位名称", "名称", "name"], "宁德市医院"),
            new("NameEn", false, ["英文名称", "nameen", "englishname"], "Ningde Municipal Hospital"),
            new("Kind", true, ["单位类别", "类别", "kind"], "事业单位"),
            new("District", true, ["区县编号", "districtcode", "district"], "JC"),
            new("Community", true, ["共建社区", "社区名称", "社区", "community"], "蕉南社区"),
            new("PartyOrganisation", false, ["党组织", "partyorganisation", "partyorganization"], "宁德市医院党委"),
        ],
        [NetworkSheet.Stations] =
        [
            new("Code", true, ["站点编号", "编号", "code"], "ND-JC-001"),
            new("Name", true, ["站点名称", "名称", "name"], "蕉南社区红色驿站"),
            new("District", true, ["区县编号", "districtcode", "district"], "JC"),
            new("Community", true, ["社区名称", "社区", "community"], "蕉南社区"),
            new("Kind", true, ["类型", "kind"], "住宅小区"),
            new("Status", false, ["状态", "status"], "已开放"),
            new("Capacity", true, ["容纳人数", "capacity"], "60"),
            new("OpensAt", true, ["开放时间", "opensat"], "08:00"),
            new("ClosesAt", true, ["关闭时间", "closesat"], "21:00"),
            new("Latitude", true, ["纬度", "latitude"], "26.6617"),
            new("Longitude", true, ["经度", "longitude"], "119.5228"),
            new("FloorArea", true, ["面积", "面积㎡", "floorarea"], "120"),
            new("HostUnit", false, ["共建单位", "hostunit"], ""),
            new("Facilities", false, ["设施", "facilities"], "讲堂、阅览室"),
            new("Services", false, ["服务", "services"], "讲座、课业辅导"),
            new("Unit", false, ["共建单位编号", "unitcode", "hostunitcode"], ""),
        ],
        [NetworkSheet.Staff] =
        [
            new("UserName", true, ["用户名", "username", "account"], "zhang.wei"),
            new("DisplayName", true, ["显示名称", "姓名", "displayname", "name"], "张伟"),
            new("Roles", true, ["角色", "roles", "role"], "值班员"),
            new("Stations", false, ["站点编号", "stations", "stationcodes"], "ND-JC-001"),
        ],
    };

    // The roles a staff sheet may give, by the names the People page shows (Role.*) or their English names.
    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["管理员"] = StaffRoles.Administrator, [StaffRoles.Administrator] = StaffRoles.Administrator,
        ["组织者"] = StaffRoles.Organiser, [StaffRoles.Organiser] = StaffRoles.Organiser, ["Organizer"] = StaffRoles.Organiser,
        ["值班员"] = StaffRoles.DutyStaff, ["值班人员"] = StaffRoles.DutyStaff, [StaffRoles.DutyStaff] = StaffRoles.DutyStaff,
    };

    // The Chinese names the Dashboard shows (StationKind.*, StationStatus.*, StationFacility.*, StationService.*):
    // a sheet may use them or the English enum names.
    private static readonly Dictionary<string, StationKind> KindNames = Names(new Dictionary<StationKind, string>
    {
        [StationKind.ResidentialCompound] = "住宅小区", [StationKind.ElderlyCare] = "养老服务", [StationKind.SharedVenue] = "共驻共建场所",
        [StationKind.TrafficPolicePost] = "交警岗亭", [StationKind.ChildrenClassroom] = "儿童课堂", [StationKind.OfficeBuilding] = "商务楼宇",
        [StationKind.Market] = "农贸市场", [StationKind.Park] = "公园",
    });

    private static readonly Dictionary<string, UnitKind> UnitKindNames = Names(new Dictionary<UnitKind, string>
    {
        [UnitKind.GovernmentOrgan] = "机关", [UnitKind.Enterprise] = "企业", [UnitKind.PublicInstitution] = "事业单位",
        [UnitKind.SocialOrganisation] = "社会组织", [UnitKind.Other] = "其他",
    });

    private static readonly Dictionary<string, StationStatus> StatusNames = Names(new Dictionary<StationStatus, string>
    {
        [StationStatus.Planned] = "规划中", [StationStatus.Open] = "已开放", [StationStatus.Closed] = "已关闭",
    });

    private static readonly Dictionary<string, StationFacilities> FacilityNames = Names(new Dictionary<StationFacilities, string>
    {
        [StationFacilities.LectureHall] = "讲堂", [StationFacilities.LiaisonRoom] = "党群连心室", [StationFacilities.EmergencyDesk] = "红色应急办",
        [StationFacilities.MediationStudio] = "调解工作室", [StationFacilities.ReadingRoom] = "阅览室", [StationFacilities.ChessRoom] = "棋牌室",
        [StationFacilities.Canteen] = "食堂", [StationFacilities.FitnessArea] = "健身区",
    });

    private static readonly Dictionary<string, StationServices> ServiceNames = Names(new Dictionary<StationServices, string>
    {
        [StationServices.Lectures] = "讲座", [StationServices.ReadingAndCalligraphy] = "读书书法", [StationServices.HealthyLunch] = "长者午餐",
        [StationServices.Tutoring] = "课业辅导", [StationServices.Mediation] = "矛盾调处", [StationServices.LegalAid] = "法律援助",
        [StationServices.NeighbourhoodCouncil] = "居民议事", [StationServices.ElderlyCare] = "助老服务", [StationServices.CultureClasses] = "文化课堂",
        [StationServices.Fitness] = "健身",
    });

    private static readonly char[] ListSeparators = ['、', ',', '，', ';', '；', '/', '|'];

    private DomainErrors Errors => writer.Errors;

    /// <summary>The template's header row of a sheet: the first accepted header of every column.</summary>
    public static IReadOnlyList<string> TemplateHeaders(NetworkSheet sheet) => Sheets[sheet].Select(c => c.Headers[0]).ToList();

    /// <summary>A sheet's CSV template (UTF-8 with a byte-order mark, for Excel) with one example row.</summary>
    public static byte[] CsvTemplate(NetworkSheet sheet)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', TemplateHeaders(sheet)));
        text.AppendLine(string.Join(',', Sheets[sheet].Select(c => c.Example.Contains(',') ? $"\"{c.Example}\"" : c.Example)));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>The volunteers' worksheet of a network workbook, read by <see cref="VolunteerImportService"/>'s rules.</summary>
    public const string VolunteersWorksheet = "Volunteers";

    /// <summary>The worksheets a network workbook may hold, in import order: every <see cref="NetworkSheet"/> by name, then the volunteers.</summary>
    public static IReadOnlyList<string> WorkbookSheets => [.. Enum.GetValues<NetworkSheet>().Select(s => s.ToString()), VolunteersWorksheet];

    /// <summary>The workbook template: one worksheet per sheet kind, named as <see cref="WorkbookSheets"/>, each with its example row.</summary>
    public static byte[] WorkbookTemplate()
    {
        var sheets = new Dictionary<string, object>();
        foreach (var sheet in Enum.GetValues<NetworkSheet>())
        {
            sheets[sheet.ToString()] = new[] { TemplateHeaders(sheet).Zip(Sheets[sheet].Select(c => c.Example)).ToDictionary(p => p.First, p => (object)p.Second) };
        }

        sheets[VolunteersWorksheet] = new[] { VolunteerImportService.TemplateHeaders.Zip(VolunteerImportService.TemplateExample).ToDictionary(p => p.First, p => (object)p.Second) };
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>A sheet's XLSX template with one example row.</summary>
    public static byte[] XlsxTemplate(NetworkSheet sheet) => Xlsx(sheet, [Sheets[sheet].Select(c => c.Example).ToArray()]);

    /// <summary>A workbook of one sheet with the template's headers and the given rows (cells in the template's column order).</summary>
    public static byte[] Xlsx(NetworkSheet sheet, IEnumerable<string[]> rows)
    {
        var headers = TemplateHeaders(sheet);
        var data = rows.Select(cells =>
        {
            var row = new Dictionary<string, object>();
            foreach (var (header, value) in headers.Zip(cells))
            {
                row[header] = value;
            }

            return row;
        }).ToList();
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, data, sheetName: sheet.ToString(), excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>
    /// The network as it stands, in the sheet's template columns (Chinese names for kinds and the like): an export
    /// that imports back unchanged, and a realistic file for measuring the import.
    /// </summary>
    public async Task<IReadOnlyList<string[]>> ExportAsync(NetworkSheet sheet, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var invariant = CultureInfo.InvariantCulture;
        switch (sheet)
        {
            case NetworkSheet.Districts:
                return (await db.Districts.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code).ToListAsync(cancellationToken))
                    .Select(d => new[] { d.Code, d.Name, d.NameEn, d.SortOrder.ToString(invariant) }).ToList();
            case NetworkSheet.Communities:
                return await db.Communities.AsNoTracking().OrderBy(c => c.District!.SortOrder).ThenBy(c => c.Id)
                    .Select(c => new[] { c.District!.Code, c.Name, c.PartyOrganisation }).ToListAsync(cancellationToken);
            case NetworkSheet.Units:
                return (await db.Units.AsNoTracking().OrderBy(u => u.Code)
                    .Select(u => new { Unit = u, District = u.Community!.District!.Code, Community = u.Community.Name }).ToListAsync(cancellationToken))
                    .Select(x => new[]
                    {
                        x.Unit.Code, x.Unit.Name, x.Unit.NameEn ?? string.Empty, NameOf(UnitKindNames, x.Unit.Kind), x.District, x.Community,
                        x.Unit.PartyOrganisation ?? string.Empty,
                    }).ToList();
            case NetworkSheet.Staff:
            {
                // People with a role given here (wall screens' display role is not), stations for duty staff only.
                var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
                var stationCodes = await db.StaffStations.Select(s => new { s.UserId, s.Station!.Code }).ToListAsync(cancellationToken);
                var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(cancellationToken);
                return users.Select(u =>
                {
                    var given = StaffService.AssignableRoles.Where(role => roles.Any(r => r.UserId == u.Id && r.Name == role)).ToList();
                    var codes = given.Contains(StaffRoles.DutyStaff) ? stationCodes.Where(s => s.UserId == u.Id).Select(s => s.Code).Order(StringComparer.Ordinal).ToList() : [];
                    return (Given: given, Row: new[] { u.UserName ?? string.Empty, u.DisplayName ?? string.Empty, string.Join('、', given.Select(RoleName)), string.Join('、', codes) });
                }).Where(x => x.Given.Count > 0).Select(x => x.Row).ToList();
            }

            default:
                var all = await db.Stations.AsNoTracking().OrderBy(s => s.Code)
                    .Select(s => new { Station = s, District = s.Community!.District!.Code, Community = s.Community.Name, Unit = s.Unit != null ? s.Unit.Code : null })
                    .ToListAsync(cancellationToken);
                return all.Select(x =>
                {
                    var s = x.Station;
                    return new[]
                    {
                        s.Code, s.Name, x.District, x.Community, NameOf(KindNames, s.Kind), NameOf(StatusNames, s.Status),
                        s.Capacity.ToString(invariant), s.OpensAt.ToString("HH:mm", invariant), s.ClosesAt.ToString("HH:mm", invariant),
                        s.Latitude.ToString(invariant), s.Longitude.ToString(invariant), s.FloorArea.ToString(invariant), s.HostUnit ?? string.Empty,
                        string.Join('、', FlagNames(FacilityNames, s.Facilities)), string.Join('、', FlagNames(ServiceNames, s.Services)),
                        x.Unit ?? string.Empty,
                    };
                }).ToList();
        }
    }

    /// <summary>Reads and validates one sheet; writes nothing. A file that cannot be read at all is an error; bad rows are in the preview.</summary>
    /// <param name="size">The file's size in bytes when the stream cannot tell (an upload); 0 when unknown.</param>
    public async Task<Result<NetworkImportPreview>> ReadAsync(
        Stream file, string fileName, NetworkSheet sheet, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default, long size = 0)
    {
        if (!Enum.IsDefined(sheet))
        {
            return Errors.Invalid(ErrorCodes.UnknownCategory, sheet);
        }

        if (sheet == NetworkSheet.Staff && !MayImportStaff)
        {
            return Errors.Forbidden(ErrorCodes.AdministratorRequired);
        }

        var content = await ImportFiles.ReadAsync(Errors, file, fileName, progress, size, cancellationToken);
        if (content.Value is not { } read)
        {
            return content.Error!;
        }

        var worksheet = ChooseWorksheet(read, sheet);
        if (worksheet.Error is { } notThisSheet)
        {
            return notThisSheet;
        }

        var raw = ReadSheetRows(read, worksheet.Value, sheet, cancellationToken);
        if (raw.Value is not { } rows)
        {
            return raw.Error!;
        }

        var reference = await LoadReferenceAsync(sheet, cancellationToken);
        return Result<NetworkImportPreview>.Ok(Check(sheet, read.FileName, rows, reference, progress, cancellationToken));
    }

    /// <summary>
    /// The worksheet a one-sheet import reads: the one named for the sheet when the workbook has it (a network workbook
    /// uploaded with one sheet chosen), else the first. A workbook of several network worksheets without this sheet's is
    /// refused, naming the whole-workbook import, rather than read as if its first worksheet were this sheet.
    /// </summary>
    private Result<string?> ChooseWorksheet(ImportFileContent read, NetworkSheet sheet)
    {
        if (!read.IsXlsx)
        {
            return Result<string?>.Ok(null);
        }

        var names = ImportFiles.WorksheetNames(Errors, read);
        if (names.Value is not { } present)
        {
            return names.Error!;
        }

        if (FindWorksheet(present, sheet.ToString()) is { } named)
        {
            return Result<string?>.Ok(named);
        }

        var networkSheets = WorkbookSheets.Count(s => FindWorksheet(present, s) is not null);
        return networkSheets > 1 ? Errors.Invalid(ErrorCodes.ImportWorkbookWithoutSheet, sheet) : Result<string?>.Ok(null);
    }

    /// <summary>The workbook's worksheet named <paramref name="sheet"/>, compared without case or surrounding spaces.</summary>
    private static string? FindWorksheet(IReadOnlyList<string> present, string sheet) =>
        present.FirstOrDefault(n => string.Equals(n.Trim(), sheet, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the one importing may give people accounts and roles: an administrator (or the application itself).</summary>
    private static bool MayImportStaff => ActorContext.Current is { Kind: ActorKind.System } or { Kind: ActorKind.Person, IsAdministrator: true };

    /// <summary>A sheet's rows (a CSV, or a workbook's worksheet by name), cleaned, in the sheet's column order.</summary>
    private Result<List<(int RowNumber, string[] Cells)>> ReadSheetRows(ImportFileContent file, string? worksheet, NetworkSheet sheet, CancellationToken cancellationToken)
    {
        var columns = Sheets[sheet];
        int[]? map = null;
        return ImportFiles.ReadRows(
            Errors,
            file,
            worksheet,
            header =>
            {
                map = MapHeader(columns, header);
                var missing = columns.Where((c, i) => c.Required && map[i] < 0).ToList();
                return missing.Count > 0 ? Errors.Invalid(ErrorCodes.ImportHeaderMissing, string.Join(", ", missing.Select(c => c.Headers[0]))) : null;
            },
            cells => map!.Select(index => index >= 0 && index < cells.Length ? TextPolicy.Clean(cells[index]) : string.Empty).ToArray(),
            cancellationToken);
    }

    /// <summary>Checks a sheet's rows against the file and <paramref name="reference"/> (the database, and a workbook's sheets before it).</summary>
    private NetworkImportPreview Check(
        NetworkSheet sheet, string fileName, List<(int RowNumber, string[] Cells)> raw, Reference reference, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var rows = new List<NetworkImportRow>(raw.Count);
        var keysInFile = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rowNumber, cells) in raw)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(Validate(sheet, rowNumber, cells, reference, keysInFile));
            if (rows.Count % ReportEvery == 0)
            {
                progress?.Report(new ImportProgress(ImportStage.Validating, rows.Count, raw.Count));
            }
        }

        progress?.Report(new ImportProgress(ImportStage.Validating, rows.Count, raw.Count));
        return new NetworkImportPreview(sheet, fileName, TemplateHeaders(sheet), rows);
    }

    /// <summary>
    /// Writes the preview's rows as one domain write: every row or none. With invalid rows nothing is written unless
    /// <paramref name="skipInvalidRows"/> says to import the valid ones only. Each row is checked again against the
    /// database of that moment; a row that no longer fits rolls the whole import back and is named.
    /// </summary>
    public async Task<Result<NetworkImportOutcome>> ImportAsync(
        NetworkImportPreview preview, bool skipInvalidRows, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (preview.InvalidCount > 0 && !skipInvalidRows)
        {
            return Errors.Invalid(ErrorCodes.ImportHasErrors, preview.InvalidCount);
        }

        var rows = preview.Rows.Where(r => r.IsValid).ToList();
        if (rows.Count == 0)
        {
            return Errors.Invalid(ErrorCodes.ImportNothingToImport);
        }

        var result = await WriteAsync<NetworkImportOutcome>(
            preview.Sheet == NetworkSheet.Staff,
            async (scope, ct) =>
            {
                var context = await WriteContext.LoadAsync(scope.Db, ct);
                return await WriteRowsAsync(scope, context, preview, progress, ct);
            },
            cancellationToken);

        // The live state reads its districts when it is built: a new or renamed district is seen after a rebuild.
        if (result.Succeeded && preview.Sheet == NetworkSheet.Districts && feed.IsReady)
        {
            await feed.RebuildAsync(writer, cancellationToken);
        }

        return result;
    }

    /// <summary>One domain write; one an administrator only may make when it gives people accounts and roles.</summary>
    private Task<Result<T>> WriteAsync<T>(bool givesAccounts, Func<WriteScope, CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken) =>
        givesAccounts
            ? writer.WriteAsAdministratorAsync(work, cancellationToken, () => Errors.Conflict(ErrorCodes.ImportHasErrors, 1))
            : writer.WriteAsync(work, cancellationToken, () => Errors.Conflict(ErrorCodes.ImportHasErrors, 1));

    /// <summary>Writes a sheet's valid rows inside a write already running; the first row the database refuses ends it, named.</summary>
    private async Task<Result<NetworkImportOutcome>> WriteRowsAsync(
        WriteScope scope, WriteContext context, NetworkImportPreview preview, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var rows = preview.Rows.Where(r => r.IsValid).ToList();
        progress?.Report(new ImportProgress(ImportStage.Writing, 0, rows.Count));
        var (created, updated) = (0, 0);
        var passwords = new List<InitialPassword>();
        foreach (var row in rows)
        {
            var written = row.Value switch
            {
                DistrictRecord district => WriteDistrict(scope.Db, context, district),
                CommunityRecord community => WriteCommunity(scope.Db, context, community),
                UnitRecord unit => await WriteUnitAsync(scope.Db, context, unit, ct),
                StationRecord station => await WriteStationAsync(scope, context, station, ct),
                StaffRecord person => await WriteStaffAsync(scope, context, person, passwords, ct),
                _ => Result<bool>.Fail(Errors.Invalid(ErrorCodes.UnknownCategory, preview.Sheet)),
            };
            if (written.Error is { } error)
            {
                return Errors.Conflict(ErrorCodes.ImportRowRejected, row.RowNumber, error.Message);
            }

            (created, updated) = written.Value ? (created + 1, updated) : (created, updated + 1);
            if ((created + updated) % ReportEvery == 0)
            {
                progress?.Report(new ImportProgress(ImportStage.Writing, created + updated, rows.Count));
            }
        }

        progress?.Report(new ImportProgress(ImportStage.Writing, rows.Count, rows.Count));
        var outcome = new NetworkImportOutcome(created, updated, preview.Rows.Count - rows.Count);
        return Result<NetworkImportOutcome>.Ok(passwords.Count == 0 ? outcome : outcome with { InitialPasswords = passwords });
    }

    /// <summary>
    /// A staff row through <see cref="StaffService"/>'s rules: a new user name gets an account with a generated initial
    /// password (kept for the outcome, stored hashed only); an existing one gets the row's display name, roles and
    /// stations, and keeps its password.
    /// </summary>
    private async Task<Result<bool>> WriteStaffAsync(WriteScope scope, WriteContext context, StaffRecord record, List<InitialPassword> passwords, CancellationToken ct)
    {
        var stationIds = new List<int>();
        foreach (var code in record.StationCodes)
        {
            if (!context.Stations.TryGetValue(code, out var station))
            {
                return Errors.Invalid(ErrorCodes.StationCodeUnknown, code);
            }

            stationIds.Add(station.Id);
        }

        if (await staff.FindUserIdAsync(scope.Db, record.UserName, ct) is { } userId)
        {
            var updated = await staff.UpdateAsync(scope, userId, new PersonChange(record.DisplayName, record.Roles, stationIds), ct);
            return updated.Error is { } error ? error : Result<bool>.Ok(false);
        }

        var password = staff.GeneratePassword();
        var created = await staff.CreateAsync(scope, new NewPerson(record.UserName, record.DisplayName, password, record.Roles, stationIds), ct);
        if (created.Error is { } refused)
        {
            return refused;
        }

        passwords.Add(new InitialPassword(record.UserName, password));
        return Result<bool>.Ok(true);
    }

    /// <summary>
    /// Reads and checks every worksheet of a workbook that <see cref="WorkbookSheets"/> names (compared without case),
    /// in import order; writes nothing. Each sheet is checked against the database and the valid rows of the sheets
    /// before it, so that a community may belong to a district of the same workbook, a volunteer to its community.
    /// </summary>
    public async Task<Result<NetworkWorkbookPreview>> ReadWorkbookAsync(
        Stream file, string fileName, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default, long size = 0)
    {
        if (!string.Equals(Path.GetExtension(fileName), ".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return Errors.Invalid(ErrorCodes.ImportFormatUnsupported);
        }

        var content = await ImportFiles.ReadAsync(Errors, file, fileName, progress, size, cancellationToken);
        if (content.Value is not { } read)
        {
            return content.Error!;
        }

        var names = ImportFiles.WorksheetNames(Errors, read);
        if (names.Value is not { } present)
        {
            return names.Error!;
        }

        string? Find(string sheet) => FindWorksheet(present, sheet);
        if (WorkbookSheets.All(s => Find(s) is null))
        {
            return Errors.Invalid(ErrorCodes.ImportWorkbookNoSheets, string.Join(", ", WorkbookSheets));
        }

        if (Find(NetworkSheet.Staff.ToString()) is not null && !MayImportStaff)
        {
            return Errors.Forbidden(ErrorCodes.AdministratorRequired);
        }

        var reference = await LoadReferenceAsync(NetworkSheet.Staff, cancellationToken);
        var districtNames = await DistrictNamesAsync(cancellationToken);
        var newCommunities = new List<(int Id, string Name, string[] DistrictNames)>();
        var placeholders = new Dictionary<int, string>();
        var previews = new List<NetworkImportPreview>();
        foreach (var sheet in Enum.GetValues<NetworkSheet>())
        {
            if (Find(sheet.ToString()) is not { } worksheet)
            {
                continue;
            }

            var raw = ReadSheetRows(read, worksheet, sheet, cancellationToken);
            if (raw.Value is not { } rows)
            {
                return Errors.Invalid(ErrorCodes.ImportWorksheetRefused, worksheet, raw.Error!.Message);
            }

            var preview = Check(sheet, read.FileName, rows, reference, progress, cancellationToken);
            previews.Add(preview);
            foreach (var row in preview.Rows.Where(r => r.IsValid))
            {
                Remember(row.Value, reference, districtNames, newCommunities, placeholders);
            }
        }

        ImportPreview? volunteerPreview = null;
        if (Find(VolunteersWorksheet) is { } volunteerSheet)
        {
            var raw = volunteers.ReadRows(read, volunteerSheet, cancellationToken);
            if (raw.Value is not { } rows)
            {
                return Errors.Invalid(ErrorCodes.ImportWorksheetRefused, volunteerSheet, raw.Error!.Message);
            }

            volunteerPreview = await volunteers.CheckAsync(read.FileName, rows, newCommunities, progress, cancellationToken);
        }

        return Result<NetworkWorkbookPreview>.Ok(new NetworkWorkbookPreview(read.FileName, previews, volunteerPreview) { Placeholders = placeholders });
    }

    /// <summary>
    /// Writes a workbook's sheets in order as ONE domain write: all of them or none. With invalid rows in any sheet
    /// nothing is written unless <paramref name="skipInvalidRows"/> says to import the valid ones only. Each sheet is
    /// saved before the next is written, inside the write, so that the next refers to what it created.
    /// </summary>
    public async Task<Result<NetworkWorkbookOutcome>> ImportWorkbookAsync(
        NetworkWorkbookPreview preview, bool skipInvalidRows, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (preview.InvalidCount > 0 && !skipInvalidRows)
        {
            return Errors.Invalid(ErrorCodes.ImportHasErrors, preview.InvalidCount);
        }

        if (preview.ValidCount == 0)
        {
            return Errors.Invalid(ErrorCodes.ImportNothingToImport);
        }

        var givesAccounts = preview.Sheets.Any(s => s.Sheet == NetworkSheet.Staff && s.ValidCount > 0);
        var result = await WriteAsync<NetworkWorkbookOutcome>(givesAccounts, async (scope, ct) =>
        {
            var context = await WriteContext.LoadAsync(scope.Db, ct);
            var outcomes = new List<(NetworkSheet, NetworkImportOutcome)>();
            foreach (var sheet in preview.Sheets.Where(s => s.ValidCount > 0))
            {
                var written = await WriteRowsAsync(scope, context, sheet, progress, ct);
                if (written.Value is not { } outcome)
                {
                    return Errors.Conflict(ErrorCodes.ImportWorksheetRefused, sheet.Sheet.ToString(), written.Error!.Message);
                }

                // The next sheet's rows refer to this one's by their generated keys.
                await scope.SaveAsync(ct);
                outcomes.Add((sheet.Sheet, outcome));
            }

            ImportOutcome? volunteerOutcome = null;
            if (preview.Volunteers is { ValidCount: > 0 } volunteerPreview)
            {
                // A community of this workbook was given a placeholder id (below zero) in the preview: its real one now.
                int CommunityId(int id) => id >= 0 ? id : context.Communities[preview.Placeholders[id]].Id;
                var written = await volunteers.WriteAsync(scope, volunteerPreview, CommunityId, progress, ct);
                if (written.Value is not { } outcome)
                {
                    return Errors.Conflict(ErrorCodes.ImportWorksheetRefused, VolunteersWorksheet, written.Error!.Message);
                }

                volunteerOutcome = outcome;
            }

            return Result<NetworkWorkbookOutcome>.Ok(new NetworkWorkbookOutcome(outcomes, volunteerOutcome));
        },
        cancellationToken);

        if (result.Succeeded && preview.Sheets.Any(s => s.Sheet == NetworkSheet.Districts && s.ValidCount > 0) && feed.IsReady)
        {
            await feed.RebuildAsync(writer, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Adds what a valid row of a workbook's sheet creates to what the sheets after it are checked against. A community
    /// not in the database gets a placeholder id below zero, kept in <paramref name="placeholders"/> with its key.
    /// </summary>
    private static void Remember(
        object? value,
        Reference reference,
        Dictionary<string, string[]> districtNames,
        List<(int Id, string Name, string[] DistrictNames)> newCommunities,
        Dictionary<int, string> placeholders)
    {
        switch (value)
        {
            case DistrictRecord district:
                reference.DistrictCodes.Add(district.Code);
                districtNames[district.Code] = [district.Name, district.NameEn, district.Code];
                break;
            case CommunityRecord community when !reference.Communities.ContainsKey(CommunityKey(community.DistrictCode, community.Name)):
                var id = -(newCommunities.Count + 1);
                reference.Communities[CommunityKey(community.DistrictCode, community.Name)] = id;
                newCommunities.Add((id, community.Name, districtNames.GetValueOrDefault(community.DistrictCode) ?? [community.DistrictCode]));
                placeholders[id] = CommunityKey(community.DistrictCode, community.Name);
                break;
            case UnitRecord unit:
                reference.UnitCodes.Add(unit.Input.Code);
                break;
            case StationRecord station:
                reference.StationCodes.Add(station.Input.Code);
                break;
        }
    }

    private async Task<Dictionary<string, string[]>> DistrictNamesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var districts = await db.Districts.AsNoTracking().Select(d => new { d.Code, d.Name, d.NameEn }).ToListAsync(cancellationToken);
        return districts.ToDictionary(d => d.Code, d => new[] { d.Name, d.NameEn, d.Code }, StringComparer.OrdinalIgnoreCase);
    }

    private Result<bool> WriteDistrict(RedStationDbContext db, WriteContext context, DistrictRecord record)
    {
        if (context.Districts.TryGetValue(record.Code, out var district))
        {
            (district.Name, district.NameEn, district.SortOrder) = (record.Name, record.NameEn, record.SortOrder);
            return Result<bool>.Ok(false);
        }

        district = new District { Code = record.Code, Name = record.Name, NameEn = record.NameEn, SortOrder = record.SortOrder };
        db.Districts.Add(district);
        context.Districts[record.Code] = district;
        return Result<bool>.Ok(true);
    }

    private Result<bool> WriteCommunity(RedStationDbContext db, WriteContext context, CommunityRecord record)
    {
        if (!context.Districts.TryGetValue(record.DistrictCode, out var district))
        {
            return Errors.NotFound(ErrorCodes.DistrictNotFound, record.DistrictCode);
        }

        var key = CommunityKey(record.DistrictCode, record.Name);
        if (context.Communities.TryGetValue(key, out var community))
        {
            community.PartyOrganisation = record.PartyOrganisation;
            return Result<bool>.Ok(false);
        }

        community = new Community { District = district, Name = record.Name, PartyOrganisation = record.PartyOrganisation };
        db.Communities.Add(community);
        context.Communities[key] = community;
        return Result<bool>.Ok(true);
    }

    private async Task<Result<bool>> WriteUnitAsync(RedStationDbContext db, WriteContext context, UnitRecord record, CancellationToken ct)
    {
        if (!context.Communities.TryGetValue(CommunityKey(record.DistrictCode, record.Community), out var community))
        {
            return Errors.Invalid(ErrorCodes.CommunityUnknown, $"{record.DistrictCode} {record.Community}");
        }

        var input = record.Input with { CommunityId = community.Id };
        var created = !context.Units.TryGetValue(input.Code, out var unit);
        if (unit is null)
        {
            unit = new Unit { Code = input.Code, Name = input.Name };
            db.Units.Add(unit);
            context.Units[input.Code] = unit;
        }

        await UnitService.ApplyAsync(db, unit, input, ct);
        return Result<bool>.Ok(created);
    }

    private async Task<Result<bool>> WriteStationAsync(WriteScope scope, WriteContext context, StationRecord record, CancellationToken ct)
    {
        if (!context.Communities.TryGetValue(CommunityKey(record.DistrictCode, record.Community), out var community))
        {
            return Errors.Invalid(ErrorCodes.CommunityUnknown, $"{record.DistrictCode} {record.Community}");
        }

        var input = record.Input with { CommunityId = community.Id };
        StationStatus? previousStatus = null;
        var created = !context.Stations.TryGetValue(input.Code, out var station);
        if (station is null)
        {
            station = new Station { Code = input.Code, Name = input.Name };
            scope.Db.Stations.Add(station);
            context.Stations[input.Code] = station;
        }
        else
        {
            // An open station stops being open only as Management's form allows it: nobody on duty, nobody inside.
            if (await stations.CheckCanLeaveOpenAsync(scope.Db, station, input.Status, ct) is { } busy)
            {
                return busy;
            }

            previousStatus = station.Status;
        }

        StationAdminService.Apply(station, input);
        if (record.UnitCode.Length > 0)
        {
            if (!context.Units.TryGetValue(record.UnitCode, out var unit))
            {
                return Errors.Invalid(ErrorCodes.UnitUnknown, record.UnitCode);
            }

            (station.Unit, station.HostUnit) = (unit, unit.Name);
        }
        else if (station.UnitId is { } linked && context.Units.Values.FirstOrDefault(u => u.Id == linked)?.Name != station.HostUnit)
        {
            // No unit code: the link stays while the row names the linked unit as host (a file from before the column), and
            // goes when it names another host or none.
            (station.UnitId, station.Unit) = (null, null);
        }

        stations.RaiseChanged(scope, station, community.DistrictId, previousStatus);
        return Result<bool>.Ok(created);
    }

    private NetworkImportRow Validate(NetworkSheet sheet, int rowNumber, string[] cells, Reference reference, Dictionary<string, int> keysInFile)
    {
        var columns = Sheets[sheet];
        var errors = new List<string>();
        string Cell(string key) => cells[Array.FindIndex(columns, c => c.Key == key)];
        void Check(string key, DomainError? error)
        {
            if (error is not null)
            {
                var header = columns.First(c => c.Key == key).Headers[0];
                errors.Add(Errors.Invalid(ErrorCodes.ImportCellProblem, header, error.Message).Message);
            }
        }

        void CheckUnique(string key, string value, string column)
        {
            if (keysInFile.TryGetValue(key, out var first))
            {
                Check(column, Errors.Invalid(ErrorCodes.DuplicateInFile, columns.First(c => c.Key == column).Headers[0], value, first));
            }
            else
            {
                keysInFile[key] = rowNumber;
            }
        }

        object? value = null;
        var isUpdate = false;
        switch (sheet)
        {
            case NetworkSheet.Districts:
            {
                var code = Cell("Code").ToUpperInvariant();
                Check("Code", CheckCode(code));
                Check("Name", Errors.CheckText(Cell("Name"), "Name", TextLimits.Name));
                Check("NameEn", Errors.CheckText(Cell("NameEn"), "NameEn", TextLimits.Name));
                var sortOrder = 0;
                if (Cell("SortOrder") is { Length: > 0 } sortText && !int.TryParse(sortText, NumberStyles.Integer, CultureInfo.InvariantCulture, out sortOrder))
                {
                    Check("SortOrder", Errors.Invalid(ErrorCodes.ImportNumberInvalid, sortText));
                }

                CheckUnique(code, code, "Code");
                isUpdate = reference.DistrictCodes.Contains(code);
                value = new DistrictRecord(code, Cell("Name"), Cell("NameEn"), sortOrder);
                break;
            }

            case NetworkSheet.Communities:
            {
                var district = Cell("District").ToUpperInvariant();
                if (district.Length == 0)
                {
                    Check("District", Errors.CheckText(district, "District", TextLimits.Code));
                }
                else if (!reference.DistrictCodes.Contains(district))
                {
                    Check("District", Errors.NotFound(ErrorCodes.DistrictNotFound, district));
                }

                var name = Cell("Name");
                Check("Name", Errors.CheckText(name, "Community", TextLimits.Name));
                Check("PartyOrganisation", Errors.CheckText(Cell("PartyOrganisation"), "PartyOrganisation", TextLimits.Name));
                var key = CommunityKey(district, name);
                CheckUnique(key, $"{district} {name}", "Name");
                isUpdate = reference.Communities.ContainsKey(key);
                value = new CommunityRecord(district, name, Cell("PartyOrganisation"));
                break;
            }

            case NetworkSheet.Units:
            {
                var district = Cell("District").ToUpperInvariant();
                var community = Cell("Community");
                if (!reference.Communities.ContainsKey(CommunityKey(district, community)))
                {
                    Check("Community", Errors.Invalid(ErrorCodes.CommunityUnknown, $"{district} {community}"));
                }

                var kind = Parse(Cell("Kind"), UnitKindNames, "Kind", Check);
                var input = UnitService.Normalize(new UnitInput
                {
                    Code = Cell("Code"),
                    Name = Cell("Name"),
                    NameEn = Cell("NameEn"),
                    Kind = kind,
                    PartyOrganisation = Cell("PartyOrganisation"),
                });

                // The units page's own rules, first problem only, when the cells parsed at all.
                if (errors.Count == 0 && units.Validate(input) is { } invalid)
                {
                    Check(invalid.Field switch { "UnitName" or null => "Name", var field => field }, invalid);
                }

                CheckUnique(input.Code, input.Code, "Code");
                isUpdate = reference.UnitCodes.Contains(input.Code);
                value = new UnitRecord(district, community, input);
                break;
            }

            case NetworkSheet.Stations:
            {
                var district = Cell("District").ToUpperInvariant();
                var community = Cell("Community");
                if (!reference.Communities.TryGetValue(CommunityKey(district, community), out var communityId))
                {
                    Check("Community", Errors.Invalid(ErrorCodes.CommunityUnknown, $"{district} {community}"));
                }

                var kind = Parse(Cell("Kind"), KindNames, "Kind", Check);
                var status = Cell("Status").Length == 0 ? StationStatus.Planned : Parse(Cell("Status"), StatusNames, "Status", Check);
                var input = StationAdminService.Normalize(new StationInput
                {
                    Code = Cell("Code"),
                    Name = Cell("Name"),
                    CommunityId = communityId,
                    Kind = kind,
                    Status = status,
                    Capacity = (int)Number("Capacity", Check),
                    OpensAt = Time("OpensAt", Check),
                    ClosesAt = Time("ClosesAt", Check),
                    Latitude = Number("Latitude", Check),
                    Longitude = Number("Longitude", Check),
                    FloorArea = Number("FloorArea", Check),
                    HostUnit = Cell("HostUnit"),
                    Facilities = Flags(Cell("Facilities"), FacilityNames, "Facilities", Check),
                    Services = Flags(Cell("Services"), ServiceNames, "Services", Check),
                });

                // Management's own rules, first problem only (as its form shows it), when the cells parsed at all.
                if (errors.Count == 0 && stations.Validate(input) is { } invalid)
                {
                    Check(ColumnOf(invalid.Field), invalid);
                }

                var unitCode = Cell("Unit").ToUpperInvariant();
                if (unitCode.Length > 0 && !reference.UnitCodes.Contains(unitCode))
                {
                    Check("Unit", Errors.Invalid(ErrorCodes.UnitUnknown, unitCode));
                }

                CheckUnique(input.Code, input.Code, "Code");
                isUpdate = reference.StationCodes.Contains(input.Code);
                value = new StationRecord(district, community, input, unitCode);
                break;
            }

            case NetworkSheet.Staff:
            {
                var userName = Cell("UserName");
                if (!StaffService.IsValidUserName(userName))
                {
                    Check("UserName", Errors.Invalid(ErrorCodes.UserNameInvalid, StaffService.UserNameMinLength, StaffService.UserNameMaxLength));
                }

                Check("DisplayName", Errors.CheckText(Cell("DisplayName"), "DisplayName", StaffService.DisplayNameMaxLength));
                var roles = new List<string>();
                foreach (var name in Cell("Roles").Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (RoleNames.TryGetValue(name, out var role))
                    {
                        roles.Add(role);
                    }
                    else
                    {
                        Check("Roles", Errors.Invalid(ErrorCodes.ImportValueUnknown, name, "管理员、组织者、值班员"));
                    }
                }

                if (roles.Count == 0 && errors.Count == 0)
                {
                    Check("Roles", Errors.Invalid(ErrorCodes.RoleRequired));
                }

                var codes = Cell("Stations").Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(c => c.ToUpperInvariant()).Distinct().ToList();
                foreach (var code in codes.Where(c => !reference.StationCodes.Contains(c)))
                {
                    Check("Stations", Errors.Invalid(ErrorCodes.StationCodeUnknown, code));
                }

                // StaffService keeps stations for duty staff only, and duty staff need one.
                if (roles.Contains(StaffRoles.DutyStaff) && codes.Count == 0)
                {
                    Check("Stations", Errors.Invalid(ErrorCodes.DutyStaffNeedsStation));
                }

                CheckUnique(userName, userName, "UserName");
                isUpdate = reference.UserNames.Contains(userName);
                value = new StaffRecord(userName, Cell("DisplayName"), roles.Distinct().ToList(), codes);
                break;
            }
        }

        return new NetworkImportRow(rowNumber, cells, isUpdate, errors) { Value = value };

        double Number(string key, Action<string, DomainError?> check)
        {
            var text = Cell(key);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return number;
            }

            check(key, Errors.Invalid(ErrorCodes.ImportNumberInvalid, text));
            return 0;
        }

        TimeOnly Time(string key, Action<string, DomainError?> check)
        {
            var text = Cell(key);
            if (TimeOnly.TryParseExact(text, ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time;
            }

            // A spreadsheet may keep a time as a fraction of a day.
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) && fraction is >= 0 and < 1)
            {
                return TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(Math.Round(fraction * 24 * 60)));
            }

            check(key, Errors.Invalid(ErrorCodes.ImportTimeInvalid, text));
            return default;
        }
    }

    private T Parse<T>(string text, Dictionary<string, T> names, string column, Action<string, DomainError?> check)
        where T : struct, Enum
    {
        if (names.TryGetValue(text, out var value))
        {
            return value;
        }

        check(column, Errors.Invalid(ErrorCodes.ImportValueUnknown, text, string.Join("、", names.Keys.Where(k => !k.All(char.IsAscii)))));
        return default;
    }

    private T Flags<T>(string text, Dictionary<string, T> names, string column, Action<string, DomainError?> check)
        where T : struct, Enum
    {
        var bits = 0;
        foreach (var name in text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (names.TryGetValue(name, out var flag))
            {
                bits |= Convert.ToInt32(flag, CultureInfo.InvariantCulture);
            }
            else
            {
                check(column, Errors.Invalid(ErrorCodes.ImportValueUnknown, name, string.Join("、", names.Keys.Where(k => !k.All(char.IsAscii)))));
            }
        }

        return (T)Enum.ToObject(typeof(T), bits);
    }

    private DomainError? CheckCode(string code)
    {
        if (Errors.CheckText(code, "Code", TextLimits.Code) is { } text)
        {
            return text;
        }

        return StationAdminService.IsCode(code) ? null : Errors.Invalid(ErrorCodes.ImportCodeInvalid, TextLimits.Code);
    }

    /// <summary>The station sheet's column a <see cref="StationAdminService"/> error names by its field.</summary>
    private static string ColumnOf(string? field) => field switch
    {
        "Code" or "Kind" or "Capacity" or "FloorArea" or "ClosesAt" or "Latitude" or "HostUnit" => field,
        _ => "Name",
    };

    /// <summary>A role's Chinese name, as a staff sheet and the People page write it.</summary>
    private static string RoleName(string role) => RoleNames.First(n => n.Value == role && !n.Key.All(char.IsAscii)).Key;

    private static string CommunityKey(string districtCode, string name) => $"{districtCode.ToUpperInvariant()}\u001f{name}";

    private static Dictionary<string, T> Names<T>(Dictionary<T, string> chinese)
        where T : struct, Enum
    {
        var names = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var (value, name) in chinese)
        {
            names[name] = value;
            names[value.ToString()] = value;
        }

        return names;
    }

    private static string NameOf<T>(Dictionary<string, T> names, T value)
        where T : struct, Enum => names.First(n => n.Value.Equals(value) && !n.Key.All(char.IsAscii)).Key;

    private static IEnumerable<string> FlagNames<T>(Dictionary<string, T> names, T value)
        where T : struct, Enum =>
        names.Where(n => !n.Key.All(char.IsAscii) && value.HasFlag(n.Value) && Convert.ToInt32(n.Value, CultureInfo.InvariantCulture) != 0).Select(n => n.Key);

    /// <summary>For every column of the sheet, the index of the file's column with one of its headers, or -1.</summary>
    private static int[] MapHeader(Column[] columns, string?[] header)
    {
        static string Key(string? text) =>
            new string((text ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c is not ('_' or '*' or '(' or ')' or '（' or '）')).ToArray()).ToLowerInvariant();
        var keys = header.Select(Key).ToList();
        return columns.Select(c => keys.FindIndex(k => c.Headers.Any(h => Key(h) == k))).ToArray();
    }

    private sealed record DistrictRecord(string Code, string Name, string NameEn, int SortOrder);

    private sealed record CommunityRecord(string DistrictCode, string Name, string PartyOrganisation);

    private sealed record StationRecord(string DistrictCode, string Community, StationInput Input, string UnitCode = "");

    private sealed record UnitRecord(string DistrictCode, string Community, UnitInput Input);

    private sealed record StaffRecord(string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> StationCodes);

    private sealed record Reference(HashSet<string> DistrictCodes, Dictionary<string, int> Communities, HashSet<string> StationCodes)
    {
        public HashSet<string> UnitCodes { get; init; } = [];

        /// <summary>The user names that sign in today (loaded for a staff sheet only), compared without case.</summary>
        public HashSet<string> UserNames { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>What a sheet's rows are checked against; a staff sheet's also the user names there are.</summary>
    private async Task<Reference> LoadReferenceAsync(NetworkSheet sheet, CancellationToken cancellationToken)
    {
        var reference = await LoadReferenceAsync(cancellationToken);
        if (sheet != NetworkSheet.Staff)
        {
            return reference;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        reference.UserNames.UnionWith(await db.Users.AsNoTracking().Select(u => u.UserName!).ToListAsync(cancellationToken));
        return reference;
    }

    private async Task<Reference> LoadReferenceAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var districts = await db.Districts.AsNoTracking().Select(d => d.Code).ToListAsync(cancellationToken);
        var communities = await db.Communities.AsNoTracking().Select(c => new { c.Id, c.Name, c.District!.Code }).ToListAsync(cancellationToken);
        var codes = await db.Stations.AsNoTracking().Select(s => s.Code).ToListAsync(cancellationToken);
        var byKey = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var community in communities)
        {
            byKey.TryAdd(CommunityKey(community.Code, community.Name), community.Id);
        }

        var unitCodes = await db.Units.AsNoTracking().Select(u => u.Code).ToListAsync(cancellationToken);
        return new Reference(districts.ToHashSet(StringComparer.OrdinalIgnoreCase), byKey, codes.ToHashSet(StringComparer.OrdinalIgnoreCase))
        {
            UnitCodes = unitCodes.ToHashSet(StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>The tracked records an import writes into, by key: one read per table, then every row finds its match here.</summary>
    private sealed record WriteContext(Dictionary<string, District> Districts, Dictionary<string, Community> Communities, Dictionary<string, Station> Stations)
    {
        public Dictionary<string, Unit> Units { get; init; } = new(StringComparer.OrdinalIgnoreCase);

        public static async Task<WriteContext> LoadAsync(RedStationDbContext db, CancellationToken ct)
        {
            var districts = await db.Districts.ToListAsync(ct);
            var communities = await db.Communities.ToListAsync(ct);
            var stations = await db.Stations.ToListAsync(ct);
            var codeOf = districts.ToDictionary(d => d.Id, d => d.Code);
            var byKey = new Dictionary<string, Community>(StringComparer.OrdinalIgnoreCase);
            foreach (var community in communities)
            {
                byKey.TryAdd(CommunityKey(codeOf[community.DistrictId], community.Name), community);
            }

            var units = await db.Units.ToListAsync(ct);
            return new WriteContext(
                districts.ToDictionary(d => d.Code, StringComparer.OrdinalIgnoreCase),
                byKey,
                stations.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase))
            {
                Units = units.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase),
            };
        }
    }
}
