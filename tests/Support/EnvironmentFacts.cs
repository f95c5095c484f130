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
            Skip = "SKIPPED: no PostgreSQL (set COMPLAINTBOT_TEST_POSTGRES to a connection string; .ci/run starts one).";
    }
}
