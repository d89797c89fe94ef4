namespace RedStation.Data.Entities;

/// <summary>One volunteer's service at a station, from check-in to check-out.</summary>
public sealed class DutySession
{
    public long Id { get; set; }
    public int VolunteerId { get; set; }
    public Volunteer? Volunteer { get; set; }
    public int StationId { get; set; }
    public Station? Station { get; set; }
    public DateTime CheckedInAt { get; set; }

    /// <summary>Null while the volunteer is on duty; a volunteer has at most one open session anywhere.</summary>
    public DateTime? CheckedOutAt { get; set; }

    /// <summary>
    /// The volunteer forgot to check out and the app closed the session at the station's closing time
    /// (<see cref="Services.AutoCheckOutService"/>): its hours are an estimate, not a record.
    /// </summary>
    public bool ClosedAutomatically { get; set; }

    public TimeSpan Duration(DateTime nowUtc) => (CheckedOutAt ?? nowUtc) - CheckedInAt;
}
