using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Dashboard.Security;

namespace RedStation.Tests.Security;

/// <summary>
/// Authorization is decided in one place: every page, endpoint and hub of the running app names a policy of
/// <see cref="SecurityPolicies"/>, never a list of roles, and no component asks a principal for its roles.
/// </summary>
public sealed partial class AuthorizationPolicyTests(SecurityFixture fixture) : IClassFixture<SecurityFixture>
{
    [Fact]
    public void EveryEndpointOfTheRunningApp_IsAuthorizedByANamedPolicy_NeverByRoles()
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var checkedEndpoints = 0;
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.DisplayName ?? "?";
            foreach (var data in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
            {
                Assert.True(string.IsNullOrEmpty(data.Roles), $"{name} is authorized by roles '{data.Roles}'.");
                Assert.True(data.Policy is null || SecurityPolicies.Names.Contains(data.Policy), $"{name}: unknown policy '{data.Policy}'.");
                checkedEndpoints++;
            }

            foreach (var policy in endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>())
            {
                Assert.DoesNotContain(policy.Requirements, r => r is RolesAuthorizationRequirement);
            }
        }

        // Pages, the API, the hub, the exports: many endpoints say who may use them.
        Assert.True(checkedEndpoints > 30, $"only {checkedEndpoints} authorize data found");
    }

    [Theory]
    [InlineData("/admin/people", SecurityPolicies.ManagePeople)]
    [InlineData("/admin/keys", SecurityPolicies.ManageKeys)]
    [InlineData("/admin/audit", SecurityPolicies.SeeAudit)]
    [InlineData("/admin/backups", SecurityPolicies.ManageBackups)]
    [InlineData("/admin/backups/download/{name}", SecurityPolicies.ManageBackups)]
    [InlineData("/admin/displays", SecurityPolicies.EditPlaylists)]
    [InlineData("/manage/stations", SecurityPolicies.ManageNetwork)]
    [InlineData("/manage/units", SecurityPolicies.ManageNetwork)]
    [InlineData("/manage/volunteers/import/template.csv", SecurityPolicies.ManageNetwork)]
    [InlineData("/manage/import/template/network.xlsx", SecurityPolicies.ManageNetwork)]
    [InlineData("/analytics", SecurityPolicies.SeeAnalytics)]
    [InlineData("/analytics/export/{section}.{format}", SecurityPolicies.SeeAnalytics)]
    [InlineData("/stations/{StationId:int}", SecurityPolicies.SeeAnalytics)]
    [InlineData("/desk", SecurityPolicies.RunDesk)]
    [InlineData("/display/district/{DistrictId:int}", SecurityPolicies.WatchWall)]
    [InlineData("/alerts", SecurityPolicies.SeeAlerts)]
    [InlineData("/hubs/live", SecurityPolicies.Read)]
    public void ThePageOrEndpoint_NamesItsPolicy(string route, string policy)
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => string.Equals("/" + e.RoutePattern.RawText?.TrimStart('/'), route, StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.Contains(policy, e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(d => d.Policy)));
    }

    [Fact]
    public void EveryRoutableComponent_NamesAPolicyOrNothing_NeverRoles()
    {
        var pages = typeof(SecurityPolicies).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && t.GetCustomAttributes<RouteAttribute>().Any())
            .ToList();

        Assert.True(pages.Count > 20, $"only {pages.Count} pages found");
        foreach (var page in pages)
        {
            foreach (var authorize in page.GetCustomAttributes<AuthorizeAttribute>())
            {
                Assert.True(authorize.Roles is null, $"{page.Name} is authorized by roles '{authorize.Roles}'.");
            }
        }
    }

    [Fact]
    public async Task EveryNamedPolicy_IsRegistered()
    {
        var provider = fixture.App.Services.GetRequiredService<IAuthorizationPolicyProvider>();

        foreach (var name in SecurityPolicies.Names)
        {
            Assert.NotNull(await provider.GetPolicyAsync(name));
        }
    }

    /// <summary>
    /// What reflection cannot see: a component or endpoint deciding by roles in code. Only <c>Security/</c> (where
    /// <see cref="StationAccess"/> and the policies live) may ask a principal for a role or list roles for authorization.
    /// </summary>
    [Fact]
    public void NoRoleCheck_RemainsOutsideSecurity()
    {
        var dashboard = Path.Combine(SolutionFolder(), "RedStation.Dashboard");
        var offenders = Directory.EnumerateFiles(dashboard, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !IsUnder(f, dashboard, "bin") && !IsUnder(f, dashboard, "obj") && !IsUnder(f, dashboard, "Security"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(dashboard, f), Line: i + 1, Text: line)))
            .Where(l => RoleCheck().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Role checks outside Security/:\n" + string.Join("\n", offenders));
    }

    [GeneratedRegex(@"IsInRole\s*\(|\bRoles\s*=[^=>]|RequireRole\s*\(")]
    private static partial Regex RoleCheck();

    private static bool IsUnder(string file, string root, string folder) =>
        Path.GetRelativePath(root, file).StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string SolutionFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RedStation.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("RedStation.sln not found above the test output.");
    }
}
