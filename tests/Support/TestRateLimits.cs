using System.Runtime.CompilerServices;

namespace ComplaintBot.Tests.Support;

/// <summary>
/// Test hosts drive far more traffic from one address and into one conversation than a customer could, so every host
/// this assembly starts (in process or as a child process) gets generous rate limits through the environment, the
/// lowest-priority configuration source. Tests of the limits themselves set low ones in their own settings, which win.
/// </summary>
internal static class TestRateLimits
{
    public const int Generous = 1_000_000;

    [ModuleInitializer]
    internal static void RaiseForTestHosts()
    {
        foreach (var limit in new[] { "TokenMinting", "NewConversations", "MessagesPerConversation", "Uploads", "SignIn" })
            Environment.SetEnvironmentVariable($"RateLimits__{limit}__PermitLimit", Generous.ToString());
        Environment.SetEnvironmentVariable("RateLimits__SignInFailuresBeforeLockout", Generous.ToString());
    }
}
