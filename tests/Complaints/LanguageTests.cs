using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 point 7: the customer's language, per message. The storefront page's language is only the default; a
/// message in the other language is answered in it, the customer can ask to switch, and a single "ok" or an order
/// number changes nothing.
/// </summary>
public sealed class LanguageTests
{
    private const string Case1 = "C20261124-0001";
    private static string Other(string lang) => lang == "zh-CN" ? "en-US" : "zh-CN";
    private static string L(string lang, string zh, string en) => lang == "zh-CN" ? zh : en;

    private static async Task JoinAsync(Support.TestAdapter c)
        => await c.SendAsync(new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [new ChannelAccount { Id = "user1" }] });

    private static string Received(ComplaintHarness h, string lang)
        => h.T(lang, "acknowledge.received", new { caseNumber = Case1, firstResponseMinutes = 30, resolutionHours = 48 });

    /// <param name="lang">The language the customer writes; the page is in the other one.</param>
    [Theory, InlineData("en-US"), InlineData("zh-CN")]
    public async Task A_message_in_the_other_language_than_the_storefront_page_is_answered_in_the_customers_language(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(Other(lang), "SO10000001");
        await JoinAsync(c);
        Assert.Equal(h.T(Other(lang), "greeting.welcome"), c.Replies.Single().Text);
        await c.Say(L(lang, "我的订单SO10000001收到的马克杯碎了，我要换货", "My mug from order SO10000001 arrived broken, I want an exchange"),
            Received(h, lang), h.T(lang, "restate.yes"));
        Assert.Equal(lang, (await h.OnlyCaseAsync(c)).Locale);
    }

    /// <param name="lang">The language the conversation starts in; the customer then asks for the other one.</param>
    [Theory, InlineData("zh-CN", "can we continue in English?"), InlineData("en-US", "说中文")]
    public async Task The_customer_can_switch_language_on_request(string lang, string request)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000002");
        await JoinAsync(c);
        await c.Say(L(lang, "订单SO10000002发错货了，T恤尺码不对", "Order SO10000002: you sent me the wrong size T-shirt"), h.T(lang, "clarify.ask_wish"));
        var switched = await c.SendAsync(request);
        Assert.Equal(h.T(Other(lang), "greeting.language_switched"), switched.First().Text);
        // From now on the other language, also for an answer ("1", a button) that shows none.
        var restated = await c.SendAsync(L(lang, "refund please", "退款"));
        Assert.Contains(restated, r => r.Text!.Contains(h.T(Other(lang), "labels.wish_refund")));
        Assert.All(restated.Where(r => r.Locale is not null), r => Assert.Equal(Other(lang), r.Locale));
    }

    [Theory, InlineData("zh-CN"), InlineData("en-US")]
    public async Task A_single_ok_or_an_order_number_does_not_change_the_language(string lang)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        await c.Say(L(lang, "我的马克杯碎了，我要换货", "My mug arrived broken, I want an exchange"), Received(h, lang), h.T(lang, "clarify.ask_order"));
        // The order number alone, in the other language's form of writing, keeps the conversation's language; so do
        // the digits that prove the order.
        await c.Say("SO10000001", h.T(lang, "identity.ask", new { orderNumber = "SO10000001" }));
        await c.Say(ComplaintHarness.Last4("SO10000001"), h.T(lang, "restate.yes"));
        // A one-word answer in the other language ("ok" in Chinese, "好" in English) changes nothing either.
        await c.Say(L(lang, "ok", "好"), h.T(lang, "remedies.remedy_exchange"));
    }

    /// <param name="lang">The language the conversation starts in; while the bot waits for the order number the customer
    /// asks for the other one, and the open question is asked again in it (issue 13 point 7, the open question).</param>
    [Theory, InlineData("zh-CN", "can we continue in English?"), InlineData("en-US", "说中文")]
    public async Task After_a_switch_the_open_question_is_asked_again_in_the_new_language(string lang, string request)
    {
        using var h = new ComplaintHarness();
        var c = h.Customer(lang);
        await JoinAsync(c);
        await c.Say(L(lang, "我的马克杯碎了，我要换货", "My mug arrived broken, I want an exchange"), h.T(lang, "clarify.ask_order"));
        var switched = await c.SendAsync(request);
        var other = Other(lang);
        Assert.Equal([h.T(other, "greeting.language_switched"), h.T(other, "clarify.ask_order")], switched.Select(r => r.Text));
        Assert.Equal(h.T(other, "clarify.no_order"), switched.Buttons());
        Assert.All(switched, r => Assert.Equal(other, r.Locale));
        // The question is still open: the answer is taken as before, in the new language.
        await c.Say("SO10000001", h.T(other, "identity.ask", new { orderNumber = "SO10000001" }));
        await c.Say(ComplaintHarness.Last4("SO10000001"), h.T(other, "restate.yes"));
    }

    [Theory, InlineData("zh-CN", "in English please"), InlineData("en-US", "说中文")]
    public async Task After_a_switch_the_question_what_to_correct_is_asked_again_in_the_new_language(string lang, string request)
    {
        using var h = new ComplaintHarness();
        var c = h.Owner(lang, "SO10000001");
        await c.Say(L(lang, "我的订单SO10000001收到的马克杯碎了，我要换货", "My mug from order SO10000001 arrived broken, I want an exchange"), h.T(lang, "restate.yes"));
        await c.Say(h.T(lang, "restate.no"), h.T(lang, "restate.ask_correction"));
        var other = Other(lang);
        var switched = await c.SendAsync(request);
        Assert.Equal([h.T(other, "greeting.language_switched"), h.T(other, "restate.ask_correction")], switched.Select(r => r.Text));
        // Still the correction question: the answer corrects the wish.
        await c.Say(L(lang, "I want a refund", "我要退款"), h.T(other, "labels.wish_refund"));
    }
}
