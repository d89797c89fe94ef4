namespace RedStation.Data.Entities;

/// <summary>
/// The programme's figures from before the system (历史基数): what was counted on paper between the programme's start and
/// <see cref="AsOf"/>, entered once by an administrator (<see cref="Services.BaselineService"/>). One row for the network.
/// Every cumulative figure of the network is this baseline plus what the system recorded after <see cref="AsOf"/>; without
/// a row, the figures count what the system recorded since <c>WallDisplay:ProgrammeStart</c>.
/// </summary>
public sealed class ProgrammeBaseline
{
    /// <summary>The one row's key.</summary>
    public const int NetworkId = 1;

    /// <summary>The largest figure a baseline may hold.</summary>
    public const int MaxFigure = 100_000_000;

    public int Id { get; set; } = NetworkId;

    /// <summary>The programme's first day (city time): what the screens say the figures count from.</summary>
    public DateOnly StartDate { get; set; }

    /// <summary>The last day the baseline counts (city time): the system's own records count from the day after.</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>Volunteer hours served (服务时长), whole hours.</summary>
    public int HoursServed { get; set; }

    /// <summary>Residents' micro-wishes claimed (微心愿认领).</summary>
    public int WishesClaimed { get; set; }

    /// <summary>Disputes settled (矛盾调处) across the network, the mediation studios' included.</summary>
    public int DisputesSettled { get; set; }

    /// <summary>Volunteers registered (党员志愿者报到).</summary>
    public int VolunteersRegistered { get; set; }

    /// <summary>Red Stations built that are not entered in the system as stations (added to those open and planned).</summary>
    public int StationsBuilt { get; set; }

    /// <summary>Where the figures come from (a report, a ledger), optional.</summary>
    public string? Source { get; set; }

    public DateTime UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}

/// <summary>
/// One station's figures from before the system: the disputes its mediation studio (调解工作室) settled up to the
/// programme baseline's <see cref="ProgrammeBaseline.AsOf"/> (章芳孝调解工作室's 107). The station's cumulative disputes
/// settled are this plus the cases the system recorded as resolved after that day.
/// </summary>
public sealed class StationBaseline
{
    public int StationId { get; set; }

    public Station? Station { get; set; }

    public int DisputesSettled { get; set; }

    public DateTime UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
