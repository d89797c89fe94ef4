using RedStation.Data.Security;

namespace RedStation.Dashboard.Features.Management;

/// <summary>Who may manage stations, volunteers, teams and activity types: organisers and administrators.</summary>
public static class ManagementAccess
{
    public const string Roles = StaffRoles.Organiser + "," + StaffRoles.Administrator;

    /// <summary>The roles as the navigation menu lists them.</summary>
    public static readonly string[] RoleList = [StaffRoles.Organiser, StaffRoles.Administrator];
}
