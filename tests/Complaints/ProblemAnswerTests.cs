namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// How the bot reads the answers to its open questions about the problem and the wish: a description no rule
/// recognises is kept without a "didn't understand"; an answer that says nothing, or only something else, is not taken
/// as the problem or the wish. Each in zh-CN and en-US.
/// </summary>
public sealed class ProblemAnswerTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static Task AskedForProblem(ComplaintHarness h, Support.TestAdapter c, string lang)
        => c.Say(L(lang, "我要投诉", "I want to make a complaint"), h.T(lang, "clarify.ask_problem"));

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_description_no_rule_recognises_is_kept_without_saying_it_was_not_understood(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForProblem(h, c, lang);
        var description = L(lang, "外套的拉链卡住拉不动", "the zipper on my jacket is stuck");
        var replies = await c.Say(description, h.T(lang, "clarify.ask_order"));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.not_understood"));
        // The customer's words are what gets restated.
        await c.Say("SO10000007", h.T(lang, "identity.ask", new { orderNumber = "SO10000007" }));
        await c.Say(ComplaintHarness.Last4("SO10000007"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "我要退款", "I want a refund"), description);
    }

    [Theory]
    [InlineData("zh-CN", "。。。")]
    [InlineData("en-US", "asdfgh")]
    public async Task An_answer_that_says_nothing_is_not_taken_as_the_problem(string lang, string answer)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForProblem(h, c, lang);
        var replies = await c.Say(answer, h.T(lang, "clarify.not_understood"), h.T(lang, "clarify.ask_problem"));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.ask_order"));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_order_number_given_for_the_problem_is_taken_as_the_order_and_the_problem_asked_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await AskedForProblem(h, c, lang);
        var replies = await c.Say("SO10000001", h.T(lang, "clarify.ask_problem"));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.not_understood"));
        // The order is known: the next answer is not followed by a question for it.
        var next = await c.Say(L(lang, "杯子碎了", "the mug arrived broken"), h.T(lang, "clarify.ask_wish"));
        Assert.DoesNotContain(next, r => r.Text == h.T(lang, "clarify.ask_order"));
    }

    [Theory]
    [InlineData("zh-CN", "不对")]
    [InlineData("zh-CN", "好的")]
    [InlineData("en-US", "no")]
    [InlineData("en-US", "ok")]
    public async Task A_bare_yes_or_no_is_not_quoted_back_as_the_customers_wish(string lang, string answer)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        await c.Say(L(lang, "订单SO10000002发错货了", "Order SO10000002: you sent me the wrong item"), h.T(lang, "clarify.ask_wish"));
        var replies = await c.Say(answer, h.T(lang, "clarify.reask_wish"));
        var quoted = L(lang, "“" + answer + "”", "\"" + answer + "\"");
        Assert.DoesNotContain(replies, r => r.Text!.Contains(quoted, StringComparison.Ordinal));
    }
}
