namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>
/// The default analyzer: the learned <see cref="SentimentModel"/> decides anger and polarity, stacked on the lexicon,
/// whose cues are kept — threats, safety words and requests for a person are never missed, whatever the model says.
/// A language without a head falls back to the lexicon's figure for that part. Anger is σ(z − threshold), so 0.5 is
/// the cross-validated decision point and the escalation threshold (0.75) asks for a clear margin above it.
/// </summary>
public sealed class ModelSentimentAnalyzer : ISentimentAnalyzer
{
    public const string ProviderName = "model";
    private readonly SentimentModel _model;
    private readonly LexiconSentimentAnalyzer _lexicon;

    [ThreadStatic] private static List<int>? _scratch;

    public ModelSentimentAnalyzer(SentimentModel model, LexiconSentimentAnalyzer? lexicon = null)
    {
        _model = model;
        _lexicon = lexicon ?? new LexiconSentimentAnalyzer();
    }

    public string Name => ProviderName;

    public ValueTask<SentimentResult> AnalyzeAsync(string text, string? locale, CancellationToken ct = default)
        => ValueTask.FromResult(Analyze(text));

    public SentimentResult Analyze(string text)
    {
        var cues = new List<SentimentCue>();
        var score = _lexicon.Score(text ?? "", cues);
        var lex = LexiconSentimentAnalyzer.ToResult(score, cues, ProviderName);
        if (string.IsNullOrWhiteSpace(text)) return lex;
        var language = SentimentFeatures.LanguageOf(text);
        var angerHead = _model.Head(language, ModelTask.Anger);
        var polarityHead = _model.Head(language, ModelTask.Polarity);
        if (angerHead == null && polarityHead == null) return lex;

        var hashes = _scratch ??= new List<int>(256);
        hashes.Clear();
        SentimentFeatures.Hashed(text, hashes);
        var dense = SentimentFeatures.Dense(score, cues);
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hashes);
        // Training saw each bucket once per message; count a repeated one once here too.
        Dedupe(ref span, _model.HashBits);

        var anger = angerHead == null ? lex.Anger : Math.Round(LogisticTrainer.Sigmoid(angerHead.Logit(span, dense)), 4);
        double positive, neutral, negative;
        SentimentLabel label;
        if (polarityHead == null)
        {
            (positive, neutral, negative, label) = (lex.Positive, lex.Neutral, lex.Negative, lex.Label);
        }
        else
        {
            var p = LogisticTrainer.Sigmoid(polarityHead.Logit(span, dense));
            // A message with no sentiment word at all ("my order is 123") stays neutral unless the model is sure.
            var hasCue = score.Positive > 0 || score.Negative > 0;
            var margin = hasCue ? 0.15 : 0.35;
            label = lex.Label == SentimentLabel.Mixed && Math.Abs(p - 0.5) < 0.25 ? SentimentLabel.Mixed
                : p >= 0.5 + margin ? SentimentLabel.Positive
                : p <= 0.5 - margin ? SentimentLabel.Negative
                : SentimentLabel.Neutral;
            neutral = hasCue ? 0 : 0.5;
            positive = p * (1 - neutral);
            negative = (1 - p) * (1 - neutral);
        }
        // Anger the model is sure of is a negative message, whatever the words' polarity (sarcasm, "thanks for nothing").
        if (anger >= 0.5 && label is SentimentLabel.Positive or SentimentLabel.Neutral) label = SentimentLabel.Negative;
        return new SentimentResult(label, positive, neutral, negative, anger, cues, ProviderName);
    }

    private static void Dedupe(ref Span<int> hashes, int bits)
    {
        var mask = (1 << bits) - 1;
        for (var i = 0; i < hashes.Length; i++) hashes[i] &= mask;
        hashes.Sort();
        var n = 0;
        for (var i = 0; i < hashes.Length; i++)
            if (n == 0 || hashes[n - 1] != hashes[i]) hashes[n++] = hashes[i];
        hashes = hashes[..n];
    }
}
