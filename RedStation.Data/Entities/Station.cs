namespace RedStation.Data.Entities;

public sealed class Station
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int CommunityId { get; set; }
    public Community? Community { get; set; }
    public StationKind Kind { get; set; }
    public StationStatus Status { get; set; }
    public double FloorArea { get; set; }
    public int Capacity { get; set; }
    public TimeOnly OpensAt { get; set; }
    public TimeOnly ClosesAt { get; set; }
    public StationFacilities Facilities { get; set; }
    public StationServices Services { get; set; }
    /// <summary>
    /// The host unit's name as screens show it: free text, or the name of <see cref="Unit"/> when the station is linked
    /// to one (the link keeps it in step when the unit is renamed).
    /// </summary>
    public string? HostUnit { get; set; }

    /// <summary>The unit (驻区单位) that opens this venue, if it is one of the network's units.</summary>
    public int? UnitId { get; set; }

    public Unit? Unit { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }

    /// <summary>People in the station now; every change is also recorded in <see cref="OccupancyChange"/>.</summary>
    public int Occupancy { get; set; }

    public DateTime? OccupancyUpdatedAt { get; set; }

    /// <summary>
    /// The short code of the poster's typeable link (<c>/c/{code}</c>), issued and replaced by
    /// <see cref="Services.SelfCheckInService.IssueShortCodeAsync"/>; null until a poster asks for one.
    /// </summary>
    public string? CheckInCode { get; set; }

    /// <summary>Shared venues (共驻共建) are counted apart from the planned Red Stations in targets.</summary>
    public bool CountsTowardTarget => Kind != StationKind.SharedVenue;

    public bool IsOpenAt(TimeOnly localTime) =>
        Status == StationStatus.Open && localTime >= OpensAt && localTime < ClosesAt;
}

public enum StationKind
{
    ResidentialCompound = 0,
    ElderlyCare = 1,
    SharedVenue = 2,
    TrafficPolicePost = 3,
    ChildrenClassroom = 4,
    OfficeBuilding = 5,
    Market = 6,
    Park = 7,
}

public enum StationStatus
{
    Planned = 0,
    Open = 1,
    Closed = 2,
}

[Flags]
public enum StationFacilities
{
    None = 0,
    LectureHall = 1 << 0,
    LiaisonRoom = 1 << 1,
    EmergencyDesk = 1 << 2,
    MediationStudio = 1 << 3,
    ReadingRoom = 1 << 4,
    ChessRoom = 1 << 5,
    Canteen = 1 << 6,
    FitnessArea = 1 << 7,
}

[Flags]
public enum StationServices
{
    None = 0,
    Lectures = 1 << 0,
    ReadingAndCalligraphy = 1 << 1,
    HealthyLunch = 1 << 2,
    Tutoring = 1 << 3,
    Mediation = 1 << 4,
    LegalAid = 1 << 5,
    NeighbourhoodCouncil = 1 << 6,
    ElderlyCare = 1 << 7,
    CultureClasses = 1 << 8,
    Fitness = 1 << 9,
}
