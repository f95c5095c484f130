using System.Diagnostics;
using System.Globalization;
using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Bot.Sentiment;

/// <summary>
/// `train-sentiment` and `eval-sentiment`: train the local model on a shop's labelled messages and measure any
/// offline provider on a labelled TSV (header `text<TAB>label`, labels comma-separated).
/// </summary>
public static class SentimentCommands
{
    public static Task<int> TrainAsync(string[] args) => TrainAsync(args, Console.Out);

    public static Task<int> TrainAsync(string[] args, TextWriter output)
    {
        var opts = ParseOptions(args);
        var data = Required(opts, "data");
        var outPath = Required(opts, "out");
        var task = ParseTask(opts);
        var positive = PositiveLabels(opts, task);
        var rows = ReadTsv(data).Select(r => (r.Text, IsPositive(r.Labels, positive))).ToList();
        if (rows.Count == 0) throw new ArgumentException($"{data} has no rows");
        var epochs = opts.TryGetValue("epochs", out var e) ? int.Parse(e, CultureInfo.InvariantCulture) : 8;
        var sw = Stopwatch.StartNew();
        var model = LocalSentimentModel.Train(rows, task, positive, epochs);
        model.Save(outPath);
        output.WriteLine(FormattableString.Invariant(
            $"trained task={task.ToString().ToLowerInvariant()} rows={rows.Count} positives={rows.Count(r => r.Item2)} features={model.Weights.Count} seconds={sw.Elapsed.TotalSeconds:0.0} out={outPath}"));
        return Task.FromResult(0);
    }

    public static Task<int> EvalAsync(string[] args) => EvalAsync(args, Console.Out);

    public static async Task<int> EvalAsync(string[] args, TextWriter output)
    {
        var opts = ParseOptions(args);
        var data = Required(opts, "data");
        var task = ParseTask(opts);
        var positive = PositiveLabels(opts, task);
        var provider = opts.GetValueOrDefault("provider", "lexicon").ToLowerInvariant();
        var threshold = opts.TryGetValue("threshold", out var t) ? double.Parse(t, CultureInfo.InvariantCulture) : 0.5;
        // --corpus-blend W turns on the English corpus model's correction (Sentiment:Lexicon:EnglishCorpusBlend).
        var lexiconOptions = new LexiconOptions();
        if (opts.TryGetValue("corpus-blend", out var cb)) lexiconOptions.EnglishCorpusBlend = double.Parse(cb, CultureInfo.InvariantCulture);
        if (lexiconOptions.EnglishCorpusBlend > 0)
        {
            var model = EnglishAngerModel.Default;
            output.WriteLine(FormattableString.Invariant($"english corpus model: rows={model.TrainedOn} trained_ms={model.TrainingTime.TotalMilliseconds:0} blend={lexiconOptions.EnglishCorpusBlend}"));
        }
        ISentimentAnalyzer analyzer = provider switch
        {
            "lexicon" => new LexiconSentimentAnalyzer(options: lexiconOptions),
            "local" => new LocalModelAnalyzer(LocalSentimentModel.Load(Required(opts, "model"))),
            _ => throw new ArgumentException($"--provider must be lexicon or local (remote providers are not benchmarked offline), not '{provider}'"),
        };
        var rows = ReadTsv(data).ToList();
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
    internal static bool Decide(SentimentResult r, LocalModelTask task, double threshold)
        => task == LocalModelTask.Anger ? r.Anger >= threshold : r.Positive - r.Negative > 0;

    internal static LocalModelTask ParseTask(Dictionary<string, string> opts)
        => opts.GetValueOrDefault("task", "anger").ToLowerInvariant() switch
        {
            "anger" => LocalModelTask.Anger,
            "polarity" => LocalModelTask.Polarity,
            var other => throw new ArgumentException($"--task must be anger or polarity, not '{other}'"),
        };

    private static string[] PositiveLabels(Dictionary<string, string> opts, LocalModelTask task)
    {
        if (opts.TryGetValue("positive", out var p))
            return p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (task == LocalModelTask.Polarity) return ["pos"];
        throw new ArgumentException("--positive LABELS is required for --task anger");
    }

    internal static bool IsPositive(string[] labels, string[] positive)
        => labels.Any(l => positive.Contains(l, StringComparer.OrdinalIgnoreCase));

    /// <summary>Rows of a `text<TAB>label` file; the header names the columns, labels are comma-separated.</summary>
    internal static IEnumerable<(string Text, string[] Labels)> ReadTsv(string path)
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
            yield return (cols[textCol], cols[labelCol].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }

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
