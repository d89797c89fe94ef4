namespace RedStation.Data.Entities;

/// <summary>A resident's small request (微心愿): posted, claimed by a volunteer, fulfilled — or cancelled.</summary>
public sealed class MicroWish
{
    public long Id { get; set; }
    public int StationId { get; set; }
    public Station? Station { get; set; }
    public WishCategory Category { get; set; }
    public required string Title { get; set; }
    public required string RequesterName { get; set; }
    public string? RequesterPhone { get; set; }
    public WishStatus Status { get; set; }
    public DateTime PostedAt { get; set; }
    public int? ClaimedByVolunteerId { get; set; }
    public Volunteer? ClaimedBy { get; set; }
    public DateTime? ClaimedAt { get; set; }
    public DateTime? FulfilledAt { get; set; }
    public string? FulfilmentNote { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? CancelReason { get; set; }

    /// <summary>Optimistic concurrency token: bumped on every transition.</summary>
    public int Version { get; set; }
}

public enum WishCategory
{
    CivilityPublicity = 0,
    HomeCleaning = 1,
    LegalConsultation = 2,
    DisputeSettlement = 3,
    ElderlyHelp = 4,
    Other = 5,
}

public enum WishStatus
{
    Posted = 0,
    Claimed = 1,
    Fulfilled = 2,
    Cancelled = 3,
}
