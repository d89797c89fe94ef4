using System.Globalization;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCaseOrderer("RedStation.Tests.Infrastructure.ShuffledOrder", "RedStation.Tests")]
[assembly: TestCollectionOrderer("RedStation.Tests.Infrastructure.ShuffledOrder", "RedStation.Tests")]

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// xUnit's own order, unless <c>REDSTATION_TEST_SHUFFLE</c> is set: then the collections, and the tests within each class,
/// run in an order shuffled by that seed (a number; <c>random</c> picks one and prints it), to show a test that passes
/// only after, or only before, another. A failing order is replayed by running again with the printed seed.
/// </summary>
public sealed class ShuffledOrder(IMessageSink diagnosticMessageSink) : ITestCaseOrderer, ITestCollectionOrderer
{
    public const string Variable = "REDSTATION_TEST_SHUFFLE";

    private static readonly Lazy<int?> Seed = new(() =>
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var seed = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        // The runner shows standard error; the seed is what replays the order.
        Console.Error.WriteLine($"{Variable}={seed.ToString(CultureInfo.InvariantCulture)}: tests in shuffled order.");
        return seed;
    });

    private readonly DefaultTestCaseOrderer _cases = new(diagnosticMessageSink);
    private readonly DefaultTestCollectionOrderer _collections = new();

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
    {
        var ordered = _cases.OrderTestCases(testCases).ToList();
        return Seed.Value is { } seed ? Shuffle(ordered, seed ^ Key(ordered.Select(c => c.UniqueID))) : ordered;
    }

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var ordered = _collections.OrderTestCollections(testCollections).ToList();
        return Seed.Value is { } seed ? Shuffle(ordered, seed) : ordered;
    }

    /// <summary>A number stable across runs (FNV-1a over the tests' ids), so each class gets its own order from the one seed.</summary>
    private static int Key(IEnumerable<string> ids)
    {
        var hash = 2166136261;
        foreach (var c in ids.SelectMany(id => id))
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return unchecked((int)hash);
    }

    private static List<T> Shuffle<T>(List<T> items, int seed)
    {
        var random = new Random(seed);
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }
}
