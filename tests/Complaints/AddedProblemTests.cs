using ComplaintBot.Dialogs.Cases;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 (facts said back are true): a further problem told at the restatement ("而且物流也很慢", "and the delivery was
/// slow too", "yes, and …") is added as its own case, handled after the current one; it does not replace the problem
/// being restated (the damaged mug was lost, and a coupon offered instead of the exchange). A correction still replaces.
/// </summary>
public sealed class AddedProblemTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static string Restated(ComplaintHarness h, string lang, string problem, string wish)
    {
        var subject = h.T(lang, "restate.subject", new { order = "SO10000001", product = L(lang, "陶瓷马克杯", "ceramic mug") });
        return h.T(lang, "restate.question", new { clause = h.T(lang, "restate.clause_" + problem, new { subject }), wish = h.T(lang, "labels.wish_" + wish) });
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_further_problem_at_the_restatement_becomes_its_own_case_and_the_restated_problem_stays(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), Restated(h, lang, "damaged", "exchange"));
        var replies = await c.Say(L(lang, "而且物流也很慢", "and the delivery was slow too"),
            h.T(lang, "restate.problem_added", new { list = h.T(lang, "labels.problem_late"), caseNumbers = "C20261124-0002" }),
            Restated(h, lang, "damaged", "exchange"));
        Assert.DoesNotContain(replies, r => r.Text!.Contains(h.T(lang, "restate.clause_late", new { subject = "" }).Trim()));
        await c.Say(L(lang, "是的", "yes"), h.T(lang, "remedies.remedy_exchange"));
        await c.Say("1", h.T(lang, "restate.next_issue", new { index = 2, problem = h.T(lang, "labels.problem_late") }));

        var cases = await h.CasesOfAsync(c);
        Assert.Equal(["Damaged", "Late"], cases.Select(k => k.Facts.Problem));
        Assert.StartsWith("Exchange", cases[0].RemedyChosen);
        Assert.Empty(cases[0].Facts.Corrections);
        Assert.Equal(["C20261124-0002"], cases[0].RelatedCases);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_yes_with_a_further_problem_agrees_and_keeps_the_further_problem(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), Restated(h, lang, "damaged", "exchange"));
        await c.Say(L(lang, "对，另外物流也太慢了", "Yes, and the delivery was slow as well"),
            h.T(lang, "restate.problem_added", new { list = h.T(lang, "labels.problem_late"), caseNumbers = "C20261124-0002" }),
            h.T(lang, "remedies.remedy_exchange"));
        await c.Say("1", h.T(lang, "restate.next_issue", new { index = 2, problem = h.T(lang, "labels.problem_late") }));

        var cases = await h.CasesOfAsync(c);
        Assert.Equal(["Damaged", "Late"], cases.Select(k => k.Facts.Problem));
        Assert.Equal(CaseStatus.Executing, cases[0].Status);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_correction_at_the_restatement_still_replaces_the_problem(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), Restated(h, lang, "damaged", "exchange"));
        await c.Say(L(lang, "不是，是物流太慢了", "No, the delivery was slow"), Restated(h, lang, "late", "exchange"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal("Late", k.Facts.Problem);
    }
    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task The_wish_said_with_a_further_problem_is_kept_for_its_case_and_not_asked_again(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), Restated(h, lang, "damaged", "exchange"));
        await c.Say(L(lang, "对，而且物流也很慢，这个给我退款", "yes, and it was late, refund that"),
            h.T(lang, "restate.problem_added", new { list = h.T(lang, "labels.problem_late"), caseNumbers = "C20261124-0002" }),
            h.T(lang, "remedies.remedy_exchange"));
        Assert.Equal("Refund", (await h.Cases.GetAsync("C20261124-0002"))!.Facts.Wish);
        // The late delivery is restated with the refund asked for, without asking for the wish again.
        var next = await c.Say("1", h.T(lang, "restate.next_issue", new { index = 2, problem = h.T(lang, "labels.problem_late") }),
            Restated(h, lang, "late", "refund"));
        Assert.DoesNotContain(next, r => r.Text == h.T(lang, "clarify.ask_wish"));

        var cases = await h.CasesOfAsync(c);
        Assert.Equal(["Damaged", "Late"], cases.Select(k => k.Facts.Problem));
        Assert.Equal(["Exchange", "Refund"], cases.Select(k => k.Facts.Wish));
    }
}
