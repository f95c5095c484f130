namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 point 3 (a down jacket restated as the order's T-shirt, and "不是T恤，是羽绒服" not taken): the product said back
/// is a line of the order or a product of the shop that the customer named. An item the shop doesn't list is asked about,
/// offering the order's lines, never replaced by the order's line; a correction "not X, it's Y" replaces the product.
/// Each in zh-CN and en-US, for the order's owner (signed in).
/// </summary>
public sealed class OrderProductFactTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;
    private static string Shirt(string lang) => L(lang, "纯棉T恤", "cotton T-shirt");
    private static string Jacket(string lang) => L(lang, "羽绒服", "down jacket");

    private static string Mismatch(ComplaintHarness h, string lang)
        => h.T(lang, "clarify.order_product_mismatch", new { orderNumber = "SO10000002", orderProducts = Shirt(lang), product = Jacket(lang) });

    [Theory]
    [InlineData("zh-CN", "订单SO10000002的羽绒服质量问题，跑绒很严重")]
    [InlineData("en-US", "My down jacket from order SO10000002 is defective, it keeps losing feathers")]
    public async Task An_item_the_order_does_not_hold_is_asked_about_with_the_orders_lines_and_never_restated_as_the_orders_product(string lang, string complaint)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        var first = await c.Say(complaint, Mismatch(h, lang));
        Assert.Contains(Shirt(lang), first.Buttons());
        Assert.DoesNotContain(h.T(lang, "restate.yes"), first.Buttons());
        // The order number is right: the flow goes on without a product rather than with the order's T-shirt.
        await c.Say(h.T(lang, "clarify.order_mismatch_right"), h.T(lang, "clarify.ask_wish"));
        var restated = await c.Say(L(lang, "我要退款", "I want a refund"), "SO10000002", h.T(lang, "restate.yes"));
        Assert.DoesNotContain(restated, r => r.Text!.Contains(Shirt(lang)));
        var k = await h.OnlyCaseAsync(c);
        Assert.Null(k.ProductName);
        Assert.Equal(complaint, k.Facts.Description);
    }

    [Theory]
    [InlineData("zh-CN", "订单SO10000002的T恤质量太差，我要退款", "不是T恤，是羽绒服")]
    [InlineData("en-US", "Order SO10000002: the T-shirt is defective, I want a refund", "not the T-shirt, it's the down jacket")]
    public async Task Not_x_it_is_y_replaces_the_product_and_an_item_the_order_does_not_hold_is_asked_about(string lang, string complaint, string correction)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        await c.Say(complaint, Shirt(lang), h.T(lang, "restate.yes"));
        var replies = await c.Say(correction, Mismatch(h, lang));
        Assert.Contains(Shirt(lang), replies.Buttons());
        Assert.DoesNotContain(replies, r => r.Text!.Contains(h.T(lang, "restate.yes")));
        var k = await h.OnlyCaseAsync(c);
        Assert.Null(k.ProductName);
        Assert.Equal(complaint, k.Facts.Description);
        Assert.Contains(correction, k.Facts.Corrections);
        // Picking the order's line is the customer's answer, and then it is restated.
        await c.Say(Shirt(lang), Shirt(lang), h.T(lang, "restate.yes"));
    }

    private static string Cooker(string lang) => L(lang, "电饭煲", "rice cooker");

    [Theory]
    [InlineData("zh-CN", "订单SO10000002的T恤质量太差，我要退款", "订单号是SO10000008")]
    [InlineData("en-US", "Order SO10000002: the T-shirt is defective, I want a refund", "the order number is SO10000008")]
    public async Task A_corrected_order_number_whose_order_does_not_hold_the_product_is_not_restated_with_it(string lang, string complaint, string correction)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002"); // cust-002 also owns SO10000008, a rice cooker
        await c.Say(complaint, Shirt(lang), h.T(lang, "restate.yes"));
        await c.Say(h.T(lang, "restate.no"), h.T(lang, "restate.ask_correction"));
        // The product the customer named is not on the corrected order: asked about, never said back with that order.
        var replies = await c.Say(correction, h.T(lang, "clarify.order_product_mismatch", new { orderNumber = "SO10000008", orderProducts = Cooker(lang), product = Shirt(lang) }));
        Assert.DoesNotContain(replies, r => r.Text!.Contains(h.T(lang, "restate.yes")));
        Assert.Contains(Cooker(lang), replies.Buttons());
    }

    [Theory]
    [InlineData("zh-CN", "订单SO10000001的杯子收到就碎了，我要换货", "订单号是SO10000002")]
    [InlineData("en-US", "The mug from order SO10000001 arrived broken, I want a replacement", "the order number is SO10000002")]
    public async Task A_guest_correcting_the_order_number_proves_the_new_order_before_its_lines_are_compared_with_the_product(string lang, string complaint, string correction)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var mug = L(lang, "陶瓷马克杯", "ceramic mug");
        await c.Say(complaint, h.T(lang, "identity.ask", new { orderNumber = "SO10000001" }));
        await c.Say(ComplaintHarness.Last4("SO10000001"), mug, h.T(lang, "restate.yes"));
        await c.Say(h.T(lang, "restate.no"), h.T(lang, "restate.ask_correction"));
        // Nothing of the new order is used until it is proved, then the mug it does not hold is asked about.
        var asked = await c.Say(correction, h.T(lang, "identity.ask", new { orderNumber = "SO10000002" }));
        Assert.DoesNotContain(asked, r => r.Text!.Contains(Shirt(lang)));
        await c.Say(ComplaintHarness.Last4("SO10000002"),
            h.T(lang, "clarify.order_product_mismatch", new { orderNumber = "SO10000002", orderProducts = Shirt(lang), product = mug }));
    }
}
