using System.Globalization;
using System.Text.RegularExpressions;
using ComplaintBot.Bot.Sentiment;
using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>The learned model: training from labelled files, the binary format, the analyzer over it, the commands.</summary>
public class SentimentModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sentiment-tests").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Synthetic shop chats: a made-up "zorb" complaint vocabulary the lexicon doesn't know, both languages.</summary>
    private static List<(string Text, string Label)> Synthetic(int n, int seed)
    {
        var rng = new Random(seed);
        string[] items = ["parcel", "kettle", "phone case", "jacket"];
        string[] itemsZh = ["雨伞", "耳机", "台灯", "水杯"];
        string[] angry = ["zorbed again", "total zorb", "zorbing me"];
        string[] angryZh = ["再次被嗖嗖", "又是嗖嗖", "嗖嗖透了"];
        string[] calm = ["arrived fine", "works as shown", "all good"];
        string[] calmZh = ["收到了", "挺合适", "用着可以"];
        var rows = new List<(string, string)>();
        for (var i = 0; i < n; i++)
        {
            var isAngry = i % 3 == 0;
            var zh = i % 2 == 0;
            var label = isAngry ? "angry,neg" : i % 3 == 1 ? "pos" : "neutral";
            rows.Add(zh
                ? ($"{itemsZh[rng.Next(4)]}{(isAngry ? angryZh[rng.Next(3)] : calmZh[rng.Next(3)])}，订单{rng.Next(1000)}", label)
                : ($"the {items[rng.Next(4)]} {(isAngry ? angry[rng.Next(3)] : calm[rng.Next(3)])} order {rng.Next(1000)}", label));
        }
        return rows;
    }

    private string WriteTsv(string name, IEnumerable<(string Text, string Label)> rows)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, new[] { "text\tlabel" }.Concat(rows.Select(r => $"{r.Text}\t{r.Label}")));
        return path;
    }

    private SentimentModel TrainShopModel(int seed)
    {
        var file = WriteTsv($"train{seed}.tsv", Synthetic(600, seed));
        var recipe = SentimentModelTrainer.ShopRecipe(file, ["angry"], ["pos"], ["neg"]);
        return SentimentModelTrainer.Train(recipe, SentimentModelTrainer.ReadTsv, new SentimentTrainingOptions { HashBits = 12, Folds = 3 });
    }

    [Fact]
    public void A_model_trained_on_shop_chats_learns_their_vocabulary_in_both_languages_and_survives_a_round_trip()
    {
        var model = TrainShopModel(1);
        Assert.Equal(4, model.Heads.Count);
        var analyzer = new ModelSentimentAnalyzer(model);
        Assert.True(analyzer.Analyze("the jacket total zorb order 5").Anger > 0.7);
        Assert.True(analyzer.Analyze("the jacket arrived fine order 5").Anger < 0.3);
        Assert.True(analyzer.Analyze("台灯又是嗖嗖，订单5").Anger > 0.7);
        Assert.True(analyzer.Analyze("台灯挺合适，订单5").Anger < 0.3);

        var path = Path.Combine(_dir, "model.cbsm");
        model.Save(path);
        var loaded = new ModelSentimentAnalyzer(SentimentModel.Load(path));
        foreach (var text in new[] { "耳机再次被嗖嗖", "the kettle works as shown", "好的", "ok" })
            Assert.Equal(analyzer.Analyze(text).Anger, loaded.Analyze(text).Anger, 2);
    }

    [Fact]
    public void Training_twice_on_the_same_rows_writes_the_same_bytes()
    {
        var a = new MemoryStream();
        var b = new MemoryStream();
        TrainShopModel(2).Write(a);
        TrainShopModel(2).Write(b);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void A_language_without_enough_rows_gets_no_head_and_falls_back_to_the_lexicon()
    {
        var file = WriteTsv("en-only.tsv", Synthetic(600, 3).Where(r => !r.Text.Any(c => c > 0x3000)));
        var log = new StringWriter();
        var model = SentimentModelTrainer.Train(SentimentModelTrainer.ShopRecipe(file, ["angry"], ["pos"], ["neg"]),
            SentimentModelTrainer.ReadTsv, new SentimentTrainingOptions { HashBits = 12, Folds = 3 }, log);
        Assert.Null(model.Head(ModelLanguage.Zh, ModelTask.Anger));
        Assert.Contains("zh-anger: 0 rows", log.ToString());
        var lexicon = new LexiconSentimentAnalyzer();
        const string zh = "气死我了，什么破东西";
        Assert.Equal(lexicon.Analyze(zh).Anger, new ModelSentimentAnalyzer(model).Analyze(zh).Anger);
    }

    [Fact]
    public void The_default_model_keeps_the_lexicons_never_miss_cues()
    {
        var analyzer = new ModelSentimentAnalyzer(SentimentModel.Default);
        Assert.True(analyzer.Analyze("I will call my lawyer about this order").HasThreat);
        Assert.True(analyzer.Analyze("我要去12315投诉你们").HasThreat);
        Assert.True(analyzer.Analyze("the charger caught fire last night").HasSafetyIssue);
        Assert.True(analyzer.Analyze("充电器起火了").HasSafetyIssue);
        Assert.True(analyzer.Analyze("can I talk to a real person").AsksForHuman);
        Assert.True(analyzer.Analyze("转人工").AsksForHuman);
        Assert.Equal("model", analyzer.Analyze("hello").Provider);
    }

    [Fact]
    public void The_default_model_tells_furious_messages_from_calm_ones_in_both_languages()
    {
        var analyzer = new ModelSentimentAnalyzer(SentimentModel.Default);
        // Written for this test; far apart on purpose, so the check is about the model and not a borderline row.
        Assert.True(analyzer.Analyze("You are all useless idiots, I am so sick of this garbage company!!").Anger >= 0.75);
        Assert.True(analyzer.Analyze("Thanks, the parcel arrived today and it looks great.").Anger < 0.3);
        Assert.True(analyzer.Analyze("你们这群骗子，气死我了，垃圾服务！！").Anger >= 0.75);
        Assert.True(analyzer.Analyze("谢谢，东西收到了，挺好的").Anger < 0.3);
        Assert.Equal(SentimentLabel.Positive, analyzer.Analyze("质量很好，物流也快，非常满意").Label);
        Assert.Equal(SentimentLabel.Negative, analyzer.Analyze("质量太差了，用了两天就坏了，退货").Label);
    }

    [Fact]
    public void A_model_file_of_another_format_is_refused_with_the_command_to_retrain()
    {
        var path = Path.Combine(_dir, "old.json");
        File.WriteAllText(path, "{\"version\":1}");
        var error = Assert.Throws<InvalidDataException>(() => SentimentModel.Load(path));
        Assert.Contains("train-sentiment", error.Message);
    }

    [Fact]
    public async Task Train_command_on_shop_chats_then_eval_with_that_model()
    {
        var train = WriteTsv("train.tsv", Synthetic(600, 4));
        var test = WriteTsv("test.tsv", Synthetic(90, 5));
        var model = Path.Combine(_dir, "m.cbsm");
        var trainOut = new StringWriter();
        Assert.Equal(0, await SentimentCommands.TrainAsync(["--data", train, "--angry", "angry", "--out", model, "--hash-bits", "12"], trainOut));
        Assert.Contains("trained heads=4", trainOut.ToString());
        Assert.Contains("en-anger: rows=300", trainOut.ToString());

        var lexOut = new StringWriter();
        await SentimentCommands.EvalAsync(["--data", test, "--task", "anger", "--positive", "angry", "--provider", "lexicon"], lexOut);
        var modelOut = new StringWriter();
        await SentimentCommands.EvalAsync(["--data", test, "--task", "anger", "--positive", "angry", "--model", model], modelOut);

        Assert.Contains("provider=model", modelOut.ToString());
        Assert.Matches(@"f1=1\.0000", modelOut.ToString().TrimEnd().Split('\n')[^1]);
        Assert.Matches(@"f1=0\.0000", lexOut.ToString().TrimEnd().Split('\n')[^1]); // the lexicon can't know "zorb"
    }

    [Fact]
    public async Task Eval_command_prints_the_summary_line_last()
    {
        var data = WriteTsv("eval.tsv", [("气死我了，骗子！", "angry"), ("谢谢，很满意", "happy"), ("I hate this, you idiots", "anger,annoyance"), ("where is my parcel", "neutral")]);
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var code = await SentimentCommands.EvalAsync(["--data", data, "--task", "anger", "--positive", "angry,anger", "--provider", "lexicon"], output);

        Assert.Equal(0, code);
        var last = output.ToString().TrimEnd().Split('\n')[^1].TrimEnd('\r');
        Assert.Matches(new Regex(@"^precision=\d+\.\d+ recall=\d+\.\d+ f1=\d+\.\d+ accuracy=\d+\.\d+ n=4 msgs_per_sec=\d+(\.\d+)?$"), last);
        Assert.StartsWith("precision=1.0000 recall=1.0000 f1=1.0000 accuracy=1.0000 n=4", last);
    }

    [Fact]
    public async Task Eval_by_half_keeps_the_even_or_odd_rows_and_negative_keeps_two_groups()
    {
        var data = WriteTsv("halves.tsv", [("a", "pos"), ("b", "neg"), ("c", "pos"), ("d", "neutral"), ("e", "neg")]);
        async Task<string> Last(params string[] extra)
        {
            var o = new StringWriter();
            await SentimentCommands.EvalAsync(["--data", data, "--task", "polarity", "--provider", "lexicon", .. extra], o);
            return o.ToString().TrimEnd().Split('\n')[^1];
        }
        Assert.Contains(" n=3 ", await Last("--half", "even"));
        Assert.Contains(" n=2 ", await Last("--half", "odd"));
        Assert.Contains(" n=4 ", await Last("--negative", "neg"));
    }

    [Fact]
    public async Task Eval_polarity_decides_every_row_by_the_sign_of_positive_minus_negative()
    {
        var data = WriteTsv("pol.tsv", [("质量很好，很满意", "pos"), ("太差了，退货", "neg"), ("收到了", "pos"), ("great value", "pos")]);
        var output = new StringWriter();
        await SentimentCommands.EvalAsync(["--data", data, "--task", "polarity", "--provider", "lexicon"], output);
        var last = output.ToString().TrimEnd().Split('\n')[^1];
        // "收到了" carries no cue: a tie is decided as not positive, so it counts as a miss.
        Assert.StartsWith("precision=1.0000 recall=0.6667 f1=0.8000 accuracy=0.7500 n=4", last);
    }

    [Fact]
    public async Task Eval_command_rejects_missing_arguments()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SentimentCommands.EvalAsync(["--task", "anger"], new StringWriter()));
        var data = WriteTsv("x.tsv", [("a", "b")]);
        await Assert.ThrowsAsync<ArgumentException>(() => SentimentCommands.EvalAsync(["--data", data, "--task", "anger"], new StringWriter()));
    }
}
