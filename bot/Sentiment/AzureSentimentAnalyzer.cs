using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Bot.Sentiment;

/// <summary>
/// Azure AI Language as an <see cref="ISentimentAnalyzer"/>. The service has no anger score, so anger combines its
/// negative confidence with the lexicon's anger cues; threats, safety words and requests for a person still come
/// from the lexicon, and opinion-mining assessments ("delivery: slow") are added as cues.
/// </summary>
public sealed class AzureSentimentAnalyzer(AzureLanguageClient client, LexiconSentimentAnalyzer lexicon) : ISentimentAnalyzer
{
    public const string ProviderName = "azure";
    public string Name => ProviderName;

    public async ValueTask<SentimentResult> AnalyzeAsync(string text, string? locale, CancellationToken ct = default)
    {
        var docs = await client.AnalyzeAsync([new AzureDocument(text, AzureLanguageClient.LanguageFor(locale, text))], ct);
        var doc = docs[0] ?? throw new InvalidDataException("Azure AI Language reported an error for the document");
        return Combine(doc, lexicon.Analyze(text));
    }

    internal static SentimentResult Combine(AzureDocumentSentiment doc, SentimentResult lex)
    {
        var s = doc.ConfidenceScores;
        if (s is null || !InRange(s.Positive) || !InRange(s.Neutral) || !InRange(s.Negative))
            throw new InvalidDataException("Azure AI Language returned scores outside 0..1");
        var label = doc.Sentiment?.ToLowerInvariant() switch
        {
            "positive" => SentimentLabel.Positive,
            "negative" => SentimentLabel.Negative,
            "mixed" => SentimentLabel.Mixed,
            "neutral" => SentimentLabel.Neutral,
            var other => throw new InvalidDataException($"Azure AI Language returned sentiment '{other}'"),
        };
        var sum = s.Positive + s.Neutral + s.Negative;
        var (pos, neu, neg) = sum > 0 ? (s.Positive / sum, s.Neutral / sum, s.Negative / sum) : (0, 1, 0);
        // Negativity alone tops out at half anger; the lexicon's anger cues (insults, threats, shouting) take it further.
        var anger = 1 - (1 - lex.Anger) * (1 - 0.5 * neg);
        var cues = lex.Cues.ToList();
        foreach (var sentence in doc.Sentences ?? [])
        foreach (var target in sentence.Targets ?? [])
        {
            var kind = target.Sentiment == "positive" ? CueKind.Positive : target.Sentiment == "negative" ? CueKind.Negative : (CueKind?)null;
            if (kind is null) continue;
            var assessments = (target.Relations ?? []).Where(r => r.RelationType == "assessment")
                .Select(r => Resolve(doc, r.Ref)).Where(a => a != null).Select(a => (a!.IsNegated ? "not " : "") + a.Text);
            cues.Add(new SentimentCue(kind.Value, $"{target.Text}: {string.Join(", ", assessments)}".TrimEnd(' ', ':', ','), kind == CueKind.Positive ? pos : neg));
        }
        return new SentimentResult(label, pos, neu, neg, Math.Round(Math.Clamp(anger, 0, 1), 4), cues, ProviderName);
    }

    /// <summary>Follows a "#/documents/0/sentences/1/assessments/0" reference inside the same document.</summary>
    private static AzureAssessment? Resolve(AzureDocumentSentiment doc, string reference)
    {
        var parts = reference.Split('/');
        var si = Array.IndexOf(parts, "sentences");
        var ai = Array.IndexOf(parts, "assessments");
        if (si < 0 || ai < 0 || !int.TryParse(parts[si + 1], out var s) || !int.TryParse(parts[ai + 1], out var a)) return null;
        var sentences = doc.Sentences ?? [];
        if (s >= sentences.Count) return null;
        var assessments = sentences[s].Assessments ?? [];
        return a < assessments.Count ? assessments[a] : null;
    }

    private static bool InRange(double v) => v is >= 0 and <= 1;
}
