namespace RedStation.Data.Entities;

/// <summary>A community (社区) with the party organisation that leads it.</summary>
public sealed class Community
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public District? District { get; set; }
    public required string Name { get; set; }

    /// <summary>The community's party organisation, e.g. "XX社区党委" or "XX党总支".</summary>
    public required string PartyOrganisation { get; set; }

    public List<Station> Stations { get; set; } = [];
}
