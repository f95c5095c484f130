namespace ComplaintBot.Dialogs.Complaints;

/// <summary>appsettings <c>FollowUp</c>: the proactive follow-up after a remedy is confirmed or an agent resolves a case.</summary>
public sealed class FollowUpOptions
{
    public const string Section = "FollowUp";

    /// <summary>The promise of DESIGN §1 step 6: a follow-up within 24 h. <see cref="Delay"/> may not exceed it.</summary>
    public static readonly TimeSpan Promise = TimeSpan.FromHours(24);

    public bool Enabled { get; set; } = true;
    /// <summary>Time from confirmation to the follow-up; moved out of quiet hours (outside <c>ServiceHours:Open</c>–<c>Close</c>).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromHours(4);
    /// <summary>How often the background service looks for due follow-ups.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>A claim older than this whose sending never finished (the instance stopped) is given up, not re-sent.</summary>
    public TimeSpan SendingTimeout { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Tries when the channel refuses the message; then the follow-up is marked failed.</summary>
    public int MaxAttempts { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(15);
    public int BatchSize { get; set; } = 50;
    /// <summary>
    /// When a follow-up is due, the conversation's other follow-ups due within this time go in the same message (up to
    /// this much early), so a customer with several cases gets one message. Zero: only those due at the same run.
    /// </summary>
    public TimeSpan CombineWindow { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long after the follow-up a customer message is read as the answer to it.</summary>
    public TimeSpan ReplyWindow { get; set; } = TimeSpan.FromDays(3);
    /// <summary>Answers meaning "the remedy has not happened / the problem remains" (checked first): the case is reopened for a person.</summary>
    public List<string> NotResolvedPhrases { get; set; } = new();
    /// <summary>Answers meaning "all fine, thank you": the case is closed with a polite goodbye.</summary>
    public List<string> ResolvedPhrases { get; set; } = new();

    /// <summary>Null when valid; else what is wrong (checked at start-up).</summary>
    public string? Validate() =>
        Delay <= TimeSpan.Zero || Delay > Promise ? $"FollowUp:Delay must be more than 0 and at most {Promise:c} (is {Delay:c})."
        : PollInterval <= TimeSpan.Zero ? "FollowUp:PollInterval must be positive."
        : SendingTimeout <= TimeSpan.Zero ? "FollowUp:SendingTimeout must be positive."
        : MaxAttempts < 1 ? "FollowUp:MaxAttempts must be at least 1."
        : BatchSize < 1 ? "FollowUp:BatchSize must be at least 1."
        : CombineWindow < TimeSpan.Zero || CombineWindow >= Delay ? $"FollowUp:CombineWindow (is {CombineWindow:c}) must be at least 0 and less than FollowUp:Delay (is {Delay:c})."
        : null;
}
