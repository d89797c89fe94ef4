namespace RedStation.Data.Entities;

public sealed class ActivityType : IBilingualName
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }

    /// <summary>Inactive types are kept for history but no longer offered when logging an activity.</summary>
    public bool IsActive { get; set; } = true;
}

/// <summary>A lecture, class, council or other gathering held at a station.</summary>
public sealed class Activity
{
    public long Id { get; set; }
    public int StationId { get; set; }
    public Station? Station { get; set; }
    public int ActivityTypeId { get; set; }
    public ActivityType? Type { get; set; }
    public required string Title { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }

    /// <summary>When duty staff closed the activity; null while it runs or before it starts.</summary>
    public DateTime? EndedAt { get; set; }

    public int Attendance { get; set; }
    public string? Organiser { get; set; }
    public string? Notes { get; set; }
    public DateTime LoggedAt { get; set; }
}
