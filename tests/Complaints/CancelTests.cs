using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Tests.Complaints;

/// <summary>What "取消" / "cancel" tells the customer matches what happens to the cases, in zh-CN and en-US.</summary>
public sealed class CancelTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Cancel_at_the_rating_says_the_agreed_remedy_goes_on_and_closes_nothing(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要退款", "My mug from order SO10000001 arrived broken, I want a refund"));
        await c.Say(L(lang, "是的", "yes"));
        await c.Say("1", h.T(lang, "csat.ask"));
        var k = await h.OnlyCaseAsync(c);
        var replies = await c.SendAsync(L(lang, "取消", "cancel"));
        Assert.Equal([h.T(lang, "interrupt.cancelled_in_progress", new { caseNumber = k.Number })], replies.Select(r => r.Text));
        Assert.Equal(CaseStatus.Executing, (await h.OnlyCaseAsync(c)).Status);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Cancel_while_the_bot_answers_after_an_escalation_closes_the_escalated_case_it_says_is_closed(string lang)
    {
        // As after a call-back promise: the case is escalated, the bot still answers.
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        await c.Say(L(lang, "订单SO10000002发错货了", "Order SO10000002: you sent me the wrong item"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "转人工", "I want to talk to a human"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(CaseStatus.Escalated, k.Status);
        await c.Say(L(lang, "取消", "cancel"), h.T(lang, "interrupt.cancelled", new { caseNumber = k.Number }));
        var closed = await h.OnlyCaseAsync(c);
        Assert.Equal((CaseStatus.Closed, "customer"), (closed.Status, closed.History[^1].Actor));
    }
}
