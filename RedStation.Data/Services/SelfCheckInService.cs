using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Time;

namespace RedStation.Data.Services;

/// <summary>What the self check-in page shows after a check-in or check-out.</summary>
/// <param name="Hours">Hours served, for a check-out; null for a check-in.</param>
public sealed record SelfCheckInReceipt(
    int VolunteerId,
    string VolunteerName,
    string StationName,
    DateTime CheckedInAt,
    DateTime? CheckedOutAt,
    double? Hours);

/// <summary>
/// Volunteers checking themselves in and out at a station's poster (<c>/checkin/{stationId}/{code}</c>): they identify
/// with their member number and the last four digits of their phone, and then the same
/// <see cref="DutyService"/> check-in and check-out as at the desk run, with every rule, on their behalf.
/// The poster is public, so what it answers masks the volunteer's name (张*明), and a check-in is taken only within the
/// station's opening hours (city time); the desk, which sees who stands there, keeps its own rules.
/// </summary>
public sealed class SelfCheckInService(
    IDbContextFactory<RedStationDbContext> contextFactory, DutyService duty, DomainErrors errors, CityClock clock, DomainWriter writer)
{
    public const int PhoneTailLength = 4;

    /// <summary>
    /// The short code's length: 8 symbols of <see cref="ShortCodeAlphabet"/>, 30^8 ≈ 6.6 × 10^11 codes (39 bits) for a few
    /// hundred stations, so a guess finds a station once in billions; the link then asks for a member number and a phone
    /// tail anyway, which are rate-limited per device and per member number.
    /// </summary>
    public const int ShortCodeLength = 8;

    /// <summary>Digits and capitals without the look-alikes 0/O, 1/I/L and U/V's cousin: easy to read off a wall and type.</summary>
    public const string ShortCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public Task<Result<SelfCheckInReceipt>> CheckInAsync(int stationId, string? memberNumber, string? phoneLast4, CancellationToken cancellationToken = default) =>
        RunAsync(stationId, memberNumber, phoneLast4, checkIn: true, cancellationToken);

    public Task<Result<SelfCheckInReceipt>> CheckOutAsync(int stationId, string? memberNumber, string? phoneLast4, CancellationToken cancellationToken = default) =>
        RunAsync(stationId, memberNumber, phoneLast4, checkIn: false, cancellationToken);

    /// <summary>
    /// The station's short code for the poster's typeable link (<c>/c/{code}</c>): the one it has, or a new one when it has
    /// none or <paramref name="replace"/> is set — replacing it is how a printed short link is revoked (the old code then
    /// leads nowhere). Written through the <see cref="DomainWriter"/>, so audited. Who may ask is the caller's check (the
    /// poster page's: those who may manage the station).
    /// </summary>
    public Task<Result<string>> IssueShortCodeAsync(int stationId, bool replace, CancellationToken cancellationToken = default) =>
        writer.WriteAsync<string>(async (scope, ct) =>
        {
            var station = await scope.Db.Stations.FirstOrDefaultAsync(s => s.Id == stationId, ct);
            if (station is null)
            {
                return errors.NotFound(ErrorCodes.StationNotFound, stationId);
            }

            if (station.CheckInCode is { } current && !replace)
            {
                return Result<string>.Ok(current);
            }

            // A clash is one in billions per station; the unique index stands behind this check whatever happens.
            string code;
            do
            {
                code = RandomNumberGenerator.GetString(ShortCodeAlphabet, ShortCodeLength);
            }
            while (await scope.Db.Stations.AnyAsync(s => s.CheckInCode == code, ct));

            station.CheckInCode = code;
            return Result<string>.Ok(code);
        },
        cancellationToken);

    /// <summary>The station a short code leads to now, or null (unknown, replaced, or not a code at all).</summary>
    public async Task<int?> FindStationByShortCodeAsync(string? code, CancellationToken cancellationToken = default)
    {
        if (NormalizeShortCode(code) is not { } normalized)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Stations.AsNoTracking()
            .Where(s => s.CheckInCode == normalized)
            .Select(s => (int?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A typed code as stored: capitals, without the spaces and dashes a poster groups it with; null if it cannot be one.</summary>
    public static string? NormalizeShortCode(string? code)
    {
        var cleaned = (code ?? string.Empty).Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return cleaned.Length == ShortCodeLength && cleaned.All(c => ShortCodeAlphabet.Contains(c, StringComparison.Ordinal)) ? cleaned : null;
    }

    /// <summary>The form's spelling of a member number (spaces, lower case) mapped to the stored one.</summary>
    public static string NormalizeMemberNumber(string? memberNumber) =>
        (memberNumber ?? string.Empty).Trim().Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private async Task<Result<SelfCheckInReceipt>> RunAsync(int stationId, string? memberNumber, string? phoneLast4, bool checkIn, CancellationToken cancellationToken)
    {
        // A malformed entry is named (the same message: the format reveals nothing about any volunteer).
        if (MalformedField(memberNumber, phoneLast4) is { } malformed)
        {
            return errors.Invalid(ErrorCodes.SelfCheckInIdentityRejected) with { Field = malformed };
        }

        var volunteer = await IdentifyAsync(memberNumber, phoneLast4, cancellationToken);
        if (volunteer is null)
        {
            // One answer for an unknown number and a wrong phone tail: the page must not confirm member numbers.
            return errors.Invalid(ErrorCodes.SelfCheckInIdentityRejected);
        }

        // The volunteer, not the page, is who the audit trail records. Identity is read before the write is queued:
        // member numbers and phones do not change under a check-in, and the write itself re-checks everything else.
        using var _ = ActorContext.Begin(new Actor(ActorKind.Volunteer, volunteer.Id.ToString(CultureInfo.InvariantCulture), volunteer.MemberNumber));
        // Checking out stays possible after closing time: a volunteer who stayed late must be able to leave.
        if (checkIn && await RefuseOutsideOpeningHoursAsync(stationId, cancellationToken) is { } closed)
        {
            return closed;
        }

        var result = checkIn
            ? await duty.CheckInAsync(stationId, volunteer.Id, cancellationToken)
            : await duty.CheckOutAsync(stationId, volunteer.Id, cancellationToken);
        if (!result.Succeeded)
        {
            // The duty rules name the volunteer in full, as the desk needs; whoever holds the phone here may not be them.
            return result.Error! with { Message = result.Error.Message.Replace(volunteer.Name, PublicName.Mask(volunteer.Name), StringComparison.Ordinal) };
        }

        var session = result.Value!;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stationName = await db.Stations.Where(s => s.Id == stationId).Select(s => s.Name).SingleAsync(cancellationToken);
        return Result<SelfCheckInReceipt>.Ok(new SelfCheckInReceipt(
            volunteer.Id,
            volunteer.Name,
            stationName,
            session.CheckedInAt,
            session.CheckedOutAt,
            session.CheckedOutAt is { } outAt ? Math.Round((outAt - session.CheckedInAt).TotalHours, 2) : null));
    }

    /// <summary>
    /// Refuses a check-in at an open station outside its hours (a session opened at 21:40 at a station that closes at 20:00
    /// would count hours nobody served there). A station not open at all, or unknown, is left to the duty rules.
    /// </summary>
    private async Task<DomainError?> RefuseOutsideOpeningHoursAsync(int stationId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var station = await db.Stations.AsNoTracking().FirstOrDefaultAsync(s => s.Id == stationId, cancellationToken);
        return station is { Status: StationStatus.Open } && !station.IsOpenAt(TimeOnly.FromDateTime(clock.LocalNow))
            ? errors.Conflict(ErrorCodes.StationClosedNow, station.Name, station.OpensAt, station.ClosesAt)
            : null;
    }

    /// <summary>The entry that no volunteer could have: a member number empty, too long or not letters and digits; a phone tail not four digits.</summary>
    private static string? MalformedField(string? memberNumber, string? phoneLast4)
    {
        var number = NormalizeMemberNumber(memberNumber);
        if (number.Length == 0 || number.Length > TextLimits.MemberNumber || !number.All(char.IsAsciiLetterOrDigit))
        {
            return "MemberNumber";
        }

        var tail = (phoneLast4 ?? string.Empty).Trim();
        return tail.Length != PhoneTailLength || !tail.All(char.IsAsciiDigit) ? "PhoneLast4" : null;
    }

    private async Task<Identity?> IdentifyAsync(string? memberNumber, string? phoneLast4, CancellationToken cancellationToken)
    {
        var number = NormalizeMemberNumber(memberNumber);
        var tail = (phoneLast4 ?? string.Empty).Trim();
        if (number.Length == 0 || number.Length > TextLimits.MemberNumber || tail.Length != PhoneTailLength || !tail.All(char.IsAsciiDigit))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Volunteers.AsNoTracking()
            .Where(v => v.MemberNumber == number)
            .Select(v => new { v.Id, v.Name, v.MemberNumber, v.Phone })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || found.Phone.Length < PhoneTailLength)
        {
            return null;
        }

        var storedTail = Encoding.ASCII.GetBytes(found.Phone[^PhoneTailLength..]);
        return CryptographicOperations.FixedTimeEquals(storedTail, Encoding.ASCII.GetBytes(tail))
            ? new Identity(found.Id, found.Name, found.MemberNumber)
            : null;
    }

    private sealed record Identity(int Id, string Name, string MemberNumber);
}
