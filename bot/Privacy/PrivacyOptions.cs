namespace ComplaintBot.Bot.Privacy;

/// <summary>The <c>Privacy</c> section: how long transcripts and closed cases are kept (zero: kept until erased).</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Transcript entries older than this are deleted (Direct Line uploads have their own DirectLine:AttachmentRetention).</summary>
    public TimeSpan TranscriptRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Closed cases not changed for this long are deleted (their follow-ups with them).</summary>
    public TimeSpan ClosedCaseRetention { get; set; } = TimeSpan.FromDays(730);

    /// <summary>How often the background job applies the two retentions.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
