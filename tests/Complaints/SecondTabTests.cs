namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 (facts on the case true) for a signed-in customer with two tabs: the second conversation continues the open
/// case of the first only when it talks about that case. A complaint about another order there is a new case: it used to
/// be merged into the open case, whose order number became the other order's (the exchange of the mug was then confirmed
/// against order SO10000003), while the customer was told "let's pick up where we left off".
/// </summary>
public sealed class SecondTabTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_complaint_about_another_order_in_a_second_tab_opens_a_new_case_and_leaves_the_open_case_as_it_was(string lang)
    {
        using var h = new ComplaintHarness();
        var first = h.Owner(lang, "SO10000001");
        await first.Say(L(lang, "订单SO10000001的杯子碎了，我要换货", "The mug from order SO10000001 arrived broken, I want an exchange"), h.T(lang, "restate.yes"));
        await first.Say(L(lang, "是的", "yes"), h.T(lang, "remedies.remedy_exchange"));
        var open = await h.OnlyCaseAsync(first);

        var second = h.Owner(lang, "SO10000001");
        var replies = await second.Say(L(lang, "订单SO10000003的水壶少发了一个", "Order SO10000003: the kettle was missing from the parcel"),
            h.T(lang, "acknowledge.returning_other", new { caseNumber = open.Number, status = h.T(lang, "labels.status_proposed") }),
            h.T(lang, "acknowledge.received", new { caseNumber = "C20261124-0002", firstResponseMinutes = 30, resolutionHours = 48 }));
        Assert.DoesNotContain(replies, r => r.Text!.Contains(h.T(lang, "acknowledge.returning", new { caseNumber = open.Number, status = h.T(lang, "labels.status_proposed") })));
        var created = await h.OnlyCaseAsync(second);
        Assert.Equal(("SO10000003", "MissingItem"), (created.OrderNumber, created.Facts.Problem));
        Assert.Equal("SO10000001", (await h.Cases.GetAsync(open.Number))!.OrderNumber);

        // The first tab goes on with its own case and order.
        await first.Say("1", open.Number);
        var agreed = (await h.Cases.GetAsync(open.Number))!;
        Assert.Equal(("SO10000001", "SKU-MUG-01"), (agreed.OrderNumber, agreed.ProductSku));
        Assert.StartsWith("Exchange", agreed.RemedyChosen);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_second_tab_that_talks_about_the_open_case_continues_it(string lang)
    {
        using var h = new ComplaintHarness();
        var first = h.Owner(lang, "SO10000001");
        await first.Say(L(lang, "订单SO10000001的杯子碎了", "The mug from order SO10000001 arrived broken"), h.T(lang, "clarify.ask_wish"));
        var open = await h.OnlyCaseAsync(first);

        var second = h.Owner(lang, "SO10000001");
        await second.Say(L(lang, "订单SO10000001，我要换货", "Order SO10000001, I want an exchange"),
            h.T(lang, "acknowledge.returning", new { caseNumber = open.Number, status = h.T(lang, "labels.status_clarifying") }), h.T(lang, "restate.yes"));
        Assert.Empty(await h.CasesOfAsync(second));
        Assert.Equal("Exchange", (await h.Cases.GetAsync(open.Number))!.Facts.Wish);
    }
}
