namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// A bare yes or no given to an open question (what went wrong, what the customer wants) is no answer to it: the
/// question is asked again once, briefly, with no "didn't get that" and nothing restated. Each in zh-CN and en-US.
/// </summary>
public sealed class OpenQuestionYesNoTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    [Theory]
    [InlineData("zh-CN", "是")]
    [InlineData("zh-CN", "嗯")]
    [InlineData("en-US", "yes")]
    [InlineData("en-US", "yeah")]
    public async Task A_bare_yes_to_what_went_wrong_asks_it_again_briefly_and_restates_nothing(string lang, string answer)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        // The wish and the order are known; only the problem is asked.
        await c.Say(L(lang, "订单SO10000001的杯子有问题，我要退款", "The mug from order SO10000001 has an issue, I want a refund"), h.T(lang, "clarify.ask_problem"));
        var replies = await c.SendAsync(answer);
        Assert.Equal([h.T(lang, "clarify.reask_problem")], replies.Select(r => r.Text));
        // A real answer then goes on to the restatement, which does not quote the yes.
        var next = await c.Say(L(lang, "杯子碎了", "it arrived broken"));
        Assert.DoesNotContain(next, r => r.Text!.Contains(": " + answer, StringComparison.Ordinal) || r.Text!.Contains("：" + answer, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("zh-CN", "对")]
    [InlineData("zh-CN", "好的")]
    [InlineData("en-US", "yes")]
    [InlineData("en-US", "no")]
    public async Task A_bare_yes_or_no_to_what_the_customer_wants_asks_it_again_briefly(string lang, string answer)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        await c.Say(L(lang, "订单SO10000002发错货了", "Order SO10000002: you sent me the wrong item"), h.T(lang, "clarify.ask_wish"));
        var replies = await c.SendAsync(answer);
        Assert.Equal([h.T(lang, "clarify.reask_wish")], replies.Select(r => r.Text));
    }

    [Theory]
    [InlineData("zh-CN", "订单SO10000001的杯子有裂缝，我要退款")]
    [InlineData("zh-CN", "订单SO10000001的杯子裂了，我要退款")]
    [InlineData("en-US", "The mug from order SO10000001 arrived with a crack in it, I want a refund")]
    [InlineData("en-US", "The mug from order SO10000001 is cracked, I want a refund")]
    public async Task A_crack_is_read_as_damage(string lang, string message)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var replies = await c.SendAsync(message);
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.ask_problem"));
        Assert.Equal(Dialogs.Nlu.ProblemKind.Damaged.ToString(), (await h.OnlyCaseAsync(c)).Facts.Problem?.ToString());
    }

    [Theory, InlineData("zh-CN", "是的"), InlineData("en-US", "yes")]
    public async Task A_second_bare_yes_to_the_same_question_gets_the_full_question_not_the_brief_one_again(string lang, string answer)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(L(lang, "我要投诉", "I want to make a complaint"), h.T(lang, "clarify.ask_problem"));
        await c.Say(answer, h.T(lang, "clarify.reask_problem"));
        var replies = await c.Say(answer, h.T(lang, "clarify.not_understood"), h.T(lang, "clarify.ask_problem"));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.reask_problem"));
    }
}
