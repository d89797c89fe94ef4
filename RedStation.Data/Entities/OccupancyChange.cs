namespace RedStation.Data.Entities;

/// <summary>One change of a station's head-count; <see cref="Count"/> is the head-count after it.</summary>
public sealed class OccupancyChange
{
    public long Id { get; set; }
    public int StationId { get; set; }
    public int Delta { get; set; }
    public int Count { get; set; }
    public DateTime At { get; set; }
}
