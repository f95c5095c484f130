namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// The customer names a product and gives an order that does not contain it: the bot says what the order holds and
/// asks whether the order number is right, instead of restating something false. Each in zh-CN and en-US.
/// </summary>
public sealed class OrderProductMismatchTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static string Mismatch(ComplaintHarness h, string lang, string order, string orderProducts, string product)
        => h.T(lang, "clarify.order_product_mismatch", new { orderNumber = order, orderProducts, product });

    private static string Blender(string lang) => L(lang, "破壁料理机", "high-speed blender");
    private static string Mug(string lang) => L(lang, "陶瓷马克杯", "ceramic mug");

    private static string Restated(ComplaintHarness h, string lang, string problem, string order, string product, string wish)
    {
        var subject = h.T(lang, "restate.subject", new { order, product });
        var clause = h.T(lang, "restate.clause_" + problem, new { subject });
        return h.T(lang, "restate.question", new { clause, wish = h.T(lang, "labels.wish_" + wish) });
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_order_that_does_not_hold_the_named_product_is_questioned_and_a_corrected_order_number_goes_on(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(L(lang, "料理机收到时摔坏了", "the blender arrived broken"), h.T(lang, "clarify.ask_order"));
        await c.Say("SO10000001", h.T(lang, "identity.ask", new { orderNumber = "SO10000001" }));
        var replies = await c.Say(ComplaintHarness.Last4("SO10000001"), Mismatch(h, lang, "SO10000001", Mug(lang), Blender(lang)));
        // Nothing false is restated or asked on top of it (only the thanks for proving the order comes first).
        Assert.Equal([h.T(lang, "identity.verified"), Mismatch(h, lang, "SO10000001", Mug(lang), Blender(lang))],
            replies.Where(r => r.Type == "message").Select(r => r.Text));
        Assert.Contains(h.T(lang, "clarify.order_mismatch_wrong"), replies.Buttons());

        // Asked again, without offering the recent orders of that order's owner (it may be someone else's).
        var again = await c.Say(h.T(lang, "clarify.order_mismatch_wrong"), h.T(lang, "clarify.ask_order"));
        Assert.Equal(h.T(lang, "clarify.no_order"), again.Buttons());
        // Another order is proved on its own.
        await c.Say("SO10000006", h.T(lang, "identity.ask", new { orderNumber = "SO10000006" }));
        await c.Say(ComplaintHarness.Last4("SO10000006"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "我要退款", "I want a refund"), Restated(h, lang, "damaged", "SO10000006", Blender(lang), "refund"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(("SO10000006", "SKU-BLN-07"), (k.OrderNumber, k.ProductSku));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Confirming_the_order_number_goes_by_the_product_the_order_holds(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(L(lang, "料理机收到时摔坏了", "the blender arrived broken"), h.T(lang, "clarify.ask_order"));
        await c.Say("SO10000001", h.T(lang, "identity.ask", new { orderNumber = "SO10000001" }));
        await c.Say(ComplaintHarness.Last4("SO10000001"), Mismatch(h, lang, "SO10000001", Mug(lang), Blender(lang)));
        await c.Say(h.T(lang, "clarify.order_mismatch_right"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "我要退款", "I want a refund"), Restated(h, lang, "damaged", "SO10000001", Mug(lang), "refund"));
        Assert.Equal("SKU-MUG-01", (await h.OnlyCaseAsync(c)).ProductSku);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_named_product_and_an_order_without_it_in_one_message_are_questioned_not_restated(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        var replies = await c.Say(L(lang, "订单SO10000001的料理机收到时摔坏了，我要退款", "My blender from order SO10000001 arrived broken, I want a refund"),
            Mismatch(h, lang, "SO10000001", Mug(lang), Blender(lang)));
        Assert.DoesNotContain(h.T(lang, "restate.yes"), replies.Buttons());
        // Naming a product the order does hold answers it too.
        await c.Say(L(lang, "哦，是马克杯", "oh sorry, it's the mug"), Restated(h, lang, "damaged", "SO10000001", Mug(lang), "refund"));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_order_with_several_lines_lists_them_and_confirming_asks_which_one(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000003");
        await c.Say(L(lang, "订单SO10000003的料理机收到时摔坏了", "My blender from order SO10000003 arrived broken"),
            Mismatch(h, lang, "SO10000003", L(lang, "电热水壶、陶瓷马克杯", "electric kettle, ceramic mug"), Blender(lang)));
        await c.Say(h.T(lang, "clarify.order_mismatch_right"), h.T(lang, "clarify.ask_product", new { orderNumber = "SO10000003" }));
    }
}
