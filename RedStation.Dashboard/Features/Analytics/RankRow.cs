namespace RedStation.Dashboard.Features.Analytics;

/// <summary>A line of a <see cref="RankTable"/>: <paramref name="Href"/> leads to the station or volunteer page.</summary>
public sealed record RankRow(string Name, string Figure, string? Href);
