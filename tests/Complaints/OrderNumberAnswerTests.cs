namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// How the bot reads the customer's answer to "what is the order number?": odd formats, digits alone, words that
/// are no order number, and a customer who answers something else. Each in zh-CN and en-US.
/// </summary>
public sealed class OrderNumberAnswerTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static Task AskedForOrder(ComplaintHarness h, ComplaintBot.Tests.Support.TestAdapter c, string lang)
        => c.Say(L(lang, "我的杯子收到时碎了", "My mug arrived broken"), h.T(lang, "clarify.ask_order"));

    [Theory]
    [InlineData("zh-CN", "so-1000 0001")]
    [InlineData("en-US", "it's SO 1000 0001")]
    [InlineData("en-US", "10000001")]
    [InlineData("zh-CN", "1000 0001")]
    [InlineData("en-US", "order no. 10000001")]
    public async Task An_order_number_with_spaces_dashes_or_without_its_prefix_is_found(string lang, string answer)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForOrder(h, c, lang);
        // Found: the question that proves the order names it in its shop form.
        var replies = await c.Say(answer, h.T(lang, "identity.ask", new { orderNumber = "SO10000001" }));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.not_understood"));
        await c.Say(ComplaintHarness.Last4("SO10000001"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "退款", "refund"), "SO10000001");
        Assert.Equal("SO10000001", (await h.OnlyCaseAsync(c)).OrderNumber);
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task Words_that_are_no_order_number_get_the_hint_once_and_are_not_quoted_as_an_order(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForOrder(h, c, lang);
        var text = L(lang, "在邮件里吧我找找", "it's somewhere in my email");
        var replies = await c.Say(text, h.T(lang, "clarify.order_not_recognised", new { attempt = 1, maxAttempts = 3 }));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.not_understood"));
        Assert.DoesNotContain(replies, r => r.Text!.Contains(text));
        Assert.Single(replies, r => r.Type == "message");
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task An_unknown_order_number_is_quoted_back_in_one_message(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForOrder(h, c, lang);
        var replies = await c.Say("SO99999999", h.T(lang, "clarify.order_not_found", new { orderNumber = "SO99999999", attempt = 1, maxAttempts = 3 }));
        Assert.Single(replies, r => r.Type == "message");
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task The_last_failed_attempt_says_we_go_on_without_the_order_and_nothing_contradicts_it(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForOrder(h, c, lang);
        await c.Say("SO99999991", "SO99999991");
        await c.Say("SO99999992", "SO99999992");
        var replies = await c.Say("SO99999993", h.T(lang, "clarify.order_skip"));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.not_understood"));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_wish_given_instead_of_the_order_is_kept_and_the_order_is_asked_again_without_using_an_attempt(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForOrder(h, c, lang);
        var replies = await c.Say(L(lang, "换个新的吧", "just send me a replacement"), h.T(lang, "clarify.ask_order"));
        Assert.DoesNotContain(replies, r => r.Text!.Contains(L(lang, "换个新的吧", "just send me a replacement")));
        Assert.DoesNotContain(replies, r => r.Text == h.T(lang, "clarify.not_understood"));
        // The wish is not asked again once the order is known.
        await c.Say("SO10000001", h.T(lang, "identity.ask", new { orderNumber = "SO10000001" }));
        await c.Say(ComplaintHarness.Last4("SO10000001"), h.T(lang, "restate.yes"));
        Assert.NotNull((await h.OnlyCaseAsync(c)).Facts.Wish);
    }
}

/// <summary>
/// Issue 13 point 3 (the order question): while the bot waits for the order number, only something meant as one counts
/// as an attempt. "I can't find it" goes on without the order, a correction replaces the fact it names, a question or a
/// feeling is answered — none of them is "that doesn't look like an order number". Each in zh-CN and en-US.
/// </summary>
public sealed class OrderQuestionAnswerTests
{
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static string Hint(ComplaintHarness h, string lang) => h.T(lang, "clarify.order_not_recognised", new { attempt = 1, maxAttempts = 3 });

    private static Task AskedForOrder(ComplaintHarness h, Support.TestAdapter c, string lang, string complaint)
        => c.Say(complaint, h.T(lang, "clarify.ask_order"));

    [Theory]
    [InlineData("zh-CN", "吹风机用了三天就坏了", "订单号找不到了")]
    [InlineData("en-US", "My hair dryer broke after three days", "I can't find my order number")]
    public async Task I_cannot_find_the_order_number_goes_on_without_the_order_and_says_how_it_can_be_found(string lang, string complaint, string answer)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForOrder(h, c, lang, complaint);
        var replies = await c.Say(answer, h.T(lang, "clarify.order_not_at_hand"), h.T(lang, "clarify.ask_product_free"));
        Assert.DoesNotContain(replies, r => r.Text == Hint(h, lang) || r.Text == h.T(lang, "clarify.ask_order"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Null(k.OrderNumber);
        Assert.Equal(complaint, k.Facts.Description);
    }

    [Theory]
    [InlineData("zh-CN", "吹风机用了三天就坏了", "不是吹风机，是耳机", "无线降噪耳机")]
    [InlineData("en-US", "My hair dryer broke after three days", "it's not the hair dryer, it's the headphones", "wireless noise-cancelling headphones")]
    [InlineData("zh-CN", "电热水壶用了三天就坏了", "不是水壶，是耳机", "无线降噪耳机")]
    [InlineData("en-US", "My electric kettle broke after three days", "not the kettle, it's the headphones", "wireless noise-cancelling headphones")]
    public async Task A_correction_while_asked_for_the_order_replaces_the_product_and_keeps_the_description(string lang, string complaint, string correction, string product)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForOrder(h, c, lang, complaint);
        var replies = await c.Say(correction, h.T(lang, "clarify.product_noted", new { product }), h.T(lang, "clarify.ask_order"));
        Assert.DoesNotContain(replies, r => r.Text == Hint(h, lang));
        await c.Say(h.T(lang, "clarify.no_order"), h.T(lang, "clarify.ask_wish"));
        await c.Say(L(lang, "我要退款", "I want a refund"), product, h.T(lang, "restate.yes"));
        var k = await h.OnlyCaseAsync(c);
        Assert.Equal(product, k.ProductName);
        Assert.Equal(complaint, k.Facts.Description);
        Assert.Contains(correction, k.Facts.Corrections);
    }

    [Theory]
    [InlineData("zh-CN", "为什么要订单号？")]
    [InlineData("en-US", "why do you need that?")]
    public async Task A_question_while_asked_for_the_order_is_answered_and_uses_no_attempt(string lang, string question)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForOrder(h, c, lang, L(lang, "我的杯子收到时碎了", "My mug arrived broken"));
        var replies = await c.Say(question, h.T(lang, "clarify.order_why"), h.T(lang, "clarify.ask_order"));
        Assert.DoesNotContain(replies, r => r.Text == Hint(h, lang) || r.Text == h.T(lang, "clarify.not_understood"));
        // The next wrong answer is the first attempt, not the second.
        await c.Say("SO99999999", h.T(lang, "clarify.order_not_found", new { orderNumber = "SO99999999", attempt = 1, maxAttempts = 3 }));
    }

    [Theory]
    [InlineData("zh-CN", "你们这效率真让人失望")]
    [InlineData("en-US", "honestly this is so disappointing")]
    public async Task A_feeling_while_asked_for_the_order_is_acknowledged_and_uses_no_attempt(string lang, string feeling)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await AskedForOrder(h, c, lang, L(lang, "我的杯子收到时碎了", "My mug arrived broken"));
        var replies = await c.Say(feeling, h.T(lang, "clarify.order_feeling"), h.T(lang, "clarify.ask_order"));
        Assert.DoesNotContain(replies, r => r.Text == Hint(h, lang) || r.Text == h.T(lang, "clarify.not_understood"));
        Assert.Null((await h.OnlyCaseAsync(c)).Facts.WishText);
    }
}
