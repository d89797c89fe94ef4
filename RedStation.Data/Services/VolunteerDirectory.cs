using Microsoft.EntityFrameworkCore;

namespace RedStation.Data.Services;

/// <summary>A volunteer as lists show them: the phone number reduced to its last four digits.</summary>
public sealed record VolunteerRow(int Id, string Name, string PinyinInitials, string PhoneTail, string MemberNumber, string WorkUnit, string CommunityName, int DistrictId);

/// <summary>Read side of the volunteers: find one by name, pinyin initials, phone tail or member number.</summary>
public sealed class VolunteerDirectory(IDbContextFactory<RedStationDbContext> contextFactory)
{
    public const int MaxTake = 100;

    public async Task<IReadOnlyList<VolunteerRow>> SearchAsync(string? search, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var volunteers = db.Volunteers.AsNoTracking();
        var term = search?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            var upper = term.ToUpperInvariant();
            // Digits are a phone tail (or a member number's); letters are pinyin initials; letters
            // and digits are a member number; anything else is part of a name.
            volunteers = term switch
            {
                _ when term.All(char.IsAsciiDigit) => volunteers.Where(v => v.Phone.EndsWith(term) || v.MemberNumber.EndsWith(term)),
                _ when term.All(char.IsAsciiLetter) => volunteers.Where(v => v.PinyinInitials.StartsWith(upper) || v.MemberNumber.StartsWith(upper)),
                _ when term.All(char.IsAsciiLetterOrDigit) => volunteers.Where(v => v.MemberNumber.StartsWith(upper)),
                _ => volunteers.Where(v => v.Name.Contains(term)),
            };
        }

        return await volunteers
            .OrderBy(v => v.Name.Length).ThenBy(v => v.Id)
            .Take(Math.Clamp(take, 1, MaxTake))
            .Select(v => new VolunteerRow(v.Id, v.Name, v.PinyinInitials, v.Phone.Substring(v.Phone.Length - 4), v.MemberNumber, v.WorkUnit, v.Community!.Name, v.Community.DistrictId))
            .ToListAsync(cancellationToken);
    }
}
