namespace RedStation.Data.Entities;

/// <summary>A district or county of the city: the top of the network's hierarchy.</summary>
public sealed class District : IBilingualName
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public int SortOrder { get; set; }
    public List<Community> Communities { get; set; } = [];
}
