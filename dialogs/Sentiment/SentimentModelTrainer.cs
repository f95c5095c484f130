using System.Globalization;

namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>A labelled message: its text and its comma-separated labels.</summary>
public readonly record struct LabelledText(string Text, string[] Labels);

/// <summary>
/// What one head learns from: the files, which labels make a row positive, and which make it negative (null: every
/// row that is not positive). A row with neither is skipped; so is a row of another language than the head's.
/// </summary>
public sealed record HeadRecipe(ModelLanguage Language, ModelTask Task, string[] Files, string[] Positive, string[]? Negative);

/// <summary>Hyper-parameters shared by every head (chosen by cross-validation on the training rows).</summary>
public sealed record SentimentTrainingOptions
{
    public int HashBits { get; init; } = 18;
    public int Epochs { get; init; } = 6;
    /// <summary>Step of the hashed weights for Chinese heads.</summary>
    public double LearningRate { get; init; } = 0.02;
    /// <summary>Step of the hashed weights for English heads: Reddit comments are short and noisy, so a smaller one generalises better (train CV).</summary>
    public double LearningRateEn { get; init; } = 0.005;
    public double PositiveWeight { get; init; } = 1;
    public double DenseLearningRate { get; init; } = 0.5;
    public double L2 { get; init; } = 1e-4;
    public int Folds { get; init; } = 5;
    public int Seed { get; init; } = 17;
    /// <summary>Naive-Bayes scaling of the hashed features (<see cref="LogisticTrainerOptions.NbSmoothing"/>): raised every
    /// head's cross-validated score on train (English anger F1 0.498 → 0.501, Chinese anger 0.773 → 0.780).</summary>
    public double NbSmoothing { get; init; } = 1;
    /// <summary>A head with fewer rows, or fewer than a tenth of this in either class, is not trained.</summary>
    public int MinimumRows { get; init; } = 100;
    /// <summary>
    /// Share of truly angry messages, among those flagged in cross-validation, at which an anger head's score reads 0.75
    /// (the escalation threshold): the F1-best threshold (score 0.5) favours recall, a hand-over wants precision.
    /// </summary>
    public double EscalationPrecision { get; init; } = 0.95;
}

/// <summary>
/// Trains <see cref="SentimentModel"/>: for each head, features once, then k-fold cross-validation on the training rows to
/// pick the decision threshold (F1 for anger, accuracy for polarity), then the final fit on all rows. Nothing of any
/// evaluation file is read. Deterministic: the same files and options give a byte-identical model.
/// </summary>
public static class SentimentModelTrainer
{
    /// <summary>GoEmotions' own grouping of its 27 emotions into positive and negative (ambiguous ones and neutral are left out).</summary>
    public static readonly string[] GoEmotionsPositive = ["admiration", "amusement", "approval", "caring", "desire", "excitement", "gratitude", "joy", "love", "optimism", "pride", "relief"];
    public static readonly string[] GoEmotionsNegative = ["anger", "annoyance", "disappointment", "disapproval", "disgust", "embarrassment", "fear", "grief", "nervousness", "remorse", "sadness"];

    /// <summary>The default model's recipe over the public train splits (paths relative to the datasets folder).</summary>
    public static IReadOnlyList<HeadRecipe> PublicRecipe(string datasets) =>
    [
        new(ModelLanguage.En, ModelTask.Anger, [Path.Combine(datasets, "goemotions_en", "train.tsv")], ["anger", "annoyance"], null),
        new(ModelLanguage.En, ModelTask.Polarity, [Path.Combine(datasets, "goemotions_en", "train.tsv")], GoEmotionsPositive, GoEmotionsNegative),
        new(ModelLanguage.Zh, ModelTask.Anger, [Path.Combine(datasets, "smp2020_ewect_zh", "usual_train.tsv")], ["angry"], null),
        new(ModelLanguage.Zh, ModelTask.Polarity,
            [Path.Combine(datasets, "online_shopping_10_cats_zh", "train.tsv"), Path.Combine(datasets, "waimai_10k_zh", "train.tsv"), Path.Combine(datasets, "chnsenticorp_htl_all_zh", "train.tsv")],
            ["pos"], ["neg"]),
    ];

    /// <summary>A shop's own labelled chats in one file: an anger head and a polarity head for each language present.</summary>
    public static IReadOnlyList<HeadRecipe> ShopRecipe(string file, string[] angry, string[] positive, string[] negative) =>
    [
        new(ModelLanguage.En, ModelTask.Anger, [file], angry, null),
        new(ModelLanguage.En, ModelTask.Polarity, [file], positive, negative),
        new(ModelLanguage.Zh, ModelTask.Anger, [file], angry, null),
        new(ModelLanguage.Zh, ModelTask.Polarity, [file], positive, negative),
    ];

    public static SentimentModel Train(IReadOnlyList<HeadRecipe> recipe, Func<string, IEnumerable<LabelledText>> read,
        SentimentTrainingOptions? options = null, TextWriter? log = null)
    {
        var o = options ?? new SentimentTrainingOptions();
        var lexicon = new LexiconSentimentAnalyzer();
        var cache = new Dictionary<string, List<LabelledText>>();
        var heads = new List<SentimentHead>();
        foreach (var head in recipe)
        {
            var rows = new List<(string Text, bool Positive)>();
            var rowFile = new List<int>();
            for (var fi = 0; fi < head.Files.Length; fi++)
            {
                var file = head.Files[fi];
                if (!cache.TryGetValue(file, out var texts)) cache[file] = texts = read(file).ToList();
                foreach (var t in texts)
                {
                    if (SentimentFeatures.LanguageOf(t.Text) != head.Language) continue;
                    var pos = t.Labels.Any(l => head.Positive.Contains(l, StringComparer.OrdinalIgnoreCase));
                    var neg = head.Negative == null ? !pos : t.Labels.Any(l => head.Negative.Contains(l, StringComparer.OrdinalIgnoreCase));
                    if (pos == neg) continue; // both groups, or neither: not a clear example
                    rows.Add((t.Text, pos));
                    rowFile.Add(fi);
                }
            }
            var name = $"{head.Language.ToString().ToLowerInvariant()}-{head.Task.ToString().ToLowerInvariant()}";
            var positives = rows.Count(r => r.Positive);
            if (rows.Count < o.MinimumRows || Math.Min(positives, rows.Count - positives) < o.MinimumRows / 10)
            {
                log?.WriteLine($"{name}: {rows.Count} rows ({positives} positive) — too few, not trained (the lexicon decides this part)");
                continue;
            }
            heads.Add(TrainHead(head, rows, rowFile, lexicon, o, log, name));
        }
        if (heads.Count == 0) throw new ArgumentException("no head had enough labelled rows to train");
        return new SentimentModel { HashBits = o.HashBits, Heads = heads };
    }

    /// <summary>Features of one message as the model sees them (the same call at inference).</summary>
    public static LogisticExample Example(LexiconSentimentAnalyzer lexicon, string text, int hashBits, bool positive, List<int> scratch, List<SentimentCue> cues)
    {
        cues.Clear();
        var score = lexicon.Score(text, cues);
        scratch.Clear();
        SentimentFeatures.Hashed(text, scratch);
        var mask = (1 << hashBits) - 1;
        for (var i = 0; i < scratch.Count; i++) scratch[i] &= mask;
        scratch.Sort();
        var distinct = new List<int>(scratch.Count);
        foreach (var h in scratch) if (distinct.Count == 0 || distinct[^1] != h) distinct.Add(h);
        return new LogisticExample(distinct.ToArray(), SentimentFeatures.Dense(score, cues), positive);
    }

    private static SentimentHead TrainHead(HeadRecipe head, List<(string Text, bool Positive)> rows, List<int> rowFile, LexiconSentimentAnalyzer lexicon,
        SentimentTrainingOptions o, TextWriter? log, string name)
    {
        var scratch = new List<int>();
        var cues = new List<SentimentCue>();
        var examples = rows.Select(r => Example(lexicon, r.Text, o.HashBits, r.Positive, scratch, cues)).ToArray();
        var trainer = new LogisticTrainerOptions(o.HashBits, SentimentFeatures.DenseCount, o.Epochs,
            head.Language == ModelLanguage.En ? o.LearningRateEn : o.LearningRate, o.L2, o.Seed, o.DenseLearningRate, o.PositiveWeight,
            o.NbSmoothing);

        // Out-of-fold logits: every row scored by a model that never saw it.
        var fold = new int[examples.Length];
        var shuffled = Enumerable.Range(0, examples.Length).ToArray();
        new Random(o.Seed).Shuffle(shuffled);
        for (var i = 0; i < shuffled.Length; i++) fold[shuffled[i]] = i % o.Folds;
        var oof = new double[examples.Length];
        for (var f = 0; f < o.Folds; f++)
        {
            var trainRows = Enumerable.Range(0, examples.Length).Where(i => fold[i] != f).ToArray();
            var w = LogisticTrainer.Train(examples, trainRows, trainer);
            for (var i = 0; i < examples.Length; i++) if (fold[i] == f) oof[i] = w.Logit(examples[i]);
        }
        var gold = examples.Select(e => e.Positive).ToArray();
        var (threshold, cvScore) = BestThreshold(oof, gold, head.Task);
        var confident = head.Task == ModelTask.Anger ? ConfidentThreshold(oof, gold, threshold, o.EscalationPrecision) : threshold + 1;
        var metric = head.Task == ModelTask.Anger ? "f1" : "accuracy";
        if (head.Files.Length > 1)
            for (var fi = 0; fi < head.Files.Length; fi++)
            {
                // The same out-of-fold scores and cut, per source file (a domain the pooled figure could hide).
                var mine = Enumerable.Range(0, examples.Length).Where(i => rowFile[i] == fi).ToArray();
                var score = Score(mine.Select(i => oof[i] > threshold).ToArray(), mine.Select(i => gold[i]).ToArray(), head.Task);
                log?.WriteLine(FormattableString.Invariant(
                    $"{name}: {Path.GetFileName(Path.GetDirectoryName(head.Files[fi]))}: rows={mine.Length} cv_{metric}={score:0.0000}"));
            }

        var final = LogisticTrainer.Train(examples, trainer);
        var positives = examples.Count(e => e.Positive);
        log?.WriteLine(FormattableString.Invariant(
            $"{name}: rows={examples.Length} positives={positives} cv_{metric}={cvScore:0.0000} threshold_logit={threshold:0.000} confident_logit={confident:0.000}"));
        var source = string.Join(" + ", head.Files.Select(f => Path.GetFileName(Path.GetDirectoryName(f)) + "/" + Path.GetFileName(f)).Distinct())
                     + $" [{string.Join(',', head.Positive)}{(head.Negative == null ? "" : " vs " + string.Join(',', head.Negative))}]";
        return new SentimentHead
        {
            Language = head.Language, Task = head.Task, Source = source, Rows = examples.Length, Positives = positives,
            Bias = (float)final.Bias, ThresholdLogit = (float)threshold, ConfidentLogit = (float)confident,
            Dense = final.Dense.Select(d => (float)d).ToArray(),
            Hashed = Array.ConvertAll(final.Hashed, x => (Half)x),
        };
    }

    /// <summary>The logit cut that maximises F1 (anger) or accuracy (polarity) over the out-of-fold scores.</summary>
    public static (double Threshold, double Score) BestThreshold(double[] logits, bool[] gold, ModelTask task)
    {
        var order = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i).ToArray();
        var totalPos = gold.Count(g => g);
        var n = logits.Length;
        // Predict positive for the first k rows in descending order; cut between row k-1 and k.
        double best = task == ModelTask.Anger ? 0 : (n - totalPos) / (double)n;
        var bestCut = logits.Length == 0 ? 0 : logits[order[0]] + 1;
        var tp = 0;
        for (var k = 1; k <= n; k++)
        {
            if (gold[order[k - 1]]) tp++;
            if (k < n && logits[order[k]] == logits[order[k - 1]]) continue;
            var fp = k - tp;
            var score = task == ModelTask.Anger
                ? 2.0 * tp / (k + totalPos)
                : (tp + (n - totalPos - fp)) / (double)n;
            if (score > best)
            {
                best = score;
                bestCut = k < n ? (logits[order[k - 1]] + logits[order[k]]) / 2 : logits[order[k - 1]] - 1;
            }
        }
        return (bestCut, best);
    }

    /// <summary>F1 (anger) or accuracy (polarity) of predictions against the gold labels.</summary>
    private static double Score(bool[] predicted, bool[] gold, ModelTask task)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < gold.Length; i++)
            if (predicted[i]) { if (gold[i]) tp++; else fp++; }
            else if (gold[i]) fn++; else tn++;
        return task == ModelTask.Anger ? (tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn)) : (tp + tn) / (double)Math.Max(gold.Length, 1);
    }

    /// <summary>
    /// The lowest logit cut (at least half a logit above <paramref name="threshold"/>) above which the out-of-fold
    /// precision is at least <paramref name="precision"/> with 20 or more rows flagged; else two logits above the
    /// threshold (noisy labels such as GoEmotions' never reach that precision: the score then keeps a fixed scale).
    /// </summary>
    public static double ConfidentThreshold(double[] logits, bool[] gold, double threshold, double precision)
    {
        var order = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i).ToArray();
        double? best = null;
        var tp = 0;
        for (var k = 1; k <= order.Length; k++)
        {
            if (gold[order[k - 1]]) tp++;
            var cut = k < order.Length ? (logits[order[k - 1]] + logits[order[k]]) / 2 : logits[order[k - 1]] - 1;
            if (cut < threshold + 0.5) break;
            if (k >= 20 && tp / (double)k >= precision) best = cut;
        }
        return best ?? threshold + 2;
    }

    /// <summary>Rows of a `text&lt;TAB&gt;label` file; the header names the columns, labels are comma-separated.</summary>
    public static IEnumerable<LabelledText> ReadTsv(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"{path} does not exist");
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split('\t') ?? throw new ArgumentException($"{path} is empty");
        var textCol = Array.FindIndex(header, h => h.Trim().Equals("text", StringComparison.OrdinalIgnoreCase));
        var labelCol = Array.FindIndex(header, h => h.Trim().Equals("label", StringComparison.OrdinalIgnoreCase));
        if (textCol < 0 || labelCol < 0) throw new ArgumentException($"{path} needs a header with text and label columns");
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            var cols = line.Split('\t');
            if (cols.Length <= Math.Max(textCol, labelCol)) continue;
            yield return new LabelledText(cols[textCol], cols[labelCol].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }

}
