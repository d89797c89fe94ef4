namespace RedStation.Data.Entities;

/// <summary>
/// A unit stationed in the area (驻区单位) — a government organ, an enterprise, a hospital or school — that co-builds
/// (共驻共建) with one community and may open venues of its own to residents (<see cref="Station.UnitId"/>).
/// </summary>
public sealed class Unit
{
    public int Id { get; set; }

    /// <summary>The import's key, e.g. <c>U-JC-001</c>: capitals, digits and hyphens like a station's code.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? NameEn { get; set; }

    public UnitKind Kind { get; set; }

    /// <summary>The community the unit co-builds with (共驻共建).</summary>
    public int CommunityId { get; set; }

    public Community? Community { get; set; }

    /// <summary>The unit's own party organisation, e.g. "宁德市医院党委"; optional.</summary>
    public string? PartyOrganisation { get; set; }

    /// <summary>The venues the unit opens (shared venues, office-building stations).</summary>
    public List<Station> Venues { get; set; } = [];
}

/// <summary>What kind of body a unit is.</summary>
public enum UnitKind
{
    /// <summary>机关: a party or government organ.</summary>
    GovernmentOrgan = 0,

    /// <summary>企业: an enterprise.</summary>
    Enterprise = 1,

    /// <summary>事业单位: a public institution such as a hospital or school.</summary>
    PublicInstitution = 2,

    /// <summary>社会组织: a social organisation.</summary>
    SocialOrganisation = 3,

    /// <summary>其他.</summary>
    Other = 4,
}
