namespace RedStation.Data.Security;

/// <summary>The roles of people who sign in. Integration keys are not people and carry scopes instead.</summary>
public static class StaffRoles
{
    /// <summary>Everything.</summary>
    public const string Administrator = nameof(Administrator);

    /// <summary>Reads everything; will manage stations and volunteers.</summary>
    public const string Organiser = nameof(Organiser);

    /// <summary>Reads everything; writes only at the stations assigned to them.</summary>
    public const string DutyStaff = nameof(DutyStaff);

    /// <summary>A wall screen: read-only.</summary>
    public const string Display = nameof(Display);

    public static readonly IReadOnlyList<string> All = [Administrator, Organiser, DutyStaff, Display];
}
