using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Nlu;
using ComplaintBot.Dialogs.Orders;

namespace ComplaintBot.Tests.Complaints;

/// <summary>A refund that has not arrived is an after-sales complaint, never restated as a late delivery.</summary>
public sealed class RefundDelayTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    [Theory]
    [InlineData("退款一个星期了还没到账")]
    [InlineData("我的退款迟迟没到，太慢了")]
    [InlineData("refund is taking forever")]
    [InlineData("I still haven't received my refund")]
    public void A_slow_refund_is_read_as_a_refund_delay_not_a_late_delivery(string text)
    {
        var x = new ComplaintExtractor().Extract(text, DemoShopData.Products, ComplaintHarness.OfficeHours);
        Assert.Equal([ProblemKind.RefundDelay], x.Problems);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_slow_refund_is_restated_as_such_and_filed_as_after_sales(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(L(lang, "退款一个星期了还没到账", "My refund is taking forever"), h.T(lang, "clarify.ask_order"));
        var subject = h.T(lang, "restate.subject", new { order = "SO10000007", product = L(lang, "电热水壶", "electric kettle") });
        await c.Say("SO10000007", h.T(lang, "identity.ask", new { orderNumber = "SO10000007" }));
        var replies = await c.Say(ComplaintHarness.Last4("SO10000007"), h.T(lang, "restate.clause_refund_delay", new { subject }));
        Assert.DoesNotContain(replies, r => r.Text!.Contains(h.T(lang, "restate.clause_late", new { subject })));
        await c.Say(L(lang, "是的", "yes"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(ComplaintCategory.AfterSalesPolicy, k.Category);
        Assert.Equal(nameof(ProblemKind.RefundDelay), k.Facts.Problem);
    }
}

/// <summary>The restatement of a wish the bot could not classify.</summary>
public sealed class RestatedWishTests
{
    [Theory]
    [InlineData("zh-CN", "我的杯子碎了", "SO10000001", "你们看着办吧", "您的诉求是“你们看着办吧”")]
    [InlineData("en-US", "My headphones are late", "SO10000004", "just get it to me asap", "what you expect from us is: \"just get it to me asap\"")]
    public async Task A_wish_in_the_customers_own_words_is_quoted_not_spliced_into_the_sentence(string lang, string complaint, string order, string wish, string expected)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await c.Say(complaint, h.T(lang, "clarify.ask_order"));
        await c.Say(order, h.T(lang, "identity.ask", new { orderNumber = order }));
        await c.Say(ComplaintHarness.Last4(order), h.T(lang, "clarify.ask_wish"));
        var replies = await c.Say(wish, expected);
        Assert.DoesNotContain(replies, r => r.Text!.Contains("you would like " + wish) || r.Text!.Contains("您希望" + wish));
    }
}
