using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Tests.Support;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 findings 3–5: what the bot says back is checked first — products against the order and the catalogue,
/// corrections replace exactly what they name, no remedy with an unknown amount, the legal cap in both languages.
/// </summary>
public sealed class FactCheckTranscriptTests
{
    private static string All(IEnumerable<Activity> replies)
        => string.Join("\n", replies.Select(r => r.Text + (r.SuggestedActions is { } sa ? " [" + string.Join(" | ", sa.Actions.Select(a => a.Title)) + "]" : "")));

    /// <summary>Runs the script and returns everything the bot said, turn by turn.</summary>
    private static async Task<List<string>> RunAsync(TestAdapter c, params string[] script)
    {
        var said = new List<string>();
        foreach (var line in script) said.Add(All(await c.SendAsync(line)));
        return said;
    }

    [Theory]
    [InlineData("zh-CN", "电热水壶用了三天就坏了，我要部分退款", "没有订单", "是的")]
    [InlineData("en-US", "My electric kettle broke after three days, I want a partial refund", "I have no order number", "yes")]
    public async Task Without_a_known_price_no_remedy_with_an_amount_is_offered_and_an_agent_confirms_the_amount(string lang, params string[] script)
    {
        using var h = new ComplaintHarness();
        var said = await RunAsync(h.Customer(lang), script);
        var all = string.Join("\n", said);
        var zero = h.T(lang, "remedies.remedy_partial_refund", new { amount = "0" });
        Assert.False(all.Contains(zero), $"a zero partial refund was offered:\n{all}");
        Assert.DoesNotContain(h.T(lang, "confirm.step_refund", new { amount = "0" }), all);
        Assert.Contains(h.T(lang, "remedies.amount_by_agent"), said[^1]);
        Assert.Contains(h.T(lang, "remedies.remedy_exchange"), said[^1]);
    }

    [Theory]
    [InlineData("zh-CN", "订单SO10000001的马克杯收到就碎了，我要求十倍价格赔偿", "是的")]
    [InlineData("en-US", "Order SO10000001: the mug arrived broken. I demand ten times the price", "yes")]
    public async Task A_demand_beyond_the_legal_cap_gets_the_legal_basis_and_the_highest_offer_in_both_languages(string lang, params string[] script)
    {
        using var h = new ComplaintHarness();
        var said = await RunAsync(h.Owner(lang, "SO10000001"), script);
        var excessive = h.T(lang, "remedies.excessive", new { demand = "\u0001", highest = "\u0002" });
        var before = excessive[..excessive.IndexOf('\u0001')];
        Assert.True(said[^1].Contains(before), $"expected the legal cap explained (\"{before}…\"):\n{string.Join("\n", said)}");
        Assert.Contains(h.T(lang, "remedies.accept"), said[^1]);
    }

    [Theory]
    [InlineData("zh-CN", "吹风机用了三天就坏了", "没有订单", "订单号找不到了")]
    [InlineData("en-US", "My hair dryer broke after three days", "I don't have it", "I can't find the order number")]
    public async Task An_answer_that_is_no_product_of_the_order_or_the_shop_is_never_restated_as_the_product(string lang, params string[] script)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var said = await RunAsync(c, script);
        Assert.Contains(h.T(lang, "clarify.ask_product_free"), said[1]);
        Assert.DoesNotContain(script[2], said[2]);
        Assert.Contains(h.T(lang, "clarify.product_unknown"), said[2]);
        Assert.Null((await h.OnlyCaseAsync(c)).ProductName);
    }

    [Theory]
    [InlineData("zh-CN", "订单SO10000001的马克杯收到就碎了", "换一件新的")]
    [InlineData("en-US", "Order SO10000001: the mug arrived broken", "give me a new one")]
    public async Task Asking_for_a_new_one_is_an_exchange_not_a_refund(string lang, params string[] script)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        var said = await RunAsync(c, script);
        Assert.Contains(h.T(lang, "labels.wish_exchange"), said[1]);
        Assert.Equal("Exchange", (await h.OnlyCaseAsync(c)).Facts.Wish);
    }

    [Theory]
    [InlineData("zh-CN", "电热水壶用了三天就坏了，我要换货", "没有订单", "不对，是台灯坏了", "台灯")]
    [InlineData("en-US", "My electric kettle broke after three days, I want an exchange", "I don't have it", "No, the desk lamp is broken", "LED desk lamp")]
    public async Task Correcting_the_product_replaces_the_product_and_keeps_the_original_description(string lang, string complaint, string noOrder, string correction, string product)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        var said = await RunAsync(c, complaint, noOrder, correction);
        Assert.Contains(product, said[2]);
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(complaint, k.Facts.Description);
        Assert.Contains(correction, k.Facts.Corrections);
        Assert.Contains(product, k.ProductName);
    }
}
