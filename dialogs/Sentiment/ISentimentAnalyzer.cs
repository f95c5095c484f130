namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>Scores one customer message. Providers: embedded lexicon (default), local model, Azure AI Language, LLM.</summary>
public interface ISentimentAnalyzer
{
    string Name { get; }
    ValueTask<SentimentResult> AnalyzeAsync(string text, string? locale, CancellationToken ct = default);
}

public enum SentimentLabel { Positive, Neutral, Negative, Mixed }

/// <summary>What made the score; shown to agents so a decision can be explained.</summary>
public enum CueKind { Positive, Negative, Anger, Negation, Intensifier, Diminisher, Punctuation, Caps, Profanity, Threat, Safety, Complaint, HumanRequest, Target }

public sealed record SentimentCue(CueKind Kind, string Text, double Weight);

/// <param name="Positive">Probability-like scores that sum to 1.</param>
/// <param name="Anger">0 (calm) .. 1 (furious).</param>
public sealed record SentimentResult(
    SentimentLabel Label,
    double Positive,
    double Neutral,
    double Negative,
    double Anger,
    IReadOnlyList<SentimentCue> Cues,
    string Provider)
{
    public bool HasThreat => Cues.Any(c => c.Kind == CueKind.Threat);
    public bool HasSafetyIssue => Cues.Any(c => c.Kind == CueKind.Safety);
    public bool AsksForHuman => Cues.Any(c => c.Kind == CueKind.HumanRequest);

    public static SentimentResult NeutralFor(string provider)
        => new(SentimentLabel.Neutral, 0, 1, 0, 0, Array.Empty<SentimentCue>(), provider);
}
