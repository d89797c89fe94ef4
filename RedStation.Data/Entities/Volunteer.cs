namespace RedStation.Data.Entities;

/// <summary>An in-service party member who reported to their home community (在职党员回社区报到).</summary>
public sealed class Volunteer
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Initials of the name in pinyin (张晓明 → ZXM), for type-ahead at the duty desk.</summary>
    public required string PinyinInitials { get; set; }

    public required string Phone { get; set; }
    public required string MemberNumber { get; set; }
    public required string WorkUnit { get; set; }
    public int CommunityId { get; set; }
    public Community? Community { get; set; }
    public string? Skills { get; set; }
    public DateTime RegisteredAt { get; set; }
    public List<Team> Teams { get; set; } = [];
}

/// <summary>A volunteer team such as 交通劝导队 or 巾帼志愿者服务队.</summary>
public sealed class Team : IBilingualName
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public List<Volunteer> Members { get; set; } = [];
}
