using ComplaintBot.Bot.Hosting;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Tests.Complaints;

namespace ComplaintBot.Tests.Nlu;

/// <summary>
/// `eval-understanding`: the labelled first messages under tests/Nlu (written for this project, 164 per language) are
/// well-formed and cover every intent and category; the scorer counts right; the rules' figures stay at their floor.
/// </summary>
public sealed class UnderstandingEvaluationTests
{
    private static readonly DateTimeOffset Now = ComplaintHarness.OfficeHours;
    private static string File(string lang) => Path.Combine(RepoPaths.Root, "tests", "Nlu", $"understanding-{lang}.tsv");

    private static IReadOnlyList<LabelledMessage> Load(string lang)
    {
        using var reader = new StreamReader(File(lang));
        return UnderstandingEvaluation.Read(reader, DemoShopData.Products);
    }

    [Theory]
    [InlineData("en", "en-US")]
    [InlineData("zh", "zh-CN")]
    public void Labelled_file_has_150_first_messages_in_its_language_covering_every_intent_and_category(string lang, string locale)
    {
        var rows = Load(lang);
        Assert.True(rows.Count >= 150, $"{rows.Count} rows");
        Assert.All(rows, r => Assert.Equal(locale, r.Language));
        Assert.Equal(UnderstandingEvaluation.Intents.Order(), rows.Select(r => r.Intent).Distinct().Order());
        Assert.Equal(Enum.GetNames<ComplaintCategory>().Order(), rows.Where(r => r.Intent == "complaint").Select(r => r.Category).Distinct().Order());
        Assert.Equal(rows.Count, rows.Select(r => r.Text).Distinct().Count()); // no message twice
        Assert.Contains(rows, r => r.Product != UnderstandingEvaluation.None);
        Assert.Equal(Enum.GetNames<WishKind>().Order(), rows.Where(r => r.Wish != UnderstandingEvaluation.None).Select(r => r.Wish).Distinct().Order());
    }

    [Theory]
    // Floors a little under the figures measured when the files were written (docs/complaint-flow.md).
    [InlineData("en", 0.80, 0.33, 0.95, 0.90)]
    [InlineData("zh", 0.85, 0.35, 0.97, 0.88)]
    public async Task Rules_read_the_labelled_first_messages_at_least_as_well_as_measured(string lang, double intent, double category, double product, double wish)
    {
        var rows = Load(lang);
        var report = await UnderstandingEvaluation.RunAsync(LlmNluProviderTests.Rules(), rows, DemoShopData.Products, Now);

        Assert.Equal("rules", report.Provider);
        Assert.Equal(rows.Count, report.Messages);
        Assert.Equal(rows.Count(r => r.Intent == "complaint"), report.Complaints);
        Assert.True(report["intent"].Accuracy >= intent, Describe(report));
        Assert.True(report["category"].Accuracy >= category, Describe(report));
        Assert.True(report["product"].Accuracy >= product, Describe(report));
        Assert.True(report["wish"].Accuracy >= wish, Describe(report));
    }

    private static string Describe(EvaluationReport report)
    {
        var w = new StringWriter();
        UnderstandingEvaluation.Write(report, w, showMisses: 20);
        return w.ToString();
    }

    /// <summary>Answers each text with a fixed understanding, to check the counting.</summary>
    private sealed class Scripted(Dictionary<string, Understanding> answers) : INluProvider
    {
        public string Name => "scripted";
        public ValueTask<Understanding> UnderstandAsync(NluRequest request, CancellationToken ct = default) => ValueTask.FromResult(answers[request.Text!]);
    }

    private static Understanding U(MessageIntent intent, string language, ComplaintCategory? category = null, string? sku = null, WishKind? wish = null)
        => new(new Extraction { Products = sku is null ? [] : [DemoShopData.Products.Single(p => p.Sku == sku)], Wish = wish },
            new IntentResult { Intent = intent, Language = language }) { Category = category };

    [Fact]
    public async Task Scorer_counts_each_field_over_the_rows_it_applies_to()
    {
        const string tsv = "text\tlanguage\tintent\tcategory\tproduct\twish\n"
            + "a\ten-US\tcomplaint\tLogistics\tSKU-MUG-01\tRefund\n"       // all right
            + "b\ten-US\tcomplaint\tProductQuality\tSKU-KET-02\t-\n"       // category and product wrong, wish right
            + "c\ten-US\tquestion\t-\t-\t-\n"                              // right; category etc. not scored
            + "d\ten-US\tgreeting\t-\t-\t-\n";                             // intent and language wrong
        var rows = UnderstandingEvaluation.Read(new StringReader(tsv), DemoShopData.Products);
        var provider = new Scripted(new()
        {
            ["a"] = U(MessageIntent.Complaint, "en-US", ComplaintCategory.Logistics, "SKU-MUG-01", WishKind.Refund),
            ["b"] = U(MessageIntent.Complaint, "en-US", ComplaintCategory.Other, "SKU-MUG-01"),
            ["c"] = U(MessageIntent.Question, "en-US", ComplaintCategory.Other, "SKU-MUG-01", WishKind.Refund),
            ["d"] = U(MessageIntent.HumanRequest, "zh-CN"),
        });

        var r = await UnderstandingEvaluation.RunAsync(provider, rows, DemoShopData.Products, Now);

        Assert.Equal((4, 2), (r.Messages, r.Complaints));
        Assert.Equal((3, 4), (r["intent"].Correct, r["intent"].Total));
        Assert.Equal((3, 4), (r["language"].Correct, r["language"].Total));
        Assert.Equal((1, 2), (r["category"].Correct, r["category"].Total));
        Assert.Equal((1, 2), (r["product"].Correct, r["product"].Total));
        Assert.Equal((2, 2), (r["wish"].Correct, r["wish"].Total));
        Assert.Equal(0.75, r["intent"].Accuracy);
        Assert.Equal(4, r.Misses.Count);
        Assert.Contains(r.Misses, m => m.StartsWith("line 5 intent: expected greeting, got human"));
    }

    [Theory]
    [InlineData("x\ten-US\tcomplaint\tLogistics\t-\t-", "line 1")]                          // no header
    [InlineData("text\tlanguage\tintent\tcategory\tproduct\twish\nx\ten-US\tangry\t-\t-\t-", "line 2: intent")]
    [InlineData("text\tlanguage\tintent\tcategory\tproduct\twish\nx\ten-US\tcomplaint\tLogistics\tSKU-NOPE\t-", "line 2: product")]
    [InlineData("text\tlanguage\tintent\tcategory\tproduct\twish\nx\ten-US\tquestion\tLogistics\t-\t-", "line 2: category")]
    [InlineData("text\tlanguage\tintent\tcategory\tproduct\twish\nx\ten-US\tcomplaint", "line 2: 3 columns")]
    public void Malformed_file_is_refused_with_the_line(string tsv, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => UnderstandingEvaluation.Read(new StringReader(tsv), DemoShopData.Products));
        Assert.StartsWith(expected, ex.Message);
    }

    [Fact]
    public async Task Command_prints_the_figures_for_the_rules()
    {
        var output = new StringWriter();
        var code = await CommandLine.TryRunAsync(["eval-understanding", "--data", File("en"), "--provider", "rules"], output, new StringWriter());
        Assert.Equal(0, code);
        Assert.Contains("provider rules: 164 messages, 126 complaints", output.ToString());
        Assert.Contains("category", output.ToString());
    }

    [Fact]
    public async Task Command_refuses_the_llm_provider_without_an_endpoint()
    {
        var error = new StringWriter();
        Assert.Equal(2, await CommandLine.TryRunAsync(["eval-understanding", "--data", File("en"), "--provider", "llm"], new StringWriter(), error));
        Assert.Contains("Llm:Endpoint", error.ToString());
    }
}
