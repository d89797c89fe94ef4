using RedStation.Dashboard.Security;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

public static class ManagementEndpoints
{
    public const string TemplateCsv = "manage/volunteers/import/template.csv";
    public const string TemplateXlsx = "manage/volunteers/import/template.xlsx";

    /// <summary>The import templates: plain downloads, for organisers and administrators only.</summary>
    public static IEndpointRouteBuilder MapManagementEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/" + TemplateCsv, () => Results.File(VolunteerImportService.CsvTemplate(), "text/csv; charset=utf-8", "volunteers-template.csv"))
            .RequireAuthorization(SecurityPolicies.ManageNetwork).ExcludeFromDescription();
        endpoints.MapGet("/" + TemplateXlsx, () => Results.File(VolunteerImportService.XlsxTemplate(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "volunteers-template.xlsx"))
            .RequireAuthorization(SecurityPolicies.ManageNetwork).ExcludeFromDescription();
        return endpoints;
    }
}
