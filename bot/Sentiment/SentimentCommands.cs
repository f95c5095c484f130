using System.Diagnostics;
using System.Globalization;
using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Bot.Sentiment;

/// <summary>
/// `train-sentiment` and `eval-sentiment`: train the learned model (on the public train splits, or on a shop's own
/// labelled chats) and measure an offline provider on a labelled TSV (header `text<TAB>label`, labels comma-separated).
/// </summary>
public static class SentimentCommands
{
    public static Task<int> TrainAsync(string[] args) => TrainAsync(args, Console.Out);

    /// <summary>
    /// `--datasets DIR`: the default model from the public train splits in DIR (the recipe in
    /// <see cref="SentimentModelTrainer.PublicRecipe"/>). `--data FILE`: a shop's own labelled chats, one file, both
    /// languages: rows labelled with any of `--angry` (default anger,angry,annoyance) train the anger heads, rows labelled
    /// `--pos`/`--neg` (default pos / neg) the polarity heads.
    /// </summary>
    public static Task<int> TrainAsync(string[] args, TextWriter output)
    {
        var opts = ParseOptions(args);
        var outPath = Required(opts, "out");
        IReadOnlyList<HeadRecipe> recipe;
        if (opts.TryGetValue("datasets", out var datasets))
        {
            if (!Directory.Exists(datasets)) throw new ArgumentException($"{datasets} is not a folder");
            recipe = SentimentModelTrainer.PublicRecipe(datasets);
            var used = recipe.SelectMany(h => h.Files).Select(Path.GetFullPath).ToHashSet();
            foreach (var file in Directory.GetFiles(datasets, "train*.tsv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (!used.Contains(Path.GetFullPath(file))) output.WriteLine($"not used (no head for it): {file}");
        }
        else
        {
            var data = Required(opts, "data");
            recipe = SentimentModelTrainer.ShopRecipe(data, Labels(opts, "angry", "anger,angry,annoyance"), Labels(opts, "pos", "pos"), Labels(opts, "neg", "neg"));
        }
        // --heads en-anger,zh-polarity trains only those heads (to try hyper-parameters on one head quickly).
        if (opts.TryGetValue("heads", out var only))
            recipe = recipe.Where(h => only.Split(',').Contains($"{h.Language}-{h.Task}", StringComparer.OrdinalIgnoreCase)).ToList();
        var defaults = new SentimentTrainingOptions();
        var training = defaults with
        {
            Epochs = (int)Number(opts, "epochs", defaults.Epochs),
            HashBits = (int)Number(opts, "hash-bits", defaults.HashBits),
            L2 = Number(opts, "l2", defaults.L2),
            LearningRate = Number(opts, "lr", defaults.LearningRate),
            LearningRateEn = Number(opts, "lr-en", defaults.LearningRateEn),
            PositiveWeight = Number(opts, "positive-weight", defaults.PositiveWeight),
            EscalationPrecision = Number(opts, "escalation-precision", defaults.EscalationPrecision),
            DenseLearningRate = Number(opts, "dense-lr", defaults.DenseLearningRate),
            Folds = (int)Number(opts, "folds", defaults.Folds),
            NbSmoothing = Number(opts, "nb", defaults.NbSmoothing),
            Seed = (int)Number(opts, "seed", defaults.Seed),
        };
        var sw = Stopwatch.StartNew();
        var model = SentimentModelTrainer.Train(recipe, ReadTsv, training, output);
        model.Save(outPath);
        output.WriteLine(FormattableString.Invariant(
            $"trained heads={model.Heads.Count} hash_bits={model.HashBits} epochs={training.Epochs} l2={training.L2} lr={training.LearningRate} seconds={sw.Elapsed.TotalSeconds:0.0} bytes={new FileInfo(outPath).Length} out={outPath}"));
        return Task.FromResult(0);
    }

    public static Task<int> EvalAsync(string[] args) => EvalAsync(args, Console.Out);

    /// <summary>
    /// Measures an offline provider (`model`, the default, with the embedded weights or `--model FILE`; or `lexicon`) on a
    /// labelled file. `--half even|odd` keeps the even or odd data rows only; `--negative LABELS` (polarity) keeps only rows
    /// in one of the two groups.
    /// </summary>
    public static async Task<int> EvalAsync(string[] args, TextWriter output)
    {
        var opts = ParseOptions(args);
        var data = Required(opts, "data");
        var task = ParseTask(opts);
        var positive = PositiveLabels(opts, task);
        var provider = opts.GetValueOrDefault("provider", ModelSentimentAnalyzer.ProviderName).ToLowerInvariant();
        var threshold = opts.TryGetValue("threshold", out var t) ? double.Parse(t, CultureInfo.InvariantCulture) : 0.5;
        ISentimentAnalyzer analyzer = provider switch
        {
            LexiconSentimentAnalyzer.ProviderName => new LexiconSentimentAnalyzer(),
            ModelSentimentAnalyzer.ProviderName or "local" => new ModelSentimentAnalyzer(
                opts.TryGetValue("model", out var m) ? SentimentModel.Load(m) : SentimentModel.Default),
            _ => throw new ArgumentException($"--provider must be model or lexicon (remote providers are not benchmarked offline), not '{provider}'"),
        };
        var negative = opts.TryGetValue("negative", out var neg) ? neg.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        var half = opts.GetValueOrDefault("half", "all").ToLowerInvariant();
        if (half is not ("all" or "even" or "odd")) throw new ArgumentException($"--half must be even or odd, not '{half}'");
        var rows = ReadTsv(data)
            .Where((_, i) => half == "all" || (i % 2 == 0) == (half == "even"))
            .Where(r => negative == null || IsPositive(r.Labels, positive) != IsPositive(r.Labels, negative))
            .ToList();
        if (rows.Count == 0) throw new ArgumentException($"{data} has no rows");
        var predictions = new bool[rows.Count];
        var showErrors = opts.TryGetValue("show-errors", out var se) ? int.Parse(se, CultureInfo.InvariantCulture) : 0;
        // Warm up (lexicon compilation, JIT tiers) so the figure is steady-state throughput.
        for (var i = 0; i < Math.Min(rows.Count, 3000); i++) await analyzer.AnalyzeAsync(rows[i].Text, null);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = await analyzer.AnalyzeAsync(rows[i].Text, null);
            predictions[i] = Decide(r, task, threshold);
        }
        sw.Stop();
        int tp = 0, fp = 0, fn = 0, tn = 0, shownFp = 0, shownFn = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var gold = IsPositive(rows[i].Labels, positive);
            // Diagnostic sample of misses, to see which general rule is missing (never to copy phrases from).
            if (predictions[i] != gold && (predictions[i] ? shownFp++ : shownFn++) < showErrors)
            {
                var r = await analyzer.AnalyzeAsync(rows[i].Text, null);
                output.WriteLine(FormattableString.Invariant($"{(predictions[i] ? "FP" : "FN")} anger={r.Anger:0.00} [{string.Join(' ', r.Cues.Select(c => c.Text))}] {rows[i].Text}"));
            }
            if (predictions[i] && gold) tp++;
            else if (predictions[i]) fp++;
            else if (gold) fn++;
            else tn++;
        }
        var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var accuracy = (tp + tn) / (double)rows.Count;
        var perSec = rows.Count / Math.Max(sw.Elapsed.TotalSeconds, 1e-9);
        output.WriteLine($"provider={analyzer.Name} task={task.ToString().ToLowerInvariant()} positive={string.Join(',', positive)} data={data}");
        output.WriteLine(FormattableString.Invariant($"tp={tp} fp={fp} fn={fn} tn={tn}"));
        output.WriteLine(FormattableString.Invariant(
            $"precision={precision:0.0000} recall={recall:0.0000} f1={f1:0.0000} accuracy={accuracy:0.0000} n={rows.Count} msgs_per_sec={perSec:0}"));
        return 0;
    }

    /// <summary>
    /// Anger: the analyzer's anger reaches the threshold. Polarity: every row is decided, so a neutral result
    /// still falls on one side by the sign of positive − negative; an exact tie counts as not positive, as a
    /// complaint channel treats a message without any positive cue.
    /// </summary>
    internal static bool Decide(SentimentResult r, ModelTask task, double threshold)
        => task == ModelTask.Anger ? r.Anger >= threshold : r.Positive - r.Negative > 0;

    internal static ModelTask ParseTask(Dictionary<string, string> opts)
        => opts.GetValueOrDefault("task", "anger").ToLowerInvariant() switch
        {
            "anger" => ModelTask.Anger,
            "polarity" => ModelTask.Polarity,
            var other => throw new ArgumentException($"--task must be anger or polarity, not '{other}'"),
        };

    private static string[] PositiveLabels(Dictionary<string, string> opts, ModelTask task)
    {
        if (opts.TryGetValue("positive", out var p))
            return p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (task == ModelTask.Polarity) return ["pos"];
        throw new ArgumentException("--positive LABELS is required for --task anger");
    }

    internal static bool IsPositive(string[] labels, string[] positive)
        => labels.Any(l => positive.Contains(l, StringComparer.OrdinalIgnoreCase));

    private static IEnumerable<LabelledText> ReadTsv(string path) => SentimentModelTrainer.ReadTsv(path);

    private static string[] Labels(Dictionary<string, string> opts, string name, string fallback)
        => opts.GetValueOrDefault(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static double Number(Dictionary<string, string> opts, string name, double fallback)
        => opts.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    internal static Dictionary<string, string> ParseOptions(string[] args)
    {
        var opts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
            if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
            opts[args[i][2..]] = args[++i];
        }
        return opts;
    }

    private static string Required(Dictionary<string, string> opts, string name)
        => opts.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
}
