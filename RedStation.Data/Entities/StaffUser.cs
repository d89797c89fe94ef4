using Microsoft.AspNetCore.Identity;

namespace RedStation.Data.Entities;

/// <summary>A person who signs in to RedStation: an administrator, an organiser, duty staff or a display operator.</summary>
public sealed class StaffUser : IdentityUser
{
    /// <summary>The name shown in the app bar; the user name when empty.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The stations this person staffs (duty staff only write at these).</summary>
    public List<StaffStation> Stations { get; } = [];
}

/// <summary>Duty staff ↔ station: the stations where a duty staff member may write.</summary>
public sealed class StaffStation
{
    public required string UserId { get; set; }
    public StaffUser? User { get; set; }
    public int StationId { get; set; }
    public Station? Station { get; set; }
}
