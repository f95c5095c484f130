namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>
/// Decides, after every customer message, whether a person must take over. The per-conversation
/// <see cref="MoodState"/> is kept in conversation state by the caller.
/// </summary>
public interface IEscalationPolicy
{
    EscalationDecision Evaluate(MoodState mood, SentimentResult latest, EscalationContext context);
}

/// <summary>Facts about the conversation the policy can't know from the text alone.</summary>
public sealed record EscalationContext(
    bool NotUnderstood = false,
    string? CustomerTier = null,
    string? Severity = null,
    bool ExplicitHumanRequest = false);

public sealed record EscalationDecision(bool Escalate, string? Trigger, string? Reason)
{
    public static readonly EscalationDecision None = new(false, null, null);
}

/// <summary>Per-conversation anger history: recent scores, the exponentially weighted trend, misunderstanding streak, decisions.</summary>
public sealed class MoodState
{
    public List<double> RecentAnger { get; set; } = new();
    public List<double> TrendHistory { get; set; } = new();
    public double Trend { get; set; }
    public int NotUnderstoodStreak { get; set; }
    public List<EscalationRecord> Decisions { get; set; } = new();
}

/// <summary>One evaluation of the policy; <paramref name="Escalated"/> is false for "stays with the bot" (Trigger "none").</summary>
public sealed record EscalationRecord(DateTimeOffset At, double Anger, double Trend, string Trigger, string Reason, bool Escalated = true);
