using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;

namespace RedStation.Data.Services;

/// <summary>What Management sets on a volunteer; the pinyin initials follow from the name.</summary>
public sealed record VolunteerInput
{
    public string Name { get; init; } = string.Empty;
    public string Phone { get; init; } = string.Empty;
    public string MemberNumber { get; init; } = string.Empty;
    public string WorkUnit { get; init; } = string.Empty;
    public int CommunityId { get; init; }
    public string? Skills { get; init; }
    public IReadOnlyList<int> TeamIds { get; init; } = [];
}

public sealed record VolunteerQuery
{
    /// <summary>Part of the name, pinyin initials, a phone or member number (or their tail).</summary>
    public string? Search { get; init; }

    public int? DistrictId { get; init; }
    public int? TeamId { get; init; }

    /// <summary>One of <see cref="VolunteerSort"/>; none sorts by member number.</summary>
    public string? SortBy { get; init; }

    public bool SortDescending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public static class VolunteerSort
{
    public const string Name = nameof(Name);
    public const string MemberNumber = nameof(MemberNumber);
    public const string Community = nameof(Community);
    public const string WorkUnit = nameof(WorkUnit);
    public const string RegisteredAt = nameof(RegisteredAt);
}

/// <summary>A volunteer as the management grid lists them (organisers see the whole phone number).</summary>
public sealed record VolunteerAdminRow(
    int Id, string Name, string PinyinInitials, string Phone, string MemberNumber, string WorkUnit,
    string CommunityName, string DistrictName, string DistrictNameEn, DateTime RegisteredAt, int TeamCount);

/// <summary>The rules a volunteer's phone and member number follow, shared by the form and the import.</summary>
public static partial class VolunteerRules
{
    /// <summary>A phone as typed (spaces, dashes, a +86 prefix) reduced to its digits.</summary>
    public static string NormalizePhone(string? phone)
    {
        var digits = new string((phone ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        return digits.StartsWith("+86", StringComparison.Ordinal) ? digits[3..]
            : digits.StartsWith("0086", StringComparison.Ordinal) ? digits[4..]
            : digits;
    }

    /// <summary>An 11-digit mainland mobile number: 1, then 3–9, then nine digits.</summary>
    public static bool IsMobile(string phone) => MobilePattern().IsMatch(phone);

    public static string NormalizeMemberNumber(string? memberNumber) => (memberNumber ?? string.Empty).Trim().ToUpperInvariant();

    public static bool IsMemberNumber(string memberNumber) =>
        memberNumber.Length <= TextLimits.MemberNumber && MemberNumberPattern().IsMatch(memberNumber);

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex("^[A-Z0-9]+$")]
    private static partial Regex MemberNumberPattern();
}

/// <summary>
/// Registers and edits volunteers (Management). A rename is told to the live screens (a volunteer on duty
/// shows under the new name); phones and member numbers stay unique.
/// </summary>
public sealed class VolunteerAdminService(DomainWriter writer, IDbContextFactory<RedStationDbContext> contextFactory)
{
    public const int MaxPageSize = 200;

    private DomainErrors Errors => writer.Errors;

    public async Task<PagedResult<VolunteerAdminRow>> SearchAsync(VolunteerQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var volunteers = db.Volunteers.AsNoTracking();
        var term = query.Search?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            var upper = term.ToUpperInvariant();
            volunteers = term switch
            {
                _ when term.All(char.IsAsciiDigit) => volunteers.Where(v => v.Phone.Contains(term) || v.MemberNumber.Contains(term)),
                _ when term.All(char.IsAsciiLetter) => volunteers.Where(v => v.PinyinInitials.StartsWith(upper) || v.MemberNumber.StartsWith(upper)),
                _ when term.All(char.IsAsciiLetterOrDigit) => volunteers.Where(v => v.MemberNumber.Contains(upper)),
                _ => volunteers.Where(v => v.Name.Contains(term) || v.WorkUnit.Contains(term)),
            };
        }

        if (query.DistrictId is { } districtId)
        {
            volunteers = volunteers.Where(v => v.Community!.DistrictId == districtId);
        }

        if (query.TeamId is { } teamId)
        {
            volunteers = volunteers.Where(v => v.Teams.Any(t => t.Id == teamId));
        }

        var total = await volunteers.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var items = await Sort(volunteers, query.SortBy, query.SortDescending)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .Select(v => new VolunteerAdminRow(v.Id, v.Name, v.PinyinInitials, v.Phone, v.MemberNumber, v.WorkUnit,
                v.Community!.Name, v.Community.District!.Name, v.Community.District.NameEn, v.RegisteredAt, v.Teams.Count))
            .ToListAsync(cancellationToken);
        return new PagedResult<VolunteerAdminRow>(items, total);
    }

    public async Task<VolunteerInput?> GetAsync(int volunteerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Volunteers.AsNoTracking().Where(v => v.Id == volunteerId)
            .Select(v => new VolunteerInput
            {
                Name = v.Name, Phone = v.Phone, MemberNumber = v.MemberNumber, WorkUnit = v.WorkUnit,
                CommunityId = v.CommunityId, Skills = v.Skills, TeamIds = v.Teams.Select(t => t.Id).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task<Result<Volunteer>> CreateAsync(VolunteerInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Volunteer>(async (scope, ct) =>
        {
            var normalized = Normalize(input);
            if (Validate(normalized) is { } invalid)
            {
                return invalid;
            }

            var db = scope.Db;
            if (await CheckReferencesAsync(db, normalized, volunteerId: null, ct) is { } conflict)
            {
                return conflict;
            }

            var volunteer = new Volunteer
            {
                Name = normalized.Name,
                PinyinInitials = PinyinInitials.Of(normalized.Name),
                Phone = normalized.Phone,
                MemberNumber = normalized.MemberNumber,
                WorkUnit = normalized.WorkUnit,
                CommunityId = normalized.CommunityId,
                Skills = normalized.Skills,
                RegisteredAt = writer.Clock.UtcNow,
            };
            volunteer.Teams.AddRange(await db.Teams.Where(t => normalized.TeamIds.Contains(t.Id)).ToListAsync(ct));
            db.Volunteers.Add(volunteer);
            return Result<Volunteer>.Ok(volunteer);
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.PhoneTaken, input.Phone, input.Name) with { Field = "Phone" });

    public Task<Result<Volunteer>> UpdateAsync(int volunteerId, VolunteerInput input, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<Volunteer>(async (scope, ct) =>
        {
            var normalized = Normalize(input);
            if (Validate(normalized) is { } invalid)
            {
                return invalid;
            }

            var db = scope.Db;
            var volunteer = await db.Volunteers.Include(v => v.Teams).FirstOrDefaultAsync(v => v.Id == volunteerId, ct);
            if (volunteer is null)
            {
                return Errors.NotFound(ErrorCodes.VolunteerNotFound, volunteerId);
            }

            if (await CheckReferencesAsync(db, normalized, volunteerId, ct) is { } conflict)
            {
                return conflict;
            }

            var renamed = volunteer.Name != normalized.Name;
            volunteer.Name = normalized.Name;
            volunteer.PinyinInitials = PinyinInitials.Of(normalized.Name);
            volunteer.Phone = normalized.Phone;
            volunteer.MemberNumber = normalized.MemberNumber;
            volunteer.WorkUnit = normalized.WorkUnit;
            volunteer.CommunityId = normalized.CommunityId;
            volunteer.Skills = normalized.Skills;
            volunteer.Teams.RemoveAll(t => !normalized.TeamIds.Contains(t.Id));
            var missing = normalized.TeamIds.Where(id => volunteer.Teams.All(t => t.Id != id)).ToList();
            volunteer.Teams.AddRange(await db.Teams.Where(t => missing.Contains(t.Id)).ToListAsync(ct));
            if (renamed)
            {
                var now = writer.Clock.UtcNow;
                scope.Raise(() => new CatalogChanged(CatalogKind.Volunteer, volunteer.Id, volunteer.Name, null) { StationId = 0, DistrictId = 0, At = now });
            }

            return Result<Volunteer>.Ok(volunteer);
        },
        cancellationToken,
        () => Errors.Conflict(ErrorCodes.PhoneTaken, input.Phone, input.Name) with { Field = "Phone" });

    private static VolunteerInput Normalize(VolunteerInput input) => input with
    {
        Name = TextPolicy.Clean(input.Name),
        Phone = VolunteerRules.NormalizePhone(input.Phone),
        MemberNumber = VolunteerRules.NormalizeMemberNumber(input.MemberNumber),
        WorkUnit = TextPolicy.Clean(input.WorkUnit),
        Skills = TextPolicy.CleanOrNull(input.Skills),
        TeamIds = (input.TeamIds ?? []).Distinct().ToList(),
    };

    private DomainError? Validate(VolunteerInput input)
    {
        if (Errors.CheckText(input.Name, "VolunteerName", TextLimits.PersonName) is { } name)
        {
            return name;
        }

        if (Errors.CheckText(input.Phone, "Phone", TextLimits.Phone) is { } phone)
        {
            return phone;
        }

        if (!VolunteerRules.IsMobile(input.Phone))
        {
            return Errors.Invalid(ErrorCodes.PhoneInvalid, input.Phone) with { Field = "Phone" };
        }

        if (Errors.CheckText(input.MemberNumber, "MemberNumber", TextLimits.MemberNumber) is { } member)
        {
            return member;
        }

        if (!VolunteerRules.IsMemberNumber(input.MemberNumber))
        {
            return Errors.Invalid(ErrorCodes.MemberNumberInvalid, input.MemberNumber, TextLimits.MemberNumber) with { Field = "MemberNumber" };
        }

        return Errors.CheckText(input.WorkUnit, "WorkUnit", TextLimits.Name)
            ?? Errors.CheckText(input.Skills, "Skills", TextLimits.Skills, required: false);
    }

    private async Task<DomainError?> CheckReferencesAsync(RedStationDbContext db, VolunteerInput input, int? volunteerId, CancellationToken ct)
    {
        if (!await db.Communities.AnyAsync(c => c.Id == input.CommunityId, ct))
        {
            return Errors.NotFound(ErrorCodes.CommunityNotFound, input.CommunityId) with { Field = "Community" };
        }

        var samePhone = await db.Volunteers.Where(v => v.Phone == input.Phone && v.Id != volunteerId).Select(v => v.Name).FirstOrDefaultAsync(ct);
        if (samePhone is not null)
        {
            return Errors.Conflict(ErrorCodes.PhoneTaken, input.Phone, samePhone) with { Field = "Phone" };
        }

        var sameNumber = await db.Volunteers.Where(v => v.MemberNumber == input.MemberNumber && v.Id != volunteerId).Select(v => v.Name).FirstOrDefaultAsync(ct);
        if (sameNumber is not null)
        {
            return Errors.Conflict(ErrorCodes.MemberNumberTaken, input.MemberNumber, sameNumber) with { Field = "MemberNumber" };
        }

        var known = await db.Teams.CountAsync(t => input.TeamIds.Contains(t.Id), ct);
        if (known != input.TeamIds.Count)
        {
            var missing = input.TeamIds.Except(await db.Teams.Where(t => input.TeamIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct)).First();
            return Errors.NotFound(ErrorCodes.TeamNotFound, missing) with { Field = "Teams" };
        }

        return null;
    }

    private static IQueryable<Volunteer> Sort(IQueryable<Volunteer> volunteers, string? sortBy, bool descending) =>
        (sortBy, descending) switch
        {
            (VolunteerSort.Name, false) => volunteers.OrderBy(v => v.PinyinInitials).ThenBy(v => v.Name).ThenBy(v => v.Id),
            (VolunteerSort.Name, true) => volunteers.OrderByDescending(v => v.PinyinInitials).ThenByDescending(v => v.Name).ThenBy(v => v.Id),
            (VolunteerSort.Community, false) => volunteers.OrderBy(v => v.Community!.Name).ThenBy(v => v.Id),
            (VolunteerSort.Community, true) => volunteers.OrderByDescending(v => v.Community!.Name).ThenBy(v => v.Id),
            (VolunteerSort.WorkUnit, false) => volunteers.OrderBy(v => v.WorkUnit).ThenBy(v => v.Id),
            (VolunteerSort.WorkUnit, true) => volunteers.OrderByDescending(v => v.WorkUnit).ThenBy(v => v.Id),
            (VolunteerSort.RegisteredAt, false) => volunteers.OrderBy(v => v.RegisteredAt).ThenBy(v => v.Id),
            (VolunteerSort.RegisteredAt, true) => volunteers.OrderByDescending(v => v.RegisteredAt).ThenBy(v => v.Id),
            (VolunteerSort.MemberNumber, true) => volunteers.OrderByDescending(v => v.MemberNumber),
            _ => volunteers.OrderBy(v => v.MemberNumber),
        };
}
