using RedStation.Tests.Domain;
using RedStation.Tests.Domain.Management;
using Xunit.Abstractions;

namespace RedStation.Tests.Web;

/// <summary>The hostile-input corpus is as large as promised: its three tables together hold at least 400 cases.</summary>
public sealed class HostileCorpusSizeTests(ITestOutputHelper output)
{
    public const int MinimumCases = 400;

    [Fact]
    public void TheCorpus_HoldsAtLeast400Cases_OverTheApiTheDomainServicesAndTheImport()
    {
        var (api, domain, import) = (ApiCorpus.Cases.Count, DomainCorpus.Cases.Count, ImportCorpus.Cases.Count);
        output.WriteLine($"Hostile-input corpus: {api} API cases, {domain} domain-service cases, {import} import cases; {api + domain + import} in all.");

        Assert.True(api + domain + import >= MinimumCases, $"{api + domain + import} cases");
        // Each part covers its own fields: none may shrink to a token few.
        Assert.All(new[] { api, domain, import }, count => Assert.True(count >= 50, $"{count} cases"));
    }
}
