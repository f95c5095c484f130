using Xunit.Abstractions;
using Xunit.Sdk;

namespace ComplaintBot.Tests.Support;

/// <summary>
/// Tests that need a real Chromium or PostgreSQL run whenever it is here. Outside CI a missing one skips the
/// test with a visible reason; under CI (CI=true) the test runs anyway and fails, so a broken CI image is noticed.
/// </summary>
public static class TestEnvironment
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool HasChromium => File.Exists(ChromiumPath);

    /// <summary>Connection string of a test database; .ci/run exports it after starting a local server.</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("COMPLAINTBOT_TEST_POSTGRES");

    public static bool HasPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public const string NoPostgresReason = "SKIPPED: no PostgreSQL (set COMPLAINTBOT_TEST_POSTGRES to a connection string; .ci/run starts one).";

    /// <summary>Why tests of <paramref name="testClass"/> cannot run here (from its class-level requirement), or null.</summary>
    public static string? SkipReasonFor(ITypeInfo testClass) =>
        testClass.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any() && !HasPostgres && !IsCi ? NoPostgresReason : null;
}

/// <summary>A fact that needs /usr/bin/chromium.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!TestEnvironment.HasChromium && !TestEnvironment.IsCi)
            Skip = $"SKIPPED: Chromium not found at {TestEnvironment.ChromiumPath} (apt-get install chromium); browser test not run.";
    }
}

/// <summary>A fact that needs a PostgreSQL server (COMPLAINTBOT_TEST_POSTGRES).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestEnvironment.HasPostgres && !TestEnvironment.IsCi)
            Skip = TestEnvironment.NoPostgresReason;
    }
}

/// <summary>
/// Class-level <see cref="PostgresFactAttribute"/> for subclasses of a shared contract suite: the suite's
/// <see cref="ContractFactAttribute"/> tests skip visibly in a class marked with this when PostgreSQL is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>A fact in an abstract contract suite; the concrete subclass's requirements (e.g. [RequiresPostgres]) decide skipping.</summary>
[XunitTestCaseDiscoverer("ComplaintBot.Tests.Support.ContractFactDiscoverer", "ComplaintBot.Tests")]
public sealed class ContractFactAttribute : FactAttribute;

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new ContractTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

public sealed class ContractTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ContractTestCase() { }

    public ContractTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod) { }

    // Recomputed from the concrete class, so nothing extra needs serializing.
    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestEnvironment.SkipReasonFor(TestMethod.TestClass.Class) ?? base.GetSkipReason(factAttribute);
}
