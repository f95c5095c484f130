using System.Diagnostics;

namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>
/// A small logistic regression over hashed word 1–2-grams that learns, from the English corpus embedded in this
/// assembly (Sentiment/Corpus/en-anger.tsv: sentences written for this project, labelled anger or other), where
/// the word lists over-fire on English chat: casual swearing, banter, sadness, quoting someone else's anger.
/// Its input is the lexicon's own anger as log-odds (with a learned scale) plus the n-grams, so the n-gram
/// weights and the bias are a correction on top of the lexicon. Trained at first use, deterministically (fixed
/// seed), so no model file is committed and the model always matches the current word lists.
/// </summary>
public sealed class EnglishAngerModel
{
    private const int HashBits = 18;
    private const int Mask = (1 << HashBits) - 1;
    private const int MaxFeatures = 512;
    /// <summary>Lexicon anger is clamped to [floor, 1 − floor] before taking its log-odds.</summary>
    private const double AngerFloor = 0.05;
    private const string CorpusResource = "ComplaintBot.Dialogs.Sentiment.Corpus.en-anger.tsv";

    private static readonly Lazy<EnglishAngerModel> DefaultModel = new(TrainFromEmbeddedCorpus);

    private readonly float[] _weights;
    private readonly double _lexiconScale;
    private readonly double _bias;

    private EnglishAngerModel(float[] weights, double lexiconScale, double bias, int trainedOn, TimeSpan trainingTime)
    {
        _weights = weights;
        _lexiconScale = lexiconScale;
        _bias = bias;
        TrainedOn = trainedOn;
        TrainingTime = trainingTime;
    }

    /// <summary>The model trained on the embedded corpus with the default word lists (built once, on first use).</summary>
    public static EnglishAngerModel Default => DefaultModel.Value;

    /// <summary>Corpus rows the model was trained on.</summary>
    public int TrainedOn { get; }
    /// <summary>Wall time of feature extraction and training.</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>
    /// Lowers the lexicon's anger for text without CJK characters when the corpus model finds the message less
    /// angry than the word lists do: anger' = min(anger, σ(logit(anger) + weight · min(0, correction))). It never
    /// raises anger, so it cannot make a message escalate that the lexicon alone would not; Chinese text and
    /// anger 0 are returned untouched, and so is the label.
    /// </summary>
    public static SentimentResult Blend(SentimentResult lexicon, string text, double weight)
    {
        if (weight <= 0 || lexicon.Anger <= 0 || HasCjk(text)) return lexicon;
        var correction = Default.Correction(text);
        if (correction >= 0) return lexicon;
        var anger = Math.Min(lexicon.Anger, Sigmoid(LogOdds(lexicon.Anger) + weight * correction));
        return lexicon with { Anger = Math.Round(anger, 4) };
    }

    /// <summary>
    /// What the corpus taught beyond the word lists: the model's log-odds without its lexicon term (bias plus
    /// n-gram weights). Negative means "less angry than the lexicon says".
    /// </summary>
    public double Correction(string text)
    {
        Span<int> feats = stackalloc int[MaxFeatures];
        var n = Features(text, feats);
        var z = _bias;
        for (var i = 0; i < n; i++) z += _weights[feats[i]];
        return z;
    }

    /// <summary>The model's own probability that the message is angry or annoyed, given the lexicon's anger for it.</summary>
    public double Predict(string text, double lexiconAnger)
        => Sigmoid(_lexiconScale * LogOdds(lexiconAnger) + Correction(text));

    /// <summary>Rows of `text<TAB>label` (label anger or other) after a header line.</summary>
    public static IReadOnlyList<(string Text, bool Angry)> ReadCorpus(TextReader reader)
    {
        var rows = new List<(string, bool)>();
        reader.ReadLine();
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            var tab = line.LastIndexOf('\t');
            if (tab <= 0) continue;
            rows.Add((line[..tab], line[(tab + 1)..].Trim().Equals("anger", StringComparison.OrdinalIgnoreCase)));
        }
        return rows;
    }

    /// <summary>
    /// AdaGrad logistic regression. <paramref name="lexiconAnger"/> must be the word lists' anger without any
    /// corpus blend (the default model is what a blend would call).
    /// </summary>
    public static EnglishAngerModel Train(IReadOnlyList<(string Text, bool Angry)> rows, Func<string, double> lexiconAnger,
        int epochs = 6, double learningRate = 0.15, double l2 = 1e-2, int seed = 23)
    {
        var sw = Stopwatch.StartNew();
        var buffer = new int[MaxFeatures];
        // One dense input, the lexicon's log-odds, starting at scale 1 (the lexicon's own odds); the rarer side is
        // weighted so neither class is drowned.
        var weights = LogisticTrainer.Train(rows, row =>
            {
                var n = Features(row.Text, buffer);
                return new LogisticExample(buffer.AsSpan(0, n).ToArray(), [LogOdds(lexiconAnger(row.Text))], row.Angry);
            },
            new LogisticTrainerOptions(HashBits, InitialDense: [1.0], epochs, learningRate, l2, seed,
                MinPositiveWeight: 0.5, MaxPositiveWeight: 3));
        return new EnglishAngerModel(weights.Hashed, weights.Dense[0], weights.Bias, rows.Count, sw.Elapsed);
    }

    /// <summary>The corpus embedded in this assembly (header line first).</summary>
    public static IReadOnlyList<(string Text, bool Angry)> EmbeddedCorpus()
    {
        using var stream = typeof(EnglishAngerModel).Assembly.GetManifestResourceStream(CorpusResource)
                           ?? throw new InvalidOperationException($"embedded resource {CorpusResource} is missing");
        using var reader = new StreamReader(stream);
        return ReadCorpus(reader);
    }

    private static EnglishAngerModel TrainFromEmbeddedCorpus()
    {
        var lexicon = new LexiconSentimentAnalyzer(options: new LexiconOptions { EnglishCorpusBlend = 0 });
        return Train(EmbeddedCorpus(), t => lexicon.Analyze(t).Anger);
    }

    private static double LogOdds(double p)
    {
        var a = Math.Clamp(p, AngerFloor, 1 - AngerFloor);
        return Math.Log(a / (1 - a));
    }

    private static bool HasCjk(string text)
    {
        foreach (var c in text) if (c > 0x2E80 && !char.IsSurrogate(c)) return true;
        return false;
    }

    /// <summary>
    /// Hashed word unigrams and bigrams (lower-cased, apostrophes dropped, a letter repeated more than twice
    /// folded: "sooooo" = "soo"; a sentence break ends the bigram chain), plus one feature each for ! and ? and
    /// one for a mostly-capitals message. Writes bucket indexes into <paramref name="into"/> and returns how many.
    /// </summary>
    public static int Features(string text, Span<int> into)
    {
        var n = 0;
        uint word = 0, prev = 0;
        var inWord = false;
        var last = '\0';
        var repeat = 0;
        int upper = 0, letters = 0;
        bool bang = false, question = false;
        for (var i = 0; i <= text.Length && n < into.Length - 4; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (c is '\'' or '’') continue;
            if (char.IsLetterOrDigit(c))
            {
                if (char.IsUpper(c)) upper++;
                if (char.IsLetter(c)) letters++;
                var lc = char.ToLowerInvariant(c);
                repeat = lc == last ? repeat + 1 : 0;
                last = lc;
                if (repeat >= 2) continue;
                if (!inWord) { word = 2166136261u; inWord = true; }
                word = (word ^ lc) * 16777619u;
                continue;
            }
            last = '\0';
            repeat = 0;
            if (c == '!') bang = true;
            else if (c == '?') question = true;
            if (inWord)
            {
                into[n++] = (int)(word & Mask);
                if (prev != 0) into[n++] = (int)(((prev * 31u + word) * 2654435761u >> 7) & Mask);
                prev = word;
                inWord = false;
            }
            if (c is '.' or ',' or '!' or '?' or ';' or ':' or '\n') prev = 0;
        }
        if (bang) into[n++] = 0x1F001 & Mask;
        if (question) into[n++] = 0x2E002 & Mask;
        if (letters >= 8 && upper * 10 >= letters * 7) into[n++] = 0x3D003 & Mask;
        return n;
    }

    private static double Sigmoid(double z) => LogisticTrainer.Sigmoid(z);
}
