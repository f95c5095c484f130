using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using static ComplaintBot.Tests.Support.ChatCompletionsServer;

namespace ComplaintBot.Tests.Nlu;

/// <summary>
/// The complaint dialog with <c>Nlu:Provider = llm</c> against a local chat-completions server: the model's reading
/// is what the dialog acts on, and a failing model leaves the conversation to the rules without a failed turn.
/// </summary>
public sealed class LlmUnderstandingTranscriptTests
{
    private const string Vague = "the gadget I got from you for boiling water is dead after two days, I want my money back";

    private static async Task<IReadOnlyList<string>> Say(TestAdapter c, string text)
        => (await c.SendAsync(text)).Where(r => r.Type == ActivityTypes.Message).Select(r => r.Text!).ToList();

    [Fact]
    public async Task Dialog_registers_the_complaint_as_the_model_read_it()
    {
        await using var server = await StartAsync(Json(LlmNluProviderTests.Model(sku: "SKU-KET-02", wish: "Refund")));
        using var h = new ComplaintHarness(nlu: orders => LlmNluProviderTests.Provider(server.BaseUrl, orders));
        var c = h.Customer("en-US");

        var replies = await Say(c, Vague);
        var k = await h.OnlyCaseAsync(c);
        var transcript = "CUSTOMER: " + Vague + "\n" + string.Join("\n", replies.Select(r => "BOT: " + r));

        Assert.Equal("QualityDefect", k.Facts.Problem);
        Assert.Equal("Refund", k.Facts.Wish);
        Assert.Equal("SKU-KET-02", k.ProductSku);
        Assert.True(replies.Count > 0, transcript);

        // SO10000007 is one electric kettle: once the customer proved the order (issue 13.10), the restatement names what
        // the model read in the first message.
        var asked = await Say(c, "SO10000007");
        transcript += "\nCUSTOMER: SO10000007\n" + string.Join("\n", asked.Select(r => "BOT: " + r));
        Assert.True(asked.Contains(h.T("en-US", "identity.ask", new { orderNumber = "SO10000007" })), transcript);
        var proof = ComplaintHarness.Last4("SO10000007");
        var restated = await Say(c, proof);
        transcript += "\nCUSTOMER: " + proof + "\n" + string.Join("\n", restated.Select(r => "BOT: " + r));
        Assert.True(restated.Any(r => r.Contains("electric kettle", StringComparison.OrdinalIgnoreCase)), transcript);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Dialog_with_a_failing_model_answers_every_turn_as_the_rules_do()
    {
        await using var server = await StartAsync(Status(500));
        using var llm = new ComplaintHarness(nlu: orders => LlmNluProviderTests.Provider(server.BaseUrl, orders, retries: 0));
        using var rules = new ComplaintHarness();
        var withModel = llm.Customer("en-US");
        var withRules = rules.Customer("en-US");

        foreach (var text in new[] { "my mug from order SO10000001 arrived broken", "yes", "I want a refund" })
        {
            var a = await Say(withModel, text);
            var b = await Say(withRules, text);
            Assert.Equal(b.Select(Mask), a.Select(Mask));
        }
        Assert.NotEmpty(server.Requests);
    }

    /// <summary>Case numbers differ between the two bots; everything else must read the same.</summary>
    private static string Mask(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"C\d{8}-\d{4}", "C…");
}
