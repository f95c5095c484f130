using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 (every message understood or honestly routed): a rant at the restatement or at the remedies ("this is
/// ridiculous, I've waited two weeks!!", "你们太过分了") is a feeling, not nonsense. It got "Sorry, I didn't get that" and the
/// question again; now the feeling is acknowledged (chosen from the turn's sentiment and frustration signs) and the
/// question asked again. Escalation by anger or frustration still happens exactly as the policy says.
/// </summary>
public sealed class FeelingAtQuestionTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;
    private const string Case1 = "C20261124-0001";

    private static string Restated(ComplaintHarness h, string lang)
    {
        var subject = h.T(lang, "restate.subject", new { order = "SO10000001", product = L(lang, "陶瓷马克杯", "ceramic mug") });
        return h.T(lang, "restate.question", new { clause = h.T(lang, "restate.clause_damaged", new { subject }), wish = h.T(lang, "labels.wish_exchange") });
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_rant_at_the_restatement_is_acknowledged_and_the_restatement_asked_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), Restated(h, lang));

        var replies = await c.Say(L(lang, "我都等了两个星期了，真是的", "this is ridiculous, I've waited two weeks!!"),
            h.T(lang, "feeling.waited"), Restated(h, lang));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.not_understood"));
        Assert.Empty(h.Handoff.Requests);

        await c.Say(L(lang, "是的", "yes"), h.T(lang, "remedies.remedy_exchange"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal("Damaged", k.Facts.Problem);
        Assert.Empty(k.Facts.Corrections);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_rant_at_the_remedies_is_acknowledged_and_the_options_offered_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), Restated(h, lang));
        await c.Say(L(lang, "是的", "yes"), h.T(lang, "remedies.remedy_exchange"));

        var replies = await c.Say(L(lang, "你们太过分了", "you people are unbelievable"), h.T(lang, "feeling.upset"), h.T(lang, "remedies.remedy_exchange"));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.not_understood"));
        Assert.Empty(h.Handoff.Requests);

        await c.Say("1", h.T(lang, "csat.ask"));
        Assert.StartsWith("Exchange", (await h.OnlyCaseAsync(c)).RemedyChosen);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Frustration_building_up_at_the_restatement_still_hands_over_as_the_policy_says(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), Restated(h, lang));
        await c.Say(L(lang, "我都等了两个星期了，真是的", "this is ridiculous, I've waited two weeks!!"), h.T(lang, "feeling.waited"));
        var replies = await c.Say(L(lang, "我已经说过了，等了两个星期了！！！", "I already told you, two weeks of waiting!!!"),
            h.T(lang, "handoff.person", new { caseNumber = Case1 }));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "feeling.waited") || r.Text == h.T(lang, "feeling.upset"));
        Assert.Equal(HandoffTriggers.PolicyPrefix + EscalationPolicy.Triggers.Frustration, (await h.OnlyCaseAsync(c)).EscalationTrigger);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_angry_message_at_the_remedies_still_hands_over_at_once(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), Restated(h, lang));
        await c.Say(L(lang, "是的", "yes"), h.T(lang, "remedies.remedy_exchange"));
        var replies = await c.Say(L(lang, "你们这是什么垃圾服务！气死我了！！", "Worst service ever, you people are useless, I am furious!"),
            h.T(lang, "handoff.person", new { caseNumber = Case1 }));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "feeling.waited") || r.Text == h.T(lang, "feeling.upset"));
        Assert.Equal(HandoffTriggers.PolicyPrefix + EscalationPolicy.Triggers.Anger, (await h.OnlyCaseAsync(c)).EscalationTrigger);
    }
}
