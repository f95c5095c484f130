using System.Text.Json;
using System.Text.Json.Serialization;
using ComplaintBot.Dialogs.Sentiment.Lexicon;

namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>What a trained local model predicts: anger (escalation) or polarity (positive vs negative).</summary>
public enum LocalModelTask { Anger, Polarity }

/// <summary>
/// A small logistic regression a shop trains on its own labelled messages: hashed character 1–3-grams for
/// Chinese, word 1–2-grams for Latin text, stacked with the lexicon's raw scores as three dense features so
/// the model learns how far to trust the word lists. Trained with AdaGrad SGD; saved as JSON.
/// </summary>
public sealed class LocalSentimentModel
{
    private const int LexiconFeatures = 4;

    public int Version { get; init; } = 1;
    public LocalModelTask Task { get; init; }
    public int HashBits { get; init; } = 18;
    public string[] PositiveLabels { get; init; } = [];
    public int TrainedOn { get; init; }
    public double Bias { get; set; }
    /// <summary>Weights of the stacked lexicon features: positive, negative, anger, hits.</summary>
    public double[] LexiconWeights { get; set; } = new double[LexiconFeatures];
    /// <summary>Non-zero hashed feature weights (sparse, so the file stays small).</summary>
    public Dictionary<int, float> Weights { get; set; } = new();

    [JsonIgnore] private float[]? _dense;
    [JsonIgnore] private LexiconSentimentAnalyzer _lexicon = new();

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static LocalSentimentModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<LocalSentimentModel>(stream, Json)
               ?? throw new InvalidDataException($"{path} is not a sentiment model");
    }

    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, Json);
    }

    /// <summary>Probability that the text belongs to the positive class (angry, or positive polarity).</summary>
    public double Predict(string text)
    {
        var dense = Dense();
        var lex = LexiconFeaturesOf(text);
        var z = Bias;
        for (var k = 0; k < LexiconFeatures; k++) z += LexiconWeights[k] * lex[k];
        var mask = (1 << HashBits) - 1;
        foreach (var h in Features(text)) z += dense[h & mask];
        return Sigmoid(z);
    }

    private float[] Dense()
    {
        if (_dense != null) return _dense;
        var d = new float[1 << HashBits];
        foreach (var (k, v) in Weights) d[k] = v;
        return _dense = d;
    }

    public static LocalSentimentModel Train(
        IReadOnlyList<(string Text, bool Positive)> rows, LocalModelTask task, string[] positiveLabels,
        int epochs = 8, double learningRate = 0.2, double l2 = 1e-6, int hashBits = 18, int seed = 17)
    {
        var mask = (1 << hashBits) - 1;
        var lexicon = new LexiconSentimentAnalyzer();
        // Balance classes (up to 5×) so a rare label (anger ≈ 10 %) is not drowned.
        var weights = LogisticTrainer.Train(rows,
            r => new LogisticExample(Features(r.Text).Select(h => h & mask).Distinct().ToArray(), LexiconFeaturesOf(lexicon, r.Text), r.Positive),
            new LogisticTrainerOptions(hashBits, InitialDense: new double[LexiconFeatures], epochs, learningRate, l2, seed,
                MinPositiveWeight: 1, MaxPositiveWeight: 5));
        var sparse = new Dictionary<int, float>();
        for (var i = 0; i < weights.Hashed.Length; i++) if (Math.Abs(weights.Hashed[i]) > 1e-4) sparse[i] = (float)Math.Round(weights.Hashed[i], 5);
        return new LocalSentimentModel
        {
            Task = task, HashBits = hashBits, PositiveLabels = positiveLabels, TrainedOn = rows.Count,
            Bias = weights.Bias, LexiconWeights = weights.Dense, Weights = sparse,
        };
    }

    private double[] LexiconFeaturesOf(string text) => LexiconFeaturesOf(_lexicon, text);

    private static double[] LexiconFeaturesOf(LexiconSentimentAnalyzer lexicon, string text)
    {
        var s = lexicon.Score(text);
        // Squash so a long rant does not dominate the linear score.
        return [Math.Log(1 + s.Positive), Math.Log(1 + s.Negative), Math.Log(1 + s.Anger), s.Hits > 0 ? 1 : 0];
    }

    private static double Sigmoid(double z) => LogisticTrainer.Sigmoid(z);

    /// <summary>Hashed n-grams: CJK character 1–3-grams, Latin word 1–2-grams, punctuation marks.</summary>
    public static IEnumerable<int> Features(string text)
    {
        var s = SentimentLexicon.Normalize(text);
        char p1 = '\0', p2 = '\0';
        var run = 0;
        uint prevWord = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (SentimentLexicon.IsWordChar(c))
            {
                var start = i;
                while (i < s.Length && SentimentLexicon.IsWordChar(s[i])) i++;
                var word = Hash(s.AsSpan(start, i - start), 0x9E3779B9);
                yield return (int)(word & 0x7FFFFFFF);
                if (prevWord != 0) yield return (int)(Mix(prevWord, word) & 0x7FFFFFFF);
                prevWord = word;
                run = 0;
                continue;
            }
            if (c > 0x2E80)
            {
                run++;
                yield return (int)(Hash3(c, '\0', '\0', 0x85EBCA6B) & 0x7FFFFFFF);
                if (run >= 2) yield return (int)(Hash3(p1, c, '\0', 0xC2B2AE35) & 0x7FFFFFFF);
                if (run >= 3) yield return (int)(Hash3(p2, p1, c, 0x27D4EB2F) & 0x7FFFFFFF);
                p2 = p1; p1 = c;
            }
            else
            {
                if (c is '!' or '?') yield return (int)(Hash3(c, c, c, 0x165667B1) & 0x7FFFFFFF);
                if (!char.IsWhiteSpace(c)) run = 0;
                prevWord = 0;
            }
            i++;
        }
    }

    private static uint Hash3(char a, char b, char c, uint seed)
    {
        var h = 2166136261u ^ seed;
        h ^= a; h *= 16777619u; h ^= b; h *= 16777619u; h ^= c; h *= 16777619u;
        return h;
    }

    private static uint Hash(ReadOnlySpan<char> s, uint seed)
    {
        var h = 2166136261u ^ seed;
        foreach (var ch in s) { h ^= ch; h *= 16777619u; }
        return h == 0 ? 1 : h;
    }

    private static uint Mix(uint a, uint b) => (a * 31u + b) * 2654435761u;
}

/// <summary>
/// The lexicon's cues and threat/safety detection, with the trained model deciding anger (or polarity).
/// </summary>
public sealed class LocalModelAnalyzer : ISentimentAnalyzer
{
    public const string ProviderName = "local";
    private readonly LocalSentimentModel _model;
    private readonly LexiconSentimentAnalyzer _lexicon;

    public LocalModelAnalyzer(LocalSentimentModel model, LexiconSentimentAnalyzer? lexicon = null)
    {
        _model = model;
        _lexicon = lexicon ?? new LexiconSentimentAnalyzer();
    }

    public string Name => ProviderName;

    public ValueTask<SentimentResult> AnalyzeAsync(string text, string? locale, CancellationToken ct = default)
        => ValueTask.FromResult(Analyze(text));

    public SentimentResult Analyze(string text)
    {
        var lex = _lexicon.Analyze(text);
        var p = _model.Predict(text);
        if (_model.Task == LocalModelTask.Anger)
        {
            // The model hears anger the word lists missed; the label follows so the escalation policy can act on it.
            var angryLabel = p >= 0.5 && lex.Label is SentimentLabel.Neutral or SentimentLabel.Positive && lex.Positive <= lex.Negative
                ? SentimentLabel.Negative : lex.Label;
            return lex with { Label = angryLabel, Anger = Math.Round(p, 4), Provider = ProviderName };
        }
        var neutral = lex.Cues.Count == 0 ? 0.2 : 0.0;
        var label = p >= 0.5 ? SentimentLabel.Positive : SentimentLabel.Negative;
        return lex with
        {
            Label = label, Positive = p * (1 - neutral), Neutral = neutral, Negative = (1 - p) * (1 - neutral),
            Provider = ProviderName,
        };
    }
}
