namespace ComplaintBot.Bench;

/// <summary>
/// What the bench changes in the bot it starts, printed with every run: simulated customers post far above a
/// person's pace, from one IP, so the <c>RateLimits</c> (docs/security.md) are raised out of the way.
/// </summary>
public static class BenchBotSettings
{
    public static readonly IReadOnlyList<string> ForLoad =
    [
        "--RateLimits:MessagesPerConversation:PermitLimit=1000000",
        "--RateLimits:TokenMinting:PermitLimit=1000000",
        "--RateLimits:NewConversations:PermitLimit=1000000",
    ];

    /// <summary>The Direct Line secret the bench starts conversations with (a throw-away bot on loopback).</summary>
    public const string DirectLineSecret = "bench-directline-secret-not-for-production";

    public static readonly IReadOnlyList<string> ForDirectLine = [.. ForLoad, $"--DirectLine:Secrets:0={DirectLineSecret}"];

    public static void Print(IReadOnlyList<string> settings)
        => Console.WriteLine("bot settings: " + string.Join(" ", settings.Where(s => !s.Contains("Secrets", StringComparison.Ordinal))));
}
