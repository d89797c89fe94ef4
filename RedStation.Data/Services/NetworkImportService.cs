using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

/// <summary>The sheets of the network, imported one at a time in this order (each needs the one before it).</summary>
public enum NetworkSheet
{
    Districts,
    Communities,

    /// <summary>Units stationed in the area (驻区单位), each with the community it co-builds with; before the stations that name them.</summary>
    Units,
    Stations,
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
public sealed record NetworkImportOutcome(int Created, int Updated, int Skipped);

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
    DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory, StationAdminService stations, LiveFeed feed, UnitService units)
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

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is not (".csv" or ".xlsx"))
        {
            return Errors.Invalid(ErrorCodes.ImportFormatUnsupported);
        }

        var total = (int)Math.Min(file.CanSeek ? file.Length : size, VolunteerImportService.MaxFileBytes);
        var content = await VolunteerImportService.ReadLimitedAsync(
            file, read => progress?.Report(new ImportProgress(ImportStage.Reading, (int)Math.Min(read, total), total)), cancellationToken);
        if (content is null)
        {
            return Errors.Invalid(ErrorCodes.ImportFileTooLarge, VolunteerImportService.MaxFileBytes / (1024 * 1024));
        }

        if (content.Length == 0)
        {
            return Errors.Invalid(ErrorCodes.ImportFileEmpty);
        }

        var columns = Sheets[sheet];
        var raw = new List<(int RowNumber, string[] Cells)>();
        int[]? map = null;
        XlsxImportReader? reader = null;
        try
        {
            if (extension == ".xlsx")
            {
                reader = XlsxImportReader.Open(content);
            }

            foreach (var (rowNumber, cells) in reader?.ReadRows() ?? CsvImportReader.Read(content))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (map is null)
                {
                    map = MapHeader(columns, cells);
                    var missing = columns.Where((c, i) => c.Required && map[i] < 0).ToList();
                    if (missing.Count > 0)
                    {
                        return Errors.Invalid(ErrorCodes.ImportHeaderMissing, string.Join(", ", missing.Select(c => c.Headers[0])));
                    }

                    continue;
                }

                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (raw.Count == VolunteerImportService.MaxRows)
                {
                    return Errors.Invalid(ErrorCodes.ImportTooManyRows, VolunteerImportService.MaxRows);
                }

                raw.Add((rowNumber, map.Select(index => index >= 0 && index < cells.Length ? TextPolicy.Clean(cells[index]) : string.Empty).ToArray()));
            }
        }
        catch (ImportFileException refused)
        {
            return Errors.Invalid(refused.Code, refused.Args);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception's own text is for developers: the page names the format only.
            return Errors.Invalid(ErrorCodes.ImportFileUnreadable, extension == ".csv" ? "CSV" : "XLSX");
        }
        finally
        {
            reader?.Dispose();
        }

        if (map is null)
        {
            return Errors.Invalid(ErrorCodes.ImportFileEmpty);
        }

        if (raw.Count == 0)
        {
            return Errors.Invalid(ErrorCodes.ImportNothingToImport);
        }

        var reference = await LoadReferenceAsync(cancellationToken);
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
        return Result<NetworkImportPreview>.Ok(new NetworkImportPreview(sheet, Path.GetFileName(fileName), TemplateHeaders(sheet), rows));
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

        var result = await writer.WriteAsync<NetworkImportOutcome>(async (scope, ct) =>
        {
            progress?.Report(new ImportProgress(ImportStage.Writing, 0, rows.Count));
            var (created, updated) = (0, 0);
            var context = await WriteContext.LoadAsync(scope.Db, ct);
            foreach (var row in rows)
            {
                var written = row.Value switch
                {
                    DistrictRecord district => WriteDistrict(scope.Db, context, district),
                    CommunityRecord community => WriteCommunity(scope.Db, context, community),
                    UnitRecord unit => await WriteUnitAsync(scope.Db, context, unit, ct),
                    StationRecord station => await WriteStationAsync(scope, context, station, ct),
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
            return Result<NetworkImportOutcome>.Ok(new NetworkImportOutcome(created, updated, preview.Rows.Count - rows.Count));
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.ImportHasErrors, 1));

        // The live state reads its districts when it is built: a new or renamed district is seen after a rebuild.
        if (result.Succeeded && preview.Sheet == NetworkSheet.Districts && feed.IsReady)
        {
            await feed.RebuildAsync(writer, cancellationToken);
        }

        return result;
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

    private sealed record Reference(HashSet<string> DistrictCodes, Dictionary<string, int> Communities, HashSet<string> StationCodes)
    {
        public HashSet<string> UnitCodes { get; init; } = [];
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
