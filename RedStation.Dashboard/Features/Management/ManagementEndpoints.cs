using RedStation.Dashboard.Security;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Management;

public static class ManagementEndpoints
{
    public const string TemplateCsv = "manage/volunteers/import/template.csv";
    public const string TemplateXlsx = "manage/volunteers/import/template.xlsx";

    /// <summary>The network import's template of one sheet, as <c>csv</c> or <c>xlsx</c>.</summary>
    public static string NetworkTemplate(NetworkSheet sheet, string format) => $"manage/import/template/{sheet.ToString().ToLowerInvariant()}.{format}";

    /// <summary>The workbook template holding every network sheet and the volunteers, one worksheet each.</summary>
    public const string NetworkWorkbookTemplate = "manage/import/template/network.xlsx";

    /// <summary>The import templates: plain downloads, for organisers and administrators only.</summary>
    public static IEndpointRouteBuilder MapManagementEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/" + TemplateCsv, () => Results.File(VolunteerImportService.CsvTemplate(), "text/csv; charset=utf-8", "volunteers-template.csv"))
            .RequireAuthorization(SecurityPolicies.ManageNetwork).ExcludeFromDescription();
        endpoints.MapGet("/" + TemplateXlsx, () => Results.File(VolunteerImportService.XlsxTemplate(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "volunteers-template.xlsx"))
            .RequireAuthorization(SecurityPolicies.ManageNetwork).ExcludeFromDescription();
        endpoints.MapGet("/manage/import/template/{sheet}.csv", (string sheet) => Enum.TryParse<NetworkSheet>(sheet, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
                ? Results.File(NetworkImportService.CsvTemplate(kind), "text/csv; charset=utf-8", $"{sheet.ToLowerInvariant()}-template.csv")
                : Results.NotFound())
            .RequireAuthorization(SecurityPolicies.ManageNetwork).ExcludeFromDescription();
        endpoints.MapGet("/" + NetworkWorkbookTemplate, () => Results.File(NetworkImportService.WorkbookTemplate(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "network-template.xlsx"))
            .RequireAuthorization(SecurityPolicies.ManageNetwork).ExcludeFromDescription();
        endpoints.MapGet("/manage/import/template/{sheet}.xlsx", (string sheet) => Enum.TryParse<NetworkSheet>(sheet, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
                ? Results.File(NetworkImportService.XlsxTemplate(kind), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{sheet.ToLowerInvariant()}-template.xlsx")
                : Results.NotFound())
            .RequireAuthorization(SecurityPolicies.ManageNetwork).ExcludeFromDescription();
        return endpoints;
    }
}
