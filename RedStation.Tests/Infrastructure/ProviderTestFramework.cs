using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("RedStation.Tests.Infrastructure.ProviderTestFramework", "RedStation.Tests")]

namespace RedStation.Tests.Infrastructure;

/// <summary>
/// xUnit as usual, except that the tests of a class named <c>…_PostgreSQL</c> are reported as skipped, with the reason,
/// when there is no PostgreSQL server to run them on (<see cref="PostgreSqlTestServer.UnavailableReason"/>).
/// xUnit 2 has no way for a test to skip itself, and these tests are inherited from the SQLite classes, so the
/// decision is taken at discovery. <c>.ci/run</c> fails when any of them was skipped.
/// </summary>
public sealed class ProviderTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    public const string PostgreSqlClassSuffix = "_PostgreSQL";

    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(
            ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (PostgreSqlTestServer.UnavailableReason is not { } reason
                || !testMethod.TestClass.Class.Name.EndsWith(PostgreSqlClassSuffix, StringComparison.Ordinal)
                || !testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            var skipped = new SkippedTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
            return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
        }
    }
}

/// <summary>A test reported as skipped for a reason known only at discovery.</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(
        IMessageSink diagnosticMessageSink, TestMethodDisplay methodDisplay, TestMethodDisplayOptions methodDisplayOptions, ITestMethod testMethod, string reason)
        : base(diagnosticMessageSink, methodDisplay, methodDisplayOptions, testMethod) => _reason = reason;

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("Reason", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("Reason");
        base.Deserialize(data);
    }
}
