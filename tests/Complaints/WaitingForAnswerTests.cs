using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 (facts said back are true): a customer who rants about waiting for the shop's answer ("我等了两个星期，发邮件
/// 也没人回", "I've waited two weeks and I'm still waiting for anyone to answer my emails") has no new late-delivery
/// problem. The wait words ("等了", "still waiting") read as a late parcel only when the message is not about an unanswered
/// message, or names the delivery. A first message with several problems still opens one case per problem.
/// </summary>
public sealed class WaitingForAnswerTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;
    private static string Rant(string lang) => L(lang, "我等了两个星期，发邮件也没人回", "I've waited two weeks and I'm still waiting for anyone to answer my emails");

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_rant_about_an_unanswered_email_opens_no_second_case_of_kind_late(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了", "The mug from order SO10000001 arrived broken"), h.T(lang, "clarify.ask_wish"));
        await c.Say(Rant(lang), h.T(lang, "clarify.wish_feeling"));
        await c.Say(L(lang, "我要换货", "I want an exchange"), h.T(lang, "labels.wish_exchange"), h.T(lang, "restate.yes"));

        var k = await h.OnlyCaseAsync(c);
        Assert.Equal("Damaged", k.Facts.Problem);
        Assert.Empty(k.RelatedCases);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_rant_about_an_unanswered_email_at_the_restatement_does_not_change_the_problem_to_a_late_delivery(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), h.T(lang, "restate.yes"));
        var replies = await c.Say(Rant(lang));
        Assert.DoesNotContain(replies, r => r.Text!.Contains(h.T(lang, "labels.problem_late")));
        Assert.DoesNotContain(replies, r => r.Text!.Contains(h.T(lang, "restate.clause_late", new { subject = "" }).Trim()));

        var k = await h.OnlyCaseAsync(c);
        Assert.Equal("Damaged", k.Facts.Problem);
        Assert.Empty(k.Facts.Corrections);
    }

    [Theory]
    [InlineData("zh-CN", "订单SO10000001的杯子碎了，物流也慢，等了一个星期才到")]
    [InlineData("en-US", "Order SO10000001: the mug arrived damaged, and the delivery was slow too")]
    [InlineData("zh-CN", "订单SO10000001的杯子碎了，快递等了两个星期，发邮件也没人回")]
    [InlineData("en-US", "Order SO10000001: the mug arrived damaged, I was still waiting for the parcel for two weeks and nobody answers my emails")]
    public async Task A_first_message_with_a_damaged_item_and_a_slow_delivery_still_opens_two_cases(string lang, string message)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(message, h.T(lang, "restate.multi_intro", new
        {
            count = 2,
            list = string.Join(L(lang, "、", ", "), new[] { "damaged", "late" }.Select(p => h.T(lang, "labels.problem_" + p))),
        }));
        var cases = await h.CasesOfAsync(c);
        Assert.Equal(["Damaged", "Late"], cases.Select(k => k.Facts.Problem));
        Assert.All(cases, k => Assert.Equal(CaseKind.Complaint, k.Kind));
    }
}
