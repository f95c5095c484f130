namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>
/// Decides, after every customer message, whether a person must take over. The per-conversation
/// <see cref="MoodState"/> is kept in conversation state by the caller.
/// </summary>
public interface IEscalationPolicy
{
    EscalationDecision Evaluate(MoodState mood, SentimentResult latest, EscalationContext context);
}

/// <summary>Facts about the conversation the policy can't know from the sentiment alone.</summary>
/// <param name="Text">The customer's message, read for frustration signals (its text is not kept).</param>
/// <param name="RejectsRestatement">The message says the bot's restatement of the complaint is wrong.</param>
public sealed record EscalationContext(
    bool NotUnderstood = false,
    string? CustomerTier = null,
    string? Severity = null,
    bool ExplicitHumanRequest = false,
    string? Text = null,
    bool RejectsRestatement = false);

public sealed record EscalationDecision(bool Escalate, string? Trigger, string? Reason)
{
    public static readonly EscalationDecision None = new(false, null, null);
}

/// <summary>
/// Per-conversation mood: recent anger, the exponentially weighted trend, misunderstanding streak, the frustration
/// built up over the turns (and what it is made of), decisions.
/// </summary>
public sealed class MoodState
{
    public List<double> RecentAnger { get; set; } = new();
    public List<double> TrendHistory { get; set; } = new();
    public double Trend { get; set; }
    public int NotUnderstoodStreak { get; set; }
    /// <summary>Decayed sum of the frustration points of the messages so far.</summary>
    public double Frustration { get; set; }
    /// <summary>Frustration points of the last messages (0 for a message without any sign).</summary>
    public List<double> FrustrationPoints { get; set; } = new();
    /// <summary>The signals of the latest message that had any (kind: text), for the reason and the agent.</summary>
    public List<string> FrustrationSignals { get; set; } = new();
    /// <summary>Hashed shapes of the last messages, to notice the same message sent again without keeping its text.</summary>
    public List<int[]> RecentShapes { get; set; } = new();
    public int RestatementRejections { get; set; }
    public List<EscalationRecord> Decisions { get; set; } = new();
}

/// <summary>One evaluation of the policy; <paramref name="Escalated"/> is false for "stays with the bot" (Trigger "none").</summary>
public sealed record EscalationRecord(DateTimeOffset At, double Anger, double Trend, string Trigger, string Reason, bool Escalated = true);
