namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 (every message understood or honestly routed): a question asked while the bot offers remedies is answered —
/// from the shop's FAQ, or honestly said to be one for a colleague — and the options are offered again. It got "Sorry, I
/// didn't get that" before, as if the customer had said something meaningless.
/// </summary>
public sealed class RemedyQuestionTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;
    private static readonly object FaqValues = new
    {
        dispatchHours = RepoPaths.Options<Dialogs.Complaints.ComplaintOptions>(Dialogs.Complaints.ComplaintOptions.Section).FaqValues["dispatchHours"],
        deliveryDays = RepoPaths.Options<Dialogs.Complaints.ComplaintOptions>(Dialogs.Complaints.ComplaintOptions.Section).FaqValues["deliveryDays"],
    };

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_question_at_the_remedies_is_answered_and_the_options_offered_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), h.T(lang, "restate.yes"));
        await c.Say(L(lang, "是的", "yes"), h.T(lang, "remedies.remedy_exchange"));

        var known = await c.Say(L(lang, "请问发货时间一般多久？", "how long does delivery take?"), h.T(lang, "faq.shipping_times", FaqValues), h.T(lang, "remedies.remedy_exchange"));
        Assert.DoesNotContain(known, r => r.Text == h.T(lang, "clarify.not_understood"));
        var unknown = await c.Say(L(lang, "退货的运费谁出？", "who pays for the return shipping?"), h.T(lang, "faq.unknown"), h.T(lang, "remedies.remedy_exchange"));
        Assert.DoesNotContain(unknown, r => r.Text == h.T(lang, "clarify.not_understood"));

        await c.Say("1", h.T(lang, "csat.ask"));
        Assert.StartsWith("Exchange", (await h.OnlyCaseAsync(c)).RemedyChosen);
    }
}
