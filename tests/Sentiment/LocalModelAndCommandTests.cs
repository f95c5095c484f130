using System.Globalization;
using System.Text.RegularExpressions;
using ComplaintBot.Bot.Sentiment;
using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

public class LocalModelAndCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sentiment-tests").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Synthetic shop messages: a made-up "zorb" complaint vocabulary the lexicon doesn't know.</summary>
    private static List<(string Text, string Label)> Synthetic(int n, int seed)
    {
        var rng = new Random(seed);
        string[] items = ["parcel", "kettle", "phone case", "jacket", "雨伞", "耳机", "台灯"];
        string[] angry = ["zorbed again", "total zorb", "zorbing me", "再次被zorb", "又是zorb"];
        string[] calm = ["arrived fine", "works as shown", "收到了谢谢", "挺合适", "all good"];
        var rows = new List<(string, string)>();
        for (var i = 0; i < n; i++)
        {
            var isAngry = i % 3 == 0;
            var item = items[rng.Next(items.Length)];
            var phrase = isAngry ? angry[rng.Next(angry.Length)] : calm[rng.Next(calm.Length)];
            rows.Add(($"the {item} {phrase} order {rng.Next(1000)}", isAngry ? "angry,other" : "calm"));
        }
        return rows;
    }

    private string WriteTsv(string name, IEnumerable<(string Text, string Label)> rows)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, new[] { "text\tlabel" }.Concat(rows.Select(r => $"{r.Text}\t{r.Label}")));
        return path;
    }

    [Fact]
    public void Model_learns_new_vocabulary_and_survives_a_save_load_round_trip()
    {
        var rows = Synthetic(300, 1).Select(r => (r.Text, r.Label.StartsWith("angry"))).ToList();
        var model = LocalSentimentModel.Train(rows, LocalModelTask.Anger, ["angry"]);
        Assert.True(model.Predict("the jacket total zorb order 5") > 0.7);
        Assert.True(model.Predict("the jacket arrived fine order 5") < 0.3);

        var path = Path.Combine(_dir, "model.json");
        model.Save(path);
        var loaded = LocalSentimentModel.Load(path);
        Assert.Equal(LocalModelTask.Anger, loaded.Task);
        foreach (var text in new[] { "又是zorb 耳机", "the lamp works as shown", "好的" })
            Assert.Equal(model.Predict(text), loaded.Predict(text), 4);
    }

    [Fact]
    public async Task Local_analyzer_keeps_lexicon_cues_and_takes_anger_from_the_model()
    {
        var model = LocalSentimentModel.Train(Synthetic(300, 2).Select(r => (r.Text, r.Label.StartsWith("angry"))).ToList(), LocalModelTask.Anger, ["angry"]);
        var analyzer = new LocalModelAnalyzer(model);
        var r = await analyzer.AnalyzeAsync("the kettle zorbed again, I will call my lawyer", "en-US");
        Assert.Equal("local", r.Provider);
        Assert.True(r.Anger > 0.7);
        Assert.True(r.HasThreat);
    }

    [Fact]
    public async Task Eval_command_prints_the_summary_line_last()
    {
        var data = WriteTsv("eval.tsv", [("气死我了，骗子！", "angry"), ("谢谢，很满意", "happy"), ("I hate this, you idiots", "anger,annoyance"), ("where is my parcel", "neutral")]);
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var code = await SentimentCommands.EvalAsync(["--data", data, "--task", "anger", "--positive", "angry,anger"], output);

        Assert.Equal(0, code);
        var last = output.ToString().TrimEnd().Split('\n')[^1].TrimEnd('\r');
        Assert.Matches(new Regex(@"^precision=\d+\.\d+ recall=\d+\.\d+ f1=\d+\.\d+ accuracy=\d+\.\d+ n=4 msgs_per_sec=\d+(\.\d+)?$"), last);
        Assert.StartsWith("precision=1.0000 recall=1.0000 f1=1.0000 accuracy=1.0000 n=4", last);
    }

    [Fact]
    public async Task Eval_polarity_decides_every_row_by_the_sign_of_positive_minus_negative()
    {
        var data = WriteTsv("pol.tsv", [("质量很好，很满意", "pos"), ("太差了，退货", "neg"), ("收到了", "pos"), ("great value", "pos")]);
        var output = new StringWriter();
        await SentimentCommands.EvalAsync(["--data", data, "--task", "polarity"], output);
        var last = output.ToString().TrimEnd().Split('\n')[^1];
        // "收到了" carries no cue: a tie is decided as not positive, so it counts as a miss.
        Assert.StartsWith("precision=1.0000 recall=0.6667 f1=0.8000 accuracy=0.7500 n=4", last);
    }

    [Fact]
    public async Task Train_then_eval_with_the_local_provider_uses_the_model()
    {
        var train = WriteTsv("train.tsv", Synthetic(400, 3));
        var test = WriteTsv("test.tsv", Synthetic(60, 4));
        var model = Path.Combine(_dir, "m.json");
        var trainOut = new StringWriter();
        Assert.Equal(0, await SentimentCommands.TrainAsync(["--data", train, "--positive", "angry", "--out", model], trainOut));
        Assert.Contains("rows=400", trainOut.ToString());

        var lexOut = new StringWriter();
        await SentimentCommands.EvalAsync(["--data", test, "--task", "anger", "--positive", "angry"], lexOut);
        var localOut = new StringWriter();
        await SentimentCommands.EvalAsync(["--data", test, "--task", "anger", "--positive", "angry", "--provider", "local", "--model", model], localOut);

        Assert.Contains("provider=local", localOut.ToString());
        Assert.Matches(@"f1=1\.0000", localOut.ToString().TrimEnd().Split('\n')[^1]);
        Assert.Matches(@"f1=0\.0000", lexOut.ToString().TrimEnd().Split('\n')[^1]); // the lexicon can't know "zorb"
    }

    [Fact]
    public async Task Eval_command_rejects_missing_arguments()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SentimentCommands.EvalAsync(["--task", "anger"], new StringWriter()));
        var data = WriteTsv("x.tsv", [("a", "b")]);
        await Assert.ThrowsAsync<ArgumentException>(() => SentimentCommands.EvalAsync(["--data", data, "--task", "anger"], new StringWriter()));
    }
}
